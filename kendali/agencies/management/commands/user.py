"""`kendali user create USERNAME --role ROLE [--agency CODE]` and `kendali user list`."""

from __future__ import annotations

import getpass
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kendali.agencies.choices import AGENCY_ROLES, Role
from kendali.agencies.models import Agency, User
from kendali.audit.actions import record


class Command(BaseCommand):
    help = "Create or list staff users."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="create a user with a role (and an agency)")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--agency", help="agency code, required for agency roles")
        create.add_argument("--email", default="")
        create.add_argument("--name", default="", help="full name")
        create.add_argument(
            "--password",
            help="password (prompted when omitted and a terminal is attached; else generated)",
        )
        sub.add_parser("list", help="list users with their roles")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "list":
            for user in User.objects.select_related("agency").order_by("username"):
                agency = user.agency.short_name if user.agency else "-"
                state = "" if user.is_active else " (inactive)"
                self.stdout.write(f"{user.username:20} {user.role:15} {agency}{state}")
            return
        self._create(options)

    def _create(self, options: dict[str, Any]) -> None:
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} already exists")
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                codes = ", ".join(Agency.objects.values_list("code", flat=True)) or "none yet"
                raise CommandError(f"unknown agency {options['agency']!r} (known: {codes})")
        if options["role"] in AGENCY_ROLES and agency is None:
            raise CommandError(f"role {options['role']} needs --agency CODE")
        if options["role"] not in AGENCY_ROLES and agency is not None:
            raise CommandError(
                f"role {options['role']} works for the whole city: leave out --agency"
            )
        password = options["password"]
        generated = False
        if not password:
            if self.stdin_is_tty():
                password = getpass.getpass("Password: ")
            else:
                password = secrets.token_urlsafe(12)
                generated = True
        first, _sep, last = options["name"].partition(" ")
        user = User(
            username=username,
            email=options["email"],
            first_name=first,
            last_name=last,
            role=options["role"],
            agency=agency,
            is_staff=options["role"] == Role.ADMIN,
            is_superuser=options["role"] == Role.ADMIN,
        )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            record(
                actor=None,
                action="user.create",
                obj=user,
                after={"role": user.role, "agency": agency.code if agency else None},
                source="cli",
            )
        self.stdout.write(self.style.SUCCESS(f"created {username} ({user.get_role_display()})"))
        if generated:
            self.stdout.write(f"password: {password}")

    @staticmethod
    def stdin_is_tty() -> bool:
        import sys

        return sys.stdin.isatty()
