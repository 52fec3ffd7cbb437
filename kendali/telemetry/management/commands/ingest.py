"""`kendali ingest mqtt`: store readings and positions arriving over MQTT (docs/telemetry.md)."""

from __future__ import annotations

import contextlib
import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kendali.telemetry.adapters.mqtt.ingestor import MqttIngestor, default_prefix


class Command(BaseCommand):
    help = "Ingest telemetry: `kendali ingest mqtt` subscribes to the MQTT broker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("transport", choices=["mqtt"])
        parser.add_argument("--url", default=None, help="broker URL (default KENDALI_MQTT_URL)")
        parser.add_argument("--prefix", default=None, help="topic prefix (default kendali/<city>)")
        parser.add_argument("--client-id", default=None, help="MQTT client id (persistent session)")
        parser.add_argument(
            "--owntracks-topic",
            default="owntracks/+/+",
            help="OwnTracks topic filter, or '' for none",
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"] or settings.MQTT_URL or "mqtt://127.0.0.1:1883"
        try:
            ingestor = MqttIngestor(
                url,
                options["prefix"] or default_prefix(),
                options["client_id"] or settings.MQTT_CLIENT_ID,
                owntracks_topic=options["owntracks_topic"] or None,
                batch_size=max(1, options["batch_size"]),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        signal.signal(signal.SIGTERM, lambda *_args: ingestor.stopped.set())
        self.stdout.write(f"ingesting from {url} ({', '.join(ingestor.topics)})")
        with contextlib.suppress(KeyboardInterrupt):
            ingestor.run_forever()
        self.stdout.write(f"stopped: {dict(ingestor.totals)}")
