"""`kendali demo`: migrate, load the demo city when the database is empty, and serve it live."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from kendali.demo import data
from kendali.demo.load import load_demo


class Command(BaseCommand):
    help = "Serve the demo city (Kota Bandung) with the live report simulator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--rate", type=int, default=None, help="simulated reports per minute (0: none)"
        )
        parser.add_argument("--reports", type=int, default=300, help="historical reports to load")
        parser.add_argument("--load-only", action="store_true", help="load and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database ready")
        # Where the demo's published documents link when KENDALI_PUBLIC_URL is not set.
        host = "127.0.0.1" if options["host"] in {"0.0.0.0", "::", ""} else options["host"]  # noqa: S104
        site_url = f"http://{host}:{options['port']}"
        if load_demo(reports=options["reports"], progress=self.stdout.write, site_url=site_url):
            self.stdout.write(self.style.SUCCESS("demo city loaded"))
        else:
            self.stdout.write("database already has a city: demo data not loaded again")
        if options["load_only"]:
            return
        rate = settings.SIMULATOR_RATE if options["rate"] is None else options["rate"]
        self.print_welcome(options["host"], options["port"], rate)
        from kendali.demo.telemetry import start_demo_telemetry

        start_demo_telemetry(options["port"])
        # The server is the project's `serve` command (called by name: a command is no library).
        call_command("serve", host=options["host"], port=options["port"], simulate=rate)

    def print_welcome(self, host: str, port: int, rate: int) -> None:
        base = f"http://{host}:{port}"
        lines = [
            "",
            "Kendali is running the demo city, Kota Bandung.",
            f"  Public website   {base}/            (English: {base}/en/)",
            f"  Operator console {base}/console/",
            f"  Admin            {base}/admin/",
            f"  API              {base}/api/v1/docs",
            "",
            f"Logins (password for all: {data.DEMO_PASSWORD}):",
        ]
        for username, role, agency, _first, _last in data.USERS[:8]:
            where = f" ({agency})" if agency else ""
            lines.append(f"  {username:18} {role}{where}")
        lines.append(
            "  ...and <agency>.petugas for every agency (dlh.petugas, dishub.petugas, ...)"
        )
        from kendali.demo.open311 import DEMO_KEY

        lines.append(f"Open311: {base}/open311/v2/discovery.json (demo api_key {DEMO_KEY})")
        lines.append(f"Open data: {base}/data/, CKAN {base}/api/3/action/package_list")
        lines.append(f"Warnings: {base}/peringatan/, Atom {base}/warnings/feed.atom")
        lines.append(
            f"Performance: dashboard {base}/console/kinerja/ (as pimpinan), public {base}/kinerja/"
        )
        lines.append(f"Video wall (kiosk link, no login): {base}{demo_wall_path()}")
        lines.append(
            "Supervisors, admins and agency admins set up an authenticator app at their first "
            "login (KENDALI_2FA_REQUIRED_ROLES)."
        )
        lines.append(
            f"Simulator: {rate} new citizen report(s) per minute." if rate else "Simulator off."
        )
        lines.append(
            f"Telemetry: live map at {base}/console/peta/, cameras at {base}/console/telemetri/"
            "kamera/; a rain event starts a minute after start and repeats every 30 minutes."
        )
        lines.append("Stop with Ctrl+C.")
        self.stdout.write("\n".join(lines) + "\n")


def demo_wall_path() -> str:
    """A fresh kiosk link for the demo's wall at each start (the secret is shown only once)."""
    from django.urls import reverse

    from kendali.insights.models import WallScreen

    WallScreen.objects.filter(name="Demo").delete()
    _screen, secret = WallScreen.create_with_secret(name="Demo", scopes="read")
    return reverse("insights-wall:wall", args=[secret])
