"""Property test: whatever an operator types (any text, any valid time window, any triangle-ish
polygon near the city), the published CAP document validates against the OASIS schema and
keeps CAP's rules."""

from __future__ import annotations

from datetime import timedelta

import capvalidator
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kendali.agencies.models import User
from kendali.warnings import actions, cap
from kendali.warnings.actions import DrawnArea
from kendali.warnings.choices import CapCategory, Certainty, ResponseType, Severity, Urgency

from .conftest import flood_draft

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=200,
).filter(lambda value: cap.xml_safe(value).strip())


@st.composite
def rings(draw: st.DrawFn) -> str:
    lat = draw(st.floats(-6.96, -6.88))
    lon = draw(st.floats(107.55, 107.70))
    size = draw(st.floats(0.001, 0.05))
    points = [(lat, lon), (lat + size, lon), (lat + size, lon + size), (lat, lon + size)]
    return " ".join(f"{a!r},{b!r}" for a, b in [*points, points[0]])


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    headline=text,
    description=text,
    event=text,
    category=st.sampled_from(CapCategory.values),
    urgency=st.sampled_from(Urgency.values),
    severity=st.sampled_from(Severity.values),
    certainty=st.sampled_from(Certainty.values),
    response=st.sampled_from(["", *ResponseType.values]),
    hours=st.integers(1, 24 * 14),
    ring=rings(),
    use_city_area=st.booleans(),
)
def test_any_valid_draft_publishes_a_valid_cap_document(
    world,
    headline,
    description,
    event,
    category,
    urgency,
    severity,
    certainty,
    response,
    hours,
    ring,
    use_city_area,
):
    operator, _ = User.objects.get_or_create(username="op-prop", defaults={"role": "operator"})
    chief, _ = User.objects.get_or_create(username="sup-prop", defaults={"role": "supervisor"})
    now = timezone.now()
    draft = flood_draft(
        headline_ind=headline[:160],
        headline_en=headline[:160],
        description_ind=description,
        description_en=description,
        event_ind=event[:120],
        event_en=event[:120],
        category=category,
        urgency=urgency,
        severity=severity,
        certainty=certainty,
        response_type=response,
        onset=now,
        expires=now + timedelta(hours=hours),
        area_codes=["barat-utara"] if use_city_area else [],
        drawn=[DrawnArea("Wilayah digambar", ring)],
    )
    warning = actions.publish_warning(actions.draft_warning(operator, draft), chief)
    document = warning.cap_xml.encode()
    result = capvalidator.check_schema(document)
    assert result.passed, (result.message, document[:400])
    cap.check_document(document, lambda *parts: True)
