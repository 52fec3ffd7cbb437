"""Feature apps add panels to a report's pages through reports.panels; the reports app's pages
import none of them."""

import ast
from pathlib import Path

import pytest
from django.test import Client

from kendali.reports import panels

REPORTS = Path(__file__).resolve().parents[1]
FEATURES = ("sla", "sops", "notify", "telemetry", "warnings", "open311", "opendata")
UPPER = (*FEATURES, "console", "portal", "demo")
PAGE_MODULES = [
    "console_views.py",
    "console_urls.py",
    "portal_views.py",
    "portal_urls.py",
    "forms.py",
    "panels.py",
    "pages.py",
]


@pytest.mark.parametrize("name", PAGE_MODULES)
def test_the_report_pages_import_no_feature_app(name):
    tree = ast.parse((REPORTS / name).read_text())
    imported = [
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert [m for m in imported if m.startswith(tuple(f"kendali.{app}" for app in UPPER))] == []


@pytest.fixture
def extra_panel():
    seen = []

    def context(request, report, user):
        seen.append(user.username)
        return {"word": "kata-panel-uji"} if report.priority == "urgent" else None

    panels.register(panels.Panel("test-panel", "test_panel.html", context, 1, slot="actions"))
    yield seen
    panels._panels.pop("test-panel")


def test_a_registered_panel_shows_with_its_own_context_only_when_it_says_so(
    world, operator, make_report, extra_panel, settings, tmp_path
):
    (tmp_path / "test_panel.html").write_text("<p>{{ word }} {{ report.ticket }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    report = make_report()
    client = Client()
    client.force_login(operator)
    assert "kata-panel-uji" not in client.get(f"/console/laporan/{report.ticket}/").content.decode()
    report.priority = "urgent"
    report.save(update_fields=["priority"])
    content = client.get(f"/console/laporan/{report.ticket}/").content.decode()
    assert f"<p>kata-panel-uji {report.ticket}</p>" in content
    assert extra_panel == ["operator", "operator"]


def test_the_feature_panels_are_registered_in_order():
    assert [p.key for p in panels.panels("detail")] == ["sla-clocks", "sops-checklist"]
    assert [p.key for p in panels.panels("actions")] == ["telemetry-fleet"]
    assert [p.key for p in panels.panels("resolve")] == ["sops-resolve"]
    assert [p.key for p in panels.panels("track")] == ["sla-promised"]


def test_an_unknown_slot_is_refused():
    with pytest.raises(ValueError, match="unknown panel slot"):
        panels.Panel("x", "x.html", lambda request, report, user: None, slot="elsewhere")
