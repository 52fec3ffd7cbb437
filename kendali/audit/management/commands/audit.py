"""`kendali audit verify`: check the hash chain of the audit log."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kendali.audit.actions import verify_chain
from kendali.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(verify_chain())
        for problem in problems[:50]:
            self.stderr.write(f"entry {problem.entry_id}: {problem.problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the audit log")
        self.stdout.write(
            self.style.SUCCESS(f"audit log intact: {AuditEntry.objects.count()} entries")
        )
