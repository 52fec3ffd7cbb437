"""One folder per way telemetry arrives: a parser from the wire format to
`kendali.telemetry.ingest.RawReading` / `RawPosition`, real sample payloads under `fixtures/`,
and tests. Adding a vendor is copying one folder."""
