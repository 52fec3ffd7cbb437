import pytest

from kendali.reports import actions


@pytest.mark.parametrize(
    "path", ["/", "/lapor/", "/lacak/", "/laporan/", "/peta/", "/kategori/", "/tentang/"]
)
@pytest.mark.parametrize("prefix", ["", "/en", "/su"])
def test_every_public_page_answers(world, citizen, disposed_report, path, prefix):
    response = citizen.get(prefix + path)
    assert response.status_code == 200
    assert b"Uji Command Center" in response.content


def test_the_home_page_counts_are_live(world, citizen, disposed_report):
    response = citizen.get("/")
    assert response.context["counts"]["in_progress"] == 1


def test_english_pages_are_in_english(world, citizen):
    assert b"Report a problem" in citizen.get("/en/").content
    assert b"Laporkan masalah" in citizen.get("/").content


def test_the_about_page_renders_admin_markdown_safely(world, citizen):
    world.city.about_ind = "**Penting** <script>alert('x')</script>"
    world.city.save()
    content = citizen.get("/tentang/").content.decode()
    assert "<strong>Penting</strong>" in content
    assert "<script>alert" not in content


def test_the_public_list_hides_unverified_and_confidential_reports(
    world, citizen, make_report, operator
):
    hidden = make_report(confidential=True)
    actions.verify_report(hidden, operator)
    fresh = make_report()
    shown = make_report()
    actions.verify_report(shown, operator)
    content = citizen.get("/laporan/").content.decode()
    assert shown.ticket in content
    assert hidden.ticket not in content and fresh.ticket not in content


def test_security_headers(world, citizen):
    response = citizen.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
