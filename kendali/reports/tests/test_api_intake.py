"""POST /api/v1/reports: the intake contract and every kind of bad input."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import INSIDE_WEST, OUTSIDE, jpeg_bytes
from kendali.reports.models import Attachment, Report

URL = "/api/v1/reports"


def body(**overrides):
    values = {
        "category": "jalan-rusak",
        "description": "Jalan berlubang di depan pasar, sudah seminggu.",
        "latitude": INSIDE_WEST[0],
        "longitude": INSIDE_WEST[1],
        "address": "Jl. Pasar 1",
        "reporter_name": "Budi",
        "reporter_contact": "0812-0000-0000",
        "anonymous": False,
        "confidential": False,
    }
    values.update(overrides)
    return values


def post_json(client, data, **headers):
    return client.post(URL, data=json.dumps(data), content_type="application/json", **headers)


def test_it_answers_201_with_the_ticket(world, citizen):
    response = post_json(citizen, body())
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "submitted"
    assert data["url"].endswith(f"/lacak/{data['ticket']}/")
    report = Report.objects.get(ticket=data["ticket"])
    assert report.channel == "api" and report.reporter_contact == "0812-0000-0000"


def test_only_category_description_and_a_location_are_required(world, citizen):
    minimal = {
        "category": "sampah",
        "description": "Sampah menumpuk tiga hari.",
        "address": "Gang Melati",
        "area": "timur",
    }
    assert post_json(citizen, minimal).status_code == 201


def test_multipart_with_photos(world, citizen):
    photo = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    data = body() | {"photos": [photo]}
    data.pop("anonymous")
    response = citizen.post(URL, data=data)
    assert response.status_code == 201, response.content
    assert Attachment.objects.count() == 1


def errors_of(response):
    data = response.json()
    assert set(data) == {"detail", "errors"}
    return {error["field"]: error["message"] for error in data["errors"]}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": None}, "category"),
        ({"category": "unknown"}, "category"),
        ({"description": ""}, "description"),
        ({"description": "x" * 10_000}, "description"),
        ({"latitude": OUTSIDE[0], "longitude": OUTSIDE[1]}, "latitude"),
        ({"latitude": "north", "longitude": 107.6}, "latitude"),
        ({"latitude": 95, "longitude": 107.6}, "latitude"),
        ({"latitude": None, "longitude": None, "address": ""}, "location"),
        ({"anonymous": "perhaps"}, "anonymous"),
        ({"reporter_name": "n" * 500}, "reporter_name"),
    ],
)
def test_bad_fields_get_400_with_a_field_message_and_nothing_is_stored(
    world, citizen, overrides, field
):
    data = body(**overrides)
    if overrides.get("category", "") is None:
        data.pop("category")
    response = post_json(citizen, data)
    assert response.status_code == 400, response.content
    assert field in errors_of(response)
    assert Report.objects.count() == 0


def test_messages_follow_the_language(world, citizen):
    indonesian = errors_of(post_json(citizen, body(description="")))
    english = errors_of(post_json(citizen, body(description=""), HTTP_ACCEPT_LANGUAGE="en"))
    assert indonesian["description"] != english["description"]
    assert "karakter" in indonesian["description"]
    assert "characters" in english["description"]


def test_nan_and_infinity_are_not_numbers_here(world, citizen):
    raw = '{"category": "jalan-rusak", "description": "Jalan rusak parah.", "latitude": NaN, "longitude": Infinity}'
    response = citizen.post(URL, data=raw, content_type="application/json")
    assert response.status_code == 400
    assert Report.objects.count() == 0


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", "null", '"text"', "\xff\xfe"])
def test_malformed_json_is_400(world, citizen, raw):
    response = citizen.post(URL, data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_wrong_content_type_is_415(world, citizen):
    response = citizen.post(URL, data="category=jalan-rusak", content_type="text/plain")
    assert response.status_code == 415


def test_a_file_that_is_not_a_photo_is_refused(world, citizen):
    fake = SimpleUploadedFile(
        "evil.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg"
    )
    response = citizen.post(URL, data=body(anonymous="false") | {"photos": [fake]})
    assert response.status_code == 400
    assert "photos" in errors_of(response)
    assert Report.objects.count() == 0


def test_more_than_three_photos_are_refused(world, citizen):
    photos = [
        SimpleUploadedFile(f"{n}.jpg", jpeg_bytes(), content_type="image/jpeg") for n in range(4)
    ]
    response = citizen.post(URL, data=body(anonymous="false") | {"photos": photos})
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_a_50_megabyte_photo_is_refused(world, citizen, settings):
    big = SimpleUploadedFile("big.jpg", b"\xff" * (11 * 1024 * 1024), content_type="image/jpeg")
    response = citizen.post(URL, data=body(anonymous="false") | {"photos": [big]})
    assert response.status_code == 400
    assert "MB" in errors_of(response)["photos"]


def test_public_intake_is_rate_limited(world, citizen, settings):
    settings.REPORT_RATE = "3/m"
    codes = [post_json(citizen, body()).status_code for _ in range(5)]
    assert codes[:3] == [201, 201, 201]
    assert codes[3:] == [429, 429]
    assert Report.objects.count() == 3
