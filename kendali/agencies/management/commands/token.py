"""`kendali token create USERNAME`, `kendali token list`, `kendali token revoke PREFIX`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from kendali.agencies.models import ApiToken, User
from kendali.audit.actions import record
from kendali.lib.tokens import SCOPES


class Command(BaseCommand):
    help = "Issue, list and revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="issue a token for a user (shown once)")
        create.add_argument("username")
        create.add_argument("--name", default="cli", help="what the token is for")
        create.add_argument(
            "--days", type=int, help="expire after this many days (default: KENDALI_TOKEN_DAYS)"
        )
        create.add_argument(
            "--scope",
            action="append",
            choices=SCOPES,
            help="what the token may do: read, write, ingest (repeat; default: read and write)",
        )
        sub.add_parser("list", help="list tokens (never their secrets)")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "create":
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {options['username']!r}")
            expires = None
            if options["days"]:
                if options["days"] < 1:
                    raise CommandError("--days must be at least 1")
                expires = timezone.now() + timedelta(days=options["days"])
            with transaction.atomic():
                token, secret = ApiToken.issue(
                    user,
                    options["name"],
                    expires_at=expires,
                    scopes=options["scope"] or ["read", "write"],
                )
                record(
                    actor=None,
                    action="token.create",
                    obj=token,
                    after={
                        "user": user.username,
                        "name": options["name"],
                        "expires_at": token.expires_at,
                        "scopes": token.scopes,
                    },
                    source="cli",
                )
            # The secret is printed once, to stdout only, and never stored.
            self.stdout.write(secret)
        elif verb == "list":
            for token in ApiToken.objects.select_related("user").order_by("created_at"):
                state = "revoked" if token.revoked_at else ("ok" if token.is_usable else "expired")
                self.stdout.write(
                    f"{token.prefix}…  {token.user.username:20} {token.name:20} {state:8} "
                    f"{token.scopes}"
                )
        elif verb == "revoke":
            # The whole prefix as `token list` shows it: "kdl_" alone must never match them all.
            prefix = options["prefix"].rstrip("…")
            found = ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
            if found is None:
                raise CommandError(
                    "no active token with that prefix (use the 12 characters `token list` shows)"
                )
            with transaction.atomic():
                found.revoked_at = timezone.now()
                found.save(update_fields=["revoked_at"])
                record(
                    actor=None,
                    action="token.revoke",
                    obj=found,
                    after={"user": found.user.username},
                    source="cli",
                )
            self.stdout.write(f"revoked {found.prefix}…")
