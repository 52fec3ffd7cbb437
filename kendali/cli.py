"""The `kendali` command.

kendali serve [--host H] [--port P] [--simulate N]   serve over ASGI (uvicorn)
kendali demo [--host H] [--port P] [--rate N]         migrate, load the demo city, serve it live
kendali migrate                                      create or update the database
kendali user create USERNAME --role ROLE [--agency CODE]
kendali token create USERNAME [--name NAME]
kendali import-areas FILE.geojson
kendali audit verify
kendali ingest mqtt [--url URL] [--prefix kendali/CITY]   store telemetry arriving over MQTT
kendali telemetry import sensors|cameras|vehicles FILE    CSV or GeoJSON
kendali telemetry token create NAME [--agency CODE]       a token for POST /api/v1/readings
kendali <any Django management command>
"""

from __future__ import annotations

import os
import sys

ALIASES = {"import-areas": "import_areas", "import-holidays": "import_holidays"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kendali.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(__doc__)
        if not args:
            return
    if args:
        args[0] = ALIASES.get(args[0], args[0])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kendali", *args])


if __name__ == "__main__":
    main()
