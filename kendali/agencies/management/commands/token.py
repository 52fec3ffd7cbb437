"""`kendali token create USERNAME`, `kendali token list`, `kendali token revoke PREFIX`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kendali.agencies.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue, list and revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="issue a token for a user (shown once)")
        create.add_argument("username")
        create.add_argument("--name", default="cli", help="what the token is for")
        create.add_argument("--days", type=int, help="expire after this many days")
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
            _token, secret = ApiToken.issue(user, options["name"], expires_at=expires)
            # The secret is printed once, to stdout only, and never stored.
            self.stdout.write(secret)
        elif verb == "list":
            for token in ApiToken.objects.select_related("user").order_by("created_at"):
                state = "revoked" if token.revoked_at else ("ok" if token.is_usable else "expired")
                self.stdout.write(
                    f"{token.prefix}…  {token.user.username:20} {token.name:20} {state}"
                )
        elif verb == "revoke":
            count = ApiToken.objects.filter(
                prefix__startswith=options["prefix"], revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
            if count == 0:
                raise CommandError("no active token with that prefix")
            self.stdout.write(f"revoked {count} token(s)")
