"""The monthly governance PDF: it renders, its first page is not blank, it names the agencies and
the KPIs, the worker makes it once on the 1st and e-mails executives absolute links."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
import time_machine
from django.test import Client

from conftest import SECRET_CONTACT, SECRET_NAME, _user
from kendali.insights.actions import make_report, monthly_reports
from kendali.insights.models import MonthlyReport
from kendali.insights.rollups import refresh
from kendali.lib.errors import Invalid
from kendali.notify.models import OutboxMessage
from kendali.reports import actions

WIB = ZoneInfo("Asia/Jakarta")
FILED = datetime(2026, 10, 5, 9, tzinfo=WIB)


@pytest.fixture
def october(world, procedures, make_report, operator, officer_a):
    for hours in (2, 30, 90):
        with time_machine.travel(FILED, tick=False):
            report = make_report(category=world.rubbish.code)
        with time_machine.travel(FILED + timedelta(hours=1), tick=False):
            actions.verify_report(report, operator)
            actions.dispose_report(report, operator, agency=world.agency_a)
        with time_machine.travel(FILED + timedelta(hours=hours), tick=False):
            actions.resolve_report(report, officer_a, note="Sudah diangkut.")
    with time_machine.travel(datetime(2026, 11, 1, 6, tzinfo=WIB), tick=False):
        refresh()


def _pages(content: bytes) -> tuple[list[str], object]:
    pdf = pypdfium2.PdfDocument(content)
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    image = pdf[0].render(scale=1).to_pil()
    return texts, image


def test_the_city_report_for_a_month_renders_names_agencies_and_kpis(october, world):
    with time_machine.travel(datetime(2026, 11, 2, 8, tzinfo=WIB), tick=False):
        report = make_report(date(2026, 10, 1), date(2026, 10, 31))
    content = report.file.read()
    assert content.startswith(b"%PDF") and report.pages >= 1
    texts, image = _pages(content)
    whole = " ".join(texts)
    for expected in ("Kota Uji", "Kepatuhan SLA", "Diverifikasi dalam 3 hari kerja",
                     world.agency_a.name, world.agency_b.name, "Peringkat perangkat daerah",
                     "Tenggat SLA yang terlewat", "Kejadian menonjol"):  # fmt: skip
        assert expected in whole, expected
    assert SECRET_NAME not in whole and SECRET_CONTACT not in whole
    # Not blank: a good share of the first page's pixels are ink, in more than one shade.
    grey = image.convert("L")
    dark = sum(1 for value in grey.getdata() if value < 200)
    assert dark > 0.01 * grey.width * grey.height
    assert len(set(grey.getdata())) > 10


def test_an_agency_report_is_about_that_agency(october, world):
    report = make_report(date(2026, 10, 1), date(2026, 10, 31), world.agency_a)
    texts, _image = _pages(report.file.read())
    assert world.agency_a.name in texts[0]
    assert "Peringkat perangkat daerah" not in " ".join(texts)


def test_a_period_that_ends_before_it_starts_is_refused(world):
    with pytest.raises(Invalid):
        make_report(date(2026, 10, 31), date(2026, 10, 1))
    assert MonthlyReport.objects.count() == 0


def test_the_worker_makes_last_month_once_and_mails_executives_absolute_links(
    october, world, settings, executive
):
    settings.PUBLIC_URL = "https://kinerja.kota-uji.example"
    executive.email = "sekda@kota-uji.example"
    executive.save()
    with time_machine.travel(datetime(2026, 11, 1, 7, tzinfo=WIB), tick=False):
        first = monthly_reports()
        second = monthly_reports()
    agencies = 3  # DPU, DLH, BPBD
    assert first == {"made": 1 + agencies, "emailed": 1}
    assert second == {"made": 0, "emailed": 0}
    mail = OutboxMessage.objects.get(key__startswith="insights.monthly:")
    body = mail.payload["body"]
    assert "https://kinerja.kota-uji.example/console/kinerja/laporan/" in body
    assert "2026-10" in mail.payload["subject"]


def test_downloads_follow_who_may_see_them(october, world, executive):
    city = make_report(date(2026, 10, 1), date(2026, 10, 31))
    own = make_report(date(2026, 10, 1), date(2026, 10, 31), world.agency_b)
    other = make_report(date(2026, 10, 1), date(2026, 10, 31), world.agency_a)
    boss = Client()
    boss.force_login(executive)
    answer = boss.get(f"/console/kinerja/laporan/{city.pk}.pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    admin_b = Client()
    admin_b.force_login(_user("admin.dlh", "agency_admin", world.agency_b))
    assert admin_b.get(f"/console/kinerja/laporan/{own.pk}.pdf").status_code == 200
    assert admin_b.get(f"/console/kinerja/laporan/{other.pk}.pdf").status_code == 404
    assert admin_b.get(f"/console/kinerja/laporan/{city.pk}.pdf").status_code == 404
    page = admin_b.get("/console/kinerja/laporan/").content.decode()
    assert f"{own.pk}.pdf" in page and f"{other.pk}.pdf" not in page


def test_the_on_demand_form_answers_bad_dates_with_a_message(world, executive):
    boss = Client()
    boss.force_login(executive)
    answer = boss.post("/console/kinerja/laporan/", {"start": "2026-10-31", "end": "2026-10-01"})
    assert answer.status_code == 400 and 'role="alert"' in answer.content.decode()
    answer = boss.post(
        "/console/kinerja/laporan/",
        "start=kemarin&end=%ED%A0%80",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 400
    made = boss.post("/console/kinerja/laporan/", {"start": "2026-10-01", "end": "2026-10-31"})
    assert made.status_code == 302 and MonthlyReport.objects.count() == 1
