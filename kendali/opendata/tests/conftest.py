from __future__ import annotations

from typing import Any

import pytest

from kendali.opendata.actions import refresh_all
from kendali.reports import actions


@pytest.fixture
def public_reports(make_report: Any, operator: Any, world: Any) -> list[Any]:
    """Two verified reports (one anonymous), one unverified, one confidential."""
    shown = make_report(description='=HYPERLINK("x") lubang besar di depan sekolah')
    actions.verify_report(shown, operator)
    anonymous = make_report(category="sampah", anonymous=True)
    actions.verify_report(anonymous, operator)
    actions.dispose_report(anonymous, operator, agency=world.agency_b)
    make_report()  # submitted: not yet public
    secret = make_report(confidential=True)
    actions.verify_report(secret, operator)
    return [shown, anonymous, secret]


@pytest.fixture
def datasets(public_reports: Any) -> None:
    refresh_all()
