"""The demo city's active warning: a flood watch on the Citarum side of Bandung (Bandung Kidul
and Gedebage), drafted by the operator and published by the supervisor."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kendali.agencies.models import User
from kendali.warnings import actions
from kendali.warnings.models import PublicWarning


def load(site_url: str) -> PublicWarning:
    """Publish the flood watch; its CAP document links to the demo at ``site_url`` unless the
    city's public URL is set."""
    now = timezone.now()
    draft = actions.WarningDraft(
        event_ind="Banjir",
        event_en="Flood",
        category="Met",
        urgency="Expected",
        severity="Moderate",
        certainty="Likely",
        response_type="Prepare",
        headline_ind="Siaga banjir: Sungai Cikapundung dan Cidurian berpotensi meluap",
        headline_en="Flood watch: the Cikapundung and Cidurian rivers may overflow",
        description_ind=(
            "Hujan lebat diperkirakan turun sore hingga malam hari. Tinggi muka air di hilir "
            "Sungai Cikapundung dan Cidurian naik; permukiman di bantaran sungai di Kecamatan "
            "Bandung Kidul dan Gedebage berpotensi tergenang 30–70 cm."
        ),
        description_en=(
            "Heavy rain is expected from the afternoon into the night. Water levels downstream "
            "on the Cikapundung and Cidurian are rising; riverside neighbourhoods in Bandung "
            "Kidul and Gedebage may be flooded 30–70 cm deep."
        ),
        instruction_ind=(
            "Pindahkan barang berharga ke tempat tinggi, siapkan tas siaga, hindari bantaran "
            "sungai, dan ikuti arahan petugas BPBD. Darurat: 112."
        ),
        instruction_en=(
            "Move valuables up high, prepare a go-bag, keep away from the riverbanks and follow "
            "the disaster agency's officers. Emergency: 112."
        ),
        event_su="Caah",
        headline_su="Siaga caah: Walungan Cikapundung jeung Cidurian tiasa ngaluap",
        description_su=(
            "Hujan gedé diperkirakeun turun ti sonten dugi ka wengi. Jangkungna cai di hilir "
            "Walungan Cikapundung jeung Cidurian naék; padumukan di sisi walungan di Kacamatan "
            "Bandung Kidul jeung Gedebage tiasa kakeueum 30–70 cm."
        ),
        instruction_su=(
            "Pindahkeun barang berharga ka tempat luhur, siapkeun tas siaga, jauhan sisi "
            "walungan, sarta turutan pituduh patugas BPBD. Darurat: 112."
        ),
        onset=now - timedelta(hours=1),
        expires=now + timedelta(days=3),
        area_codes=["bdg-bandung-kidul", "bdg-gedebage"],
    )
    operator = User.objects.get(username="operator")
    supervisor = User.objects.get(username="supervisor")
    return actions.publish_warning(
        actions.draft_warning(operator, draft), supervisor, site_url=site_url
    )
