"""A download streams through the real ASGI server in chunks, whatever its size."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from kendali.opendata.actions import refresh_all
from kendali.opendata.models import Dataset
from kendali.reports.choices import ReportStatus
from kendali.reports.models import Report


@pytest.mark.django_db(transaction=True)
def test_a_large_download_streams_through_the_asgi_server(live_url, public_reports, world):
    template = Report.objects.get(pk=public_reports[0].pk)
    Report.objects.bulk_create(
        Report(
            ticket=f"T{n:03d}-{n:04d}"[:9],
            channel="web",
            category=template.category,
            description="Laporan massal untuk uji unduhan.",
            latitude=template.latitude,
            longitude=template.longitude,
            area=template.area,
            status=ReportStatus.VERIFIED,
        )
        for n in range(6000)
    )
    refresh_all()
    resource = Dataset.objects.get(name="laporan-warga").resources.get(format="CSV")
    url = f"{live_url}/dataset/laporan-warga/resource/{resource.uuid}/download/{resource.filename}"
    chunks = 0
    body = b""
    with httpx.stream("GET", url, timeout=60) as response:
        assert response.status_code == 200
        assert "content-length" not in response.headers  # streamed, not buffered
        for chunk in response.iter_raw():
            chunks += 1
            body += chunk
    assert chunks > 3
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert len(rows) == 6002
