"""Fixtures for the Open311 tests: an integration's key and questions on the road category."""

from __future__ import annotations

from typing import Any

import pytest

from kendali.open311.actions import issue_api_key
from kendali.open311.choices import Datatype
from kendali.open311.models import ApiKey, ServiceAttribute


@pytest.fixture
def integration(world: Any, supervisor: Any) -> tuple[ApiKey, str]:
    return issue_api_key(supervisor, name="Aplikasi Warga", rate="100/m")


@pytest.fixture
def api_key(integration: tuple[ApiKey, str]) -> str:
    return integration[1]


@pytest.fixture
def questions(world: Any) -> dict[str, ServiceAttribute]:
    road = world.road
    return {
        "size": ServiceAttribute.objects.create(
            category=road,
            code="ukuran",
            order=1,
            datatype=Datatype.SINGLEVALUELIST,
            required=True,
            description_ind="Seberapa besar lubangnya?",
            description_en="How big is the hole?",
            values=[
                {"key": "kecil", "name": "Kecil (< 20 cm)"},
                {"key": "besar", "name": "Besar (> 50 cm)"},
            ],
        ),
        "depth": ServiceAttribute.objects.create(
            category=road,
            code="kedalaman",
            order=2,
            datatype=Datatype.NUMBER,
            description_ind="Perkiraan kedalaman (cm)",
        ),
        "hazards": ServiceAttribute.objects.create(
            category=road,
            code="bahaya",
            order=3,
            datatype=Datatype.MULTIVALUELIST,
            description_ind="Bahaya apa saja?",
            values=[
                {"key": "motor", "name": "Pengendara motor"},
                {"key": "pejalan", "name": "Pejalan kaki"},
                {"key": "banjir", "name": "Tergenang saat hujan"},
            ],
        ),
        "since": ServiceAttribute.objects.create(
            category=road,
            code="sejak",
            order=4,
            datatype=Datatype.DATETIME,
            description_ind="Sejak kapan?",
        ),
        "landmark": ServiceAttribute.objects.create(
            category=road,
            code="patokan",
            order=5,
            datatype=Datatype.STRING,
            description_ind="Patokan terdekat",
        ),
        "story": ServiceAttribute.objects.create(
            category=road,
            code="cerita",
            order=6,
            datatype=Datatype.TEXT,
            description_ind="Ceritakan lebih lanjut",
        ),
    }
