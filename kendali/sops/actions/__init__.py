"""SOPs: every state change of a procedure (:mod:`.authoring`) and of its runs on reports
(:mod:`.runs`). Callers import from here."""

from kendali.sops.actions.authoring import (
    MAX_STEPS,
    StepSpec,
    approve,
    create_sop,
    new_draft,
    publish,
    request_changes,
    retire,
    save_steps,
    submit_for_review,
    update_settings,
    validate_steps,
)
from kendali.sops.actions.runs import (
    check_resolvable,
    complete_step,
    open_required_steps,
    skip_step,
    sop_for,
    start_run,
)

__all__ = [
    "MAX_STEPS",
    "StepSpec",
    "approve",
    "check_resolvable",
    "complete_step",
    "create_sop",
    "new_draft",
    "open_required_steps",
    "publish",
    "request_changes",
    "retire",
    "save_steps",
    "skip_step",
    "sop_for",
    "start_run",
    "submit_for_review",
    "update_settings",
    "validate_steps",
]
