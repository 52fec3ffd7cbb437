"""The lifecycle's listeners, as the feature apps register them in AppConfig.ready()."""

from kendali.lib.hooks import all_hooks
from kendali.reports import hooks


def test_every_status_change_reaches_clocks_vehicles_sops_and_notifications_in_that_order():
    assert hooks.report_transitioned.handlers() == [
        "sla.clocks",
        "telemetry.free_vehicles",
        "sops.attach_run",
        "insights.rollups",
        "notify.transitioned",
    ]


def test_new_reports_start_clocks_then_reach_webhooks():
    assert hooks.report_created.handlers() == ["sla.clocks", "insights.rollups", "notify.created"]


def test_notes_and_priority_changes_move_the_clocks():
    assert hooks.report_updated.handlers() == ["sla.clocks", "insights.rollups"]
    assert hooks.report_priority_changed.handlers() == ["sla.clocks", "insights.rollups"]


def test_required_sop_steps_can_refuse_a_resolution():
    assert hooks.report_resolving.handlers() == ["sops.required_steps"]


def test_feature_apps_extend_the_report_answers():
    assert set(hooks.PUBLIC_FIELDS) == {"expected_resolution"}
    assert set(hooks.STAFF_FIELDS) == {"sla", "sop_run"}


def test_the_hooks_docs_architecture_lists_are_the_hooks_that_exist():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "docs" / "architecture.md").read_text()
    for name in all_hooks():
        if not name.startswith("test."):
            assert f"`{name}`" in text, f"docs/architecture.md does not list the hook {name}"
