"""Photo limits at the doors people use: a decompression bomb is refused from its header with a
readable message and nothing is stored; a busy decoder answers 503, not a hang or a 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import INSIDE_WEST, jpeg_bytes
from kendali.lib import images
from kendali.reports.models import Attachment, Report


def bomb() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("1", (7000, 7000)).save(buffer, format="PNG", optimize=True)
    return SimpleUploadedFile("bom.png", buffer.getvalue(), content_type="image/png")


def api_body(**extra):
    return {
        "category": "jalan-rusak",
        "description": "Jalan berlubang di depan pasar, sudah seminggu.",
        "latitude": INSIDE_WEST[0],
        "longitude": INSIDE_WEST[1],
    } | extra


def form_body(**extra):
    return {
        "category": "sampah",
        "description": "Sampah menumpuk di pinggir jalan sejak Senin.",
        "address": "Jl. Melati depan masjid",
        "area": "timur-satu",
    } | extra


def test_the_api_refuses_a_49_megapixel_png_with_a_readable_message(world, citizen):
    response = citizen.post("/api/v1/reports", data=api_body(photos=[bomb()]))
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "megapiksel" in errors["photos"] and "Foto 1" in errors["photos"]
    assert not Report.objects.exists() and not Attachment.objects.exists()


def test_the_portal_form_refuses_it_too(world, citizen):
    response = citizen.post("/lapor/", data=form_body(photos=[bomb()]))
    assert response.status_code == 400
    assert "megapiksel" in response.content.decode()
    assert not Report.objects.exists()


def test_the_limit_is_a_setting(world, citizen, settings):
    settings.MAX_IMAGE_PIXELS = 1_000_000
    photo = SimpleUploadedFile("a.jpg", jpeg_bytes((1200, 1000)), content_type="image/jpeg")
    response = citizen.post("/api/v1/reports", data=api_body(photos=[photo]))
    assert response.status_code == 400 and "megapiksel" in response.content.decode()


@pytest.fixture
def every_slot_taken(settings):
    settings.IMAGE_DECODE_WAIT_SECONDS = 0  # wait not at all, so the test is quick
    slots = images.decode_slots(settings.IMAGE_DECODE_CONCURRENCY)
    held = [slots.held() for _ in range(slots.size)]
    for slot in held:
        slot.__enter__()
    yield
    for slot in held:
        slot.__exit__(None, None, None)


def test_a_busy_decoder_answers_503_and_stores_nothing(world, citizen, every_slot_taken):
    photo = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = citizen.post("/api/v1/reports", data=api_body(photos=[photo]))
    assert response.status_code == 503
    assert "Coba kirim lagi" in response.json()["detail"]
    assert not Report.objects.exists()


def test_the_form_says_so_too(world, citizen, every_slot_taken):
    photo = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = citizen.post("/lapor/", data=form_body(photos=[photo]))
    assert response.status_code == 503
    assert "Coba kirim lagi" in response.content.decode()
    assert not Report.objects.exists()
