"""`kendali audit verify|checkpoint|rotate-key|roles`: prove and protect the audit log."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from kendali.audit.checkpoints import checkpoint_file, write_checkpoint
from kendali.audit.keys import key_id, new_secret, rotate_key_file
from kendali.audit.roles import apply_role_setup, role_setup_sql
from kendali.audit.verification import verify

SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = (
        "verify: check the audit log against its keys and the checkpoint file (exits 1 on a "
        "problem). checkpoint: write a signed checkpoint now. rotate-key: start sealing with a "
        "new key. roles: print or apply the PostgreSQL roles in which the application cannot "
        "rewrite the log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["verify", "checkpoint", "rotate-key", "roles"])
        parser.add_argument(
            "--full", action="store_true", help="verify: every row, not only since the last run"
        )
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--print", action="store_true", help="roles: print the SQL (default)")
        group.add_argument("--apply", action="store_true", help="roles: run it (as a superuser)")
        parser.add_argument("--owner", default="kendali_owner", help="roles: the owner role")
        parser.add_argument("--app", default="kendali_app", help="roles: the application role")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "verify":
            self.verify(full=options["full"])
        elif verb == "checkpoint":
            self.checkpoint()
        elif verb == "rotate-key":
            self.rotate_key()
        else:
            self.roles(options["owner"], options["app"], apply=options["apply"])

    def verify(self, *, full: bool) -> None:
        outcome = verify(full=full)
        scope = "full" if outcome.full else f"from checkpoint {outcome.start_checkpoint.seq}"  # type: ignore[union-attr]
        for problem in outcome.problems[:SHOWN_PROBLEMS]:
            where = f"row {problem.seq}" if problem.seq is not None else "log"
            self.stderr.write(f"{where}: {problem.problem}")
        if outcome.problems:
            raise CommandError(
                f"{len(outcome.problems)} problem(s) in the audit log ({scope}, rows "
                f"{outcome.first_seq}–{outcome.last_seq})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"audit log intact: {outcome.rows_checked} entries checked ({scope}), "
                f"up to number {outcome.last_seq}"
            )
        )

    def checkpoint(self) -> None:
        written = write_checkpoint()
        if written is None:
            self.stdout.write("no checkpoint written: nothing new, or another one is being written")
        else:
            self.stdout.write(f"checkpoint at number {written.seq} appended to {checkpoint_file()}")

    def rotate_key(self) -> None:
        if os.environ.get("KENDALI_AUDIT_KEY", "").strip():
            secret = new_secret()
            self.stdout.write(
                "The keys come from KENDALI_AUDIT_KEY. Append this new key after the current ones "
                "(comma-separated), keep the old ones, and restart every Kendali process:\n"
                f"{secret}\n(key id {key_id(secret)})"
            )
            return
        key = rotate_key_file(settings.AUDIT_KEY_FILE)
        self.stdout.write(
            f"new audit key {key.id} appended to {settings.AUDIT_KEY_FILE}. Restart every Kendali "
            "process (serve, worker) now, and back the key file up again."
        )

    def roles(self, owner: str, app: str, *, apply: bool) -> None:
        try:
            sql = role_setup_sql(owner, app)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if not apply:
            self.stdout.write(sql)
            return
        if connection.vendor != "postgresql":
            raise CommandError("the role setup is for PostgreSQL")
        apply_role_setup(owner, app)
        self.stdout.write(
            f"roles applied: {owner} owns the database, {app} may only read and append the "
            "audit log. Run `kendali migrate` as the owner from now on."
        )
