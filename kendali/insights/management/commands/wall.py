"""`kendali wall create NAME [--panels kpis,queue,...] [--rotate SECONDS]`: a kiosk link for a
video wall, printed once; `kendali wall list` and `kendali wall revoke PREFIX`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from kendali.insights.choices import WallPanel
from kendali.insights.models import WallScreen, default_panels


class Command(BaseCommand):
    help = "Create, list or revoke the kiosk links of video walls."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("name")
        create.add_argument(
            "--panels",
            default=",".join(default_panels()),
            help=f"comma-separated, from: {', '.join(WallPanel.values)}",
        )
        create.add_argument("--rotate", type=int, default=0, help="seconds per panel; 0 tiles them")
        sub.add_parser("list")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for screen in WallScreen.objects.order_by("created_at"):
                state = "revoked" if screen.revoked_at else "active"
                self.stdout.write(
                    f"{screen.prefix}  {state:8} {screen.name}  {','.join(screen.panels)}"
                )
            return
        if options["action"] == "revoke":
            found = WallScreen.objects.filter(prefix=options["prefix"], revoked_at=None)
            if not found.exists():
                raise CommandError("no active wall link with that prefix")
            for screen in found:
                screen.revoke()
            self.stdout.write("revoked")
            return
        screen = WallScreen(
            name=options["name"][:100],
            panels=[p.strip() for p in options["panels"].split(",") if p.strip()],
            rotate_seconds=max(0, options["rotate"]),
        )
        try:
            screen.clean()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        secret = screen.new_secret()
        screen.set_secret(secret)
        screen.scopes = "read"
        screen.save()
        path = reverse("insights-wall:wall", args=[secret])
        root = str(settings.PUBLIC_URL or "").rstrip("/")
        self.stdout.write(f"{root}{path}" if root else path)
        self.stdout.write("Open this address on the wall computer; it is shown only now.")
