"""Content in three languages: /su/ shows Sundanese where it is written and Indonesian where it
is not; /en/ shows English; the admin edits the three side by side and says what falls back."""

from __future__ import annotations

import pytest

from kendali.agencies.models import User
from kendali.opendata.models import Dataset
from kendali.opendata.tests.conftest import datasets, public_reports  # noqa: F401 (fixtures)
from kendali.warnings import actions as warning_actions
from kendali.warnings.tests.conftest import flood_draft

pytestmark = pytest.mark.django_db


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_about_page_in_sundanese_and_its_fallback(client, world):
    world.city.about_su = "Ngeunaan **puseur kendali** uji."
    world.city.save()
    assert "Ngeunaan" in page(client, "/su/tentang/")
    assert "Tentang" in page(client, "/tentang/")
    world.city.about_su = ""
    world.city.save()
    assert "pusat kendali" in page(client, "/su/tentang/")  # Indonesian, the fallback


def test_categories_in_sundanese_english_and_the_fallback(client, world):
    world.road.name_su = "Jalan ruksak"
    world.road.description_ind = "Jalan berlubang."
    world.road.description_su = "Jalan bolong."
    world.road.save()
    sundanese = page(client, "/su/kategori/")
    assert "Jalan ruksak" in sundanese and "Jalan bolong." in sundanese
    assert "Sampah" in sundanese  # no Sundanese name: Indonesian
    assert "Damaged road" in page(client, "/en/kategori/")


def test_a_warning_in_sundanese_reaches_the_page_and_the_cap_document(client, operator, supervisor):
    draft = flood_draft(
        event_su="Caah",
        headline_su="Siaga caah di Kacamatan Timur",
        description_su="Walungan tiasa ngaluap wengi ieu.",
    )
    warning = warning_actions.publish_warning(
        warning_actions.draft_warning(operator, draft), supervisor, site_url="http://testserver"
    )
    assert "Siaga caah di Kacamatan Timur" in page(client, f"/su/peringatan/{warning.identifier}/")
    cap = client.get(f"/warnings/{warning.identifier}.xml").content.decode()
    assert "<language>su-ID</language>" in cap and "Siaga caah" in cap


def test_a_warning_without_sundanese_shows_indonesian_on_the_sundanese_site(
    client, operator, supervisor
):
    warning = warning_actions.publish_warning(
        warning_actions.draft_warning(operator, flood_draft()),
        supervisor,
        site_url="http://testserver",
    )
    body = page(client, f"/su/peringatan/{warning.identifier}/")
    assert "Siaga banjir di Kecamatan Timur" in body
    cap = client.get(f"/warnings/{warning.identifier}.xml").content.decode()
    assert "su-ID" not in cap


def test_an_sop_title_in_sundanese(client, procedures):
    sop = procedures.sop
    sop.title_su = "Ngaréngsékeun jalan ruksak"
    sop.save()
    assert "Ngaréngsékeun jalan ruksak" in page(client, f"/su/sop/{sop.code}/")
    assert "Jalan rusak" in page(client, f"/sop/{sop.code}/")


def test_a_dataset_title_in_sundanese(client, datasets):  # noqa: F811
    dataset = Dataset.objects.order_by("id").first()
    assert dataset is not None
    dataset.title_su = "Data uji dina basa Sunda"
    dataset.save()
    assert "Data uji dina basa Sunda" in page(client, f"/su/data/{dataset.name}/")
    assert dataset.title_ind in page(client, f"/data/{dataset.name}/")


def test_the_admin_edits_a_category_in_three_languages_and_marks_the_fallback(client, world):
    admin = User.objects.create_superuser("it", password="kata-sandi-panjang-12", role="admin")
    client.force_login(admin)
    body = page(client, f"/admin/reports/category/{world.road.pk}/change/")
    for name in ("name_ind", "name_en", "name_su", "description_ind", "description_su"):
        assert f'name="{name}"' in body
    assert "fallback" in body
