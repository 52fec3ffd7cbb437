"""`kendali serve`: the ASGI server, with the demo simulator when asked."""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger("kendali.serve")


def run_server(
    host: str,
    port: int,
    *,
    simulate_rate: int = 0,
    access_log: bool = False,
    worker: bool = True,
) -> None:
    """Serve until interrupted. Background loops run as daemon threads in this process, so the
    in-process event broker reaches every console connected to it."""
    import uvicorn

    if worker:
        from kendali.lib.worker import WorkerLoop

        WorkerLoop().start_thread()
    if settings.MQTT_URL and settings.EMBEDDED_INGEST:
        from kendali.telemetry.adapters.mqtt.ingestor import start_embedded

        start_embedded()
    if simulate_rate > 0:
        from kendali.demo.simulator import Simulator

        simulator = Simulator(rate_per_minute=simulate_rate)
        threading.Thread(target=simulator.run_forever, name="simulator", daemon=True).start()
    config = uvicorn.Config(
        "kendali.asgi:application",
        host=host,
        port=port,
        lifespan="off",
        access_log=access_log,
        log_level=settings.LOG_LEVEL.lower(),
        timeout_graceful_shutdown=2,
        proxy_headers=bool(getattr(settings, "SECURE_PROXY_SSL_HEADER", None)),
    )
    uvicorn.Server(config).run()


class Command(BaseCommand):
    help = "Serve Kendali over ASGI (uvicorn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--simulate",
            type=int,
            default=0,
            metavar="N",
            help="file N simulated citizen reports per minute (demo only)",
        )
        parser.add_argument("--access-log", action="store_true")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not run background jobs in this process (run `kendali worker` instead)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run_server(
            options["host"],
            options["port"],
            simulate_rate=options["simulate"],
            access_log=options["access_log"],
            worker=not options["no_worker"] and settings.EMBEDDED_WORKER,
        )
