"""The CAP edge rules: ``<web>`` is always absolute, or publishing is refused; every document
is validated against the CAP 1.2 schema at publish time; the Atom feed's links are typed; a
Cancel speaks each language of its infos and carries an instruction."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from lxml import etree

from kendali.lib.errors import Invalid
from kendali.warnings import actions, cap
from kendali.warnings.models import PublicWarning

from .conftest import PUBLIC_URL, flood_draft

NS = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SUNDANESE = {
    "event_su": "Caah",
    "headline_su": "Siaga caah di Kacamatan Timur",
    "description_su": "Walungan tiasa ngaluap wengi ieu.",
    "instruction_su": "Amankeun barang berharga.",
}


def infos(warning: PublicWarning) -> dict[str, etree._Element]:
    root = etree.fromstring(warning.cap_xml.encode())
    return {i.findtext("cap:language", namespaces=NS): i for i in root.findall("cap:info", NS)}


def text(info: etree._Element, name: str) -> str:
    return info.findtext(f"cap:{name}", default="", namespaces=NS)


# ---------------------------------------------------------------------------------------------
# An absolute <web>


def test_publishing_without_a_public_url_is_refused_and_changes_nothing(
    operator, supervisor, settings
):
    settings.PUBLIC_URL = ""
    warning = actions.draft_warning(operator, flood_draft())
    with pytest.raises(Invalid, match="KENDALI_PUBLIC_URL"):
        actions.publish_warning(warning, supervisor)  # a job: no request, no site URL
    warning.refresh_from_db()
    assert warning.state == "draft" and warning.cap_xml == "" and warning.identifier is None


def test_a_public_url_that_is_no_url_is_refused(operator, supervisor, settings):
    settings.PUBLIC_URL = "kendali.uji.example"  # no scheme
    warning = actions.draft_warning(operator, flood_draft())
    with pytest.raises(Invalid, match="KENDALI_PUBLIC_URL"):
        actions.publish_warning(warning, supervisor, site_url="http://127.0.0.1:8000")


def test_a_job_publishes_with_the_public_url_in_every_language(operator, supervisor):
    warning = actions.publish_warning(
        actions.draft_warning(operator, flood_draft(**SUNDANESE)), supervisor
    )
    page = f"peringatan/{warning.identifier}/"
    assert {language: text(info, "web") for language, info in infos(warning).items()} == {
        "id-ID": f"{PUBLIC_URL}/{page}",
        "en-US": f"{PUBLIC_URL}/en/{page}",
        "su-ID": f"{PUBLIC_URL}/su/{page}",
    }


def test_the_demo_publishes_with_where_it_serves(operator, supervisor, settings):
    settings.PUBLIC_URL = ""
    warning = actions.publish_warning(
        actions.draft_warning(operator, flood_draft()),
        supervisor,
        site_url="http://127.0.0.1:8000",
    )
    assert text(infos(warning)["id-ID"], "web").startswith("http://127.0.0.1:8000/peringatan/")


def test_the_console_publishes_on_its_host_with_each_languages_page(
    client, operator, supervisor, settings
):
    settings.PUBLIC_URL = ""
    warning = actions.draft_warning(operator, flood_draft())
    client.force_login(supervisor)
    client.cookies["django_language"] = "en"  # the console in English: the pages stay per info
    response = client.post(f"/console/peringatan/{warning.pk}/publish/")
    assert response.status_code == 302, response.content
    warning.refresh_from_db()
    webs = {language: text(info, "web") for language, info in infos(warning).items()}
    assert webs["id-ID"] == f"http://testserver/peringatan/{warning.identifier}/"
    assert webs["en-US"] == f"http://testserver/en/peringatan/{warning.identifier}/"


def test_the_rule_checker_refuses_a_relative_web():
    document = (
        b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><msgType>Alert</msgType>'
        b"<info><web>/peringatan/x/</web><area><areaDesc>A</areaDesc></area></info></alert>"
    )
    with pytest.raises(cap.CapRuleError, match="absolute"):
        cap.check_document(document, lambda *parts: True)


# ---------------------------------------------------------------------------------------------
# The CAP 1.2 schema at publish time


def test_every_published_document_passes_the_schema(operator, supervisor):
    warning = actions.publish_warning(
        actions.draft_warning(operator, flood_draft(**SUNDANESE)), supervisor
    )
    cap.check_schema(warning.cap_xml.encode())  # raises on the first problem


SCHEMA_BREAKS = {
    "a missing sender": (b"<sender>", b"<senderX>", "sender"),
    "an unknown status": (b"<status>Actual</status>", b"<status>Nyata</status>", "status"),
    "a time in UTC with Z": (b"+07:00</sent>", b"Z</sent>", "sent"),
    "a missing scope": (b"<scope>Public</scope>", b"", "scope"),
}


@pytest.mark.parametrize(("old", "new", "word"), SCHEMA_BREAKS.values(), ids=SCHEMA_BREAKS.keys())
def test_the_schema_check_names_what_is_wrong(operator, supervisor, old, new, word):
    good = actions.publish_warning(
        actions.draft_warning(operator, flood_draft()), supervisor
    ).cap_xml.encode()
    broken = good.replace(old, new, 1)
    if old == b"<sender>":
        broken = broken.replace(b"</sender>", b"</senderX>", 1)
    assert broken != good
    with pytest.raises(cap.CapRuleError, match=r"CAP 1\.2 schema") as refused:
        cap.check_schema(broken)
    assert word in str(refused.value)


def test_hostile_xml_is_refused_by_the_schema_check():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">&b;</alert>'
    )
    for document in (bomb, b"<alert", b""):
        with pytest.raises(cap.CapRuleError):
            cap.check_schema(document)


def test_an_invalid_document_is_refused_at_publish_with_the_reason(
    operator, supervisor, monkeypatch
):
    written = cap.build_document

    def without_scope(*args, **kwargs):
        return written(*args, **kwargs).replace(b"<scope>Public</scope>", b"")

    monkeypatch.setattr(cap, "build_document", without_scope)
    warning = actions.draft_warning(operator, flood_draft())
    with pytest.raises(Invalid, match=r"CAP 1\.2 schema.*scope"):
        actions.publish_warning(warning, supervisor)
    warning.refresh_from_db()
    assert warning.state == "draft" and warning.cap_xml == ""


# ---------------------------------------------------------------------------------------------
# Typed Atom links


def test_the_feed_types_every_link(client, operator, supervisor):
    warning = actions.publish_warning(actions.draft_warning(operator, flood_draft()), supervisor)
    response = client.get("/warnings/feed.atom")
    root = etree.fromstring(response.content)
    feed_links = {link.get("rel"): link for link in root.findall("atom:link", ATOM)}
    assert feed_links["self"].get("type") == "application/atom+xml"
    assert feed_links["alternate"].get("type") == "text/html"
    (entry,) = root.findall("atom:entry", ATOM)
    links = {link.get("rel"): link for link in entry.findall("atom:link", ATOM)}
    assert links["alternate"].get("type") == "application/cap+xml"
    assert links["alternate"].get("href") == f"{PUBLIC_URL}/warnings/{warning.identifier}.xml"
    assert links["related"].get("type") == "text/html"
    assert links["related"].get("href") == f"{PUBLIC_URL}/peringatan/{warning.identifier}/"
    assert all(link.get("type") for link in root.iter("{http://www.w3.org/2005/Atom}link"))


# ---------------------------------------------------------------------------------------------
# A Cancel in each language, with its instruction


def _published(operator, supervisor, **changes):
    return actions.publish_warning(
        actions.draft_warning(operator, flood_draft(**changes)), supervisor
    )


def test_a_cancel_speaks_each_language_and_says_what_to_do(operator, supervisor):
    original = _published(operator, supervisor, **SUNDANESE)
    draft = actions.draft_cancel(
        original,
        operator,
        reason="Hujan sudah reda dan air surut.",
        reason_en="The rain has stopped and the water has gone down.",
        reason_su="Hujan parantos raat sareng cai parantos surut.",
    )
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        cancel = actions.publish_warning(draft, supervisor)
    blocks = infos(cancel)
    assert list(blocks) == ["id-ID", "en-US", "su-ID"]
    expected = {
        "id-ID": ("ind", "Hujan sudah reda dan air surut.", "Banjir"),
        "en-US": ("en", "The rain has stopped and the water has gone down.", "Flood"),
        "su-ID": ("su", "Hujan parantos raat sareng cai parantos surut.", "Caah"),
    }
    for language, (suffix, reason, event) in expected.items():
        info = blocks[language]
        assert text(info, "description") == reason, language
        assert text(info, "instruction") == actions.CANCEL_INSTRUCTION[suffix], language
        assert text(info, "headline").startswith(actions.CANCEL_MARK[suffix] + ":"), language
        assert text(info, "event") == event
        assert text(info, "responseType") == "AllClear"
    # Each language's texts differ: the English info is not the Indonesian one again.
    assert len({text(i, "instruction") for i in blocks.values()}) == 3
    assert len({text(i, "description") for i in blocks.values()}) == 3
    cap.check_schema(cancel.cap_xml.encode())


def test_a_cancel_without_a_sundanese_reason_gives_a_sundanese_notice(operator, supervisor):
    original = _published(operator, supervisor, **SUNDANESE)
    draft = actions.draft_cancel(
        original, operator, reason="Air surut.", reason_en="The water has gone down."
    )
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        cancel = actions.publish_warning(draft, supervisor)
    sundanese = infos(cancel)["su-ID"]
    assert text(sundanese, "description") == actions.CANCEL_DESCRIPTION_SU
    assert text(sundanese, "instruction") == actions.CANCEL_INSTRUCTION["su"]


def test_a_cancel_of_a_warning_without_sundanese_has_two_infos(operator, supervisor):
    original = _published(operator, supervisor)
    draft = actions.draft_cancel(
        original, operator, reason="Air surut.", reason_en="The water has gone down."
    )
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        cancel = actions.publish_warning(draft, supervisor)
    assert list(infos(cancel)) == ["id-ID", "en-US"]
    assert all(text(info, "instruction") for info in infos(cancel).values())


@pytest.mark.parametrize(
    ("reason", "reason_en", "field"),
    [("", "The water has gone down.", "reason"), ("Air surut.", "  ", "reason_en")],
)
def test_a_cancel_needs_its_reason_in_indonesian_and_english(
    operator, supervisor, reason, reason_en, field
):
    original = _published(operator, supervisor)
    with pytest.raises(Invalid) as refused:
        actions.draft_cancel(original, operator, reason=reason, reason_en=reason_en)
    assert field in refused.value.errors
    assert PublicWarning.objects.filter(msg_type="Cancel").count() == 0


def test_the_console_cancel_form_takes_each_language(client, operator, supervisor):
    original = _published(operator, supervisor, **SUNDANESE)
    client.force_login(operator)
    page = client.get(f"/console/peringatan/{original.pk}/").content.decode()
    assert 'name="reason_en"' in page and 'name="reason_su"' in page
    response = client.post(
        f"/console/peringatan/{original.pk}/cancel/",
        {
            "reason": "Air surut.",
            "reason_en": "The water has gone down.",
            "reason_su": "Cai surut.",
        },
    )
    assert response.status_code == 302, response.content
    cancel = PublicWarning.objects.get(msg_type="Cancel")
    assert (cancel.description_ind, cancel.description_en, cancel.description_su) == (
        "Air surut.",
        "The water has gone down.",
        "Cai surut.",
    )
    refused = client.post(f"/console/peringatan/{original.pk}/cancel/", {"reason": "Air surut."})
    assert refused.status_code == 400
    assert PublicWarning.objects.filter(msg_type="Cancel").count() == 1
