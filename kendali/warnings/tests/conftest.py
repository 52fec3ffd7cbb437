from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from kendali.warnings.actions import WarningDraft


def flood_draft(**changes: Any) -> WarningDraft:
    now = timezone.now()
    values: dict[str, Any] = {
        "event_ind": "Banjir",
        "event_en": "Flood",
        "category": "Met",
        "urgency": "Expected",
        "severity": "Moderate",
        "certainty": "Likely",
        "response_type": "Prepare",
        "headline_ind": "Siaga banjir di Kecamatan Timur",
        "headline_en": "Flood watch in Timur district",
        "description_ind": "Hujan deras diperkirakan membuat sungai meluap malam ini.",
        "description_en": "Heavy rain is expected to make the river overflow tonight.",
        "instruction_ind": "Amankan barang berharga dan ikuti arahan petugas.",
        "instruction_en": "Secure valuables and follow officers' instructions.",
        "onset": now - timedelta(hours=1),
        "expires": now + timedelta(days=1),
        "area_codes": ["timur"],
    }
    values.update(changes)
    return WarningDraft(**values)


PUBLIC_URL = "https://kendali.uji.example"


@pytest.fixture(autouse=True)
def _public_url(settings: Any) -> None:
    """The city's public URL, which publishing needs for the documents' absolute links."""
    settings.PUBLIC_URL = PUBLIC_URL


@pytest.fixture
def draft() -> Any:
    return flood_draft
