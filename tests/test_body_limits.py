"""The body limit holds however a body is sent: announced too big (413 without reading),
chunked without a length (counted as it streams, 413 at the limit, no chunk pulled after it),
and across requests (a per-process budget, 503 when spent). Driven through the real ASGI
application, and once through uvicorn on loopback."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import socket
import threading
from urllib.parse import urlsplit

import pytest

from kendali.asgi import BodyBudget, BodySizeLimit, application

MB = 1024 * 1024


def scope(path="/api/v1/reports", headers=()):
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }


CHUNKED = ((b"transfer-encoding", b"chunked"), (b"content-type", b"multipart/form-data; b=x"))


class Chunks:
    """A client sending ``total`` bytes in chunks of ``size``; counts what was pulled."""

    def __init__(self, total: int, size: int = MB) -> None:
        self.left = total
        self.size = size
        self.pulled = 0

    async def receive(self):
        if self.left <= 0:
            await asyncio.sleep(3600)  # nothing more to send: a client waiting for its answer
        chunk = min(self.size, self.left)
        self.left -= chunk
        self.pulled += chunk
        return {"type": "http.request", "body": b"x" * chunk, "more_body": self.left > 0}


def run(app, request_scope, receive):
    sent = []

    async def send(message):
        sent.append(message)

    # On a thread of its own: after the browser tests the main thread already runs an event
    # loop (Playwright's), where asyncio.run() is refused.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(
            asyncio.run, asyncio.wait_for(app(request_scope, receive, send), timeout=30)
        ).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


def test_a_chunked_300_mb_body_is_cut_at_the_limit_and_answered_413():
    client = Chunks(300 * MB)
    status, headers, body = run(application, scope(headers=CHUNKED), client.receive)
    assert status == 413
    assert headers[b"connection"] == b"close"
    assert "MB" in json.loads(body)["detail"]
    # It stopped pulling at the limit: one chunk past it at most, never the 300 MB.
    assert application.limit < client.pulled <= application.limit + MB
    assert application.budget.used == 0  # and gave back what it held


def test_a_form_gets_a_page_that_leads_back_to_it():
    client = Chunks(300 * MB)
    status, headers, body = run(application, scope("/lapor/", CHUNKED), client.receive)
    assert status == 413 and headers[b"content-type"].startswith(b"text/html")
    assert b'href="/lapor/"' in body


def test_a_too_long_announced_length_is_refused_without_reading():
    client = Chunks(300 * MB)
    length = ((b"content-length", str(300 * MB).encode()),)
    status, _headers, _body = run(application, scope(headers=length), client.receive)
    assert status == 413 and client.pulled == 0


def echo_app(seen):
    """A downstream app that reads the whole body and answers its length."""

    async def app(request_scope, receive, send):
        body = b""
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        seen.append(body)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(len(body)).encode()})

    return app


def test_a_chunked_body_within_the_limit_passes_intact():
    seen = []
    app = BodySizeLimit(echo_app(seen), limit=4 * MB)
    client = Chunks(4 * MB, size=64 * 1024)
    status, _headers, body = run(app, scope(headers=CHUNKED), client.receive)
    assert (status, body) == (200, str(4 * MB).encode()) and len(seen[0]) == 4 * MB
    assert app.budget.used == 0


def test_the_process_budget_refuses_what_would_overflow_it_with_503():
    budget = BodyBudget(6 * MB)
    holding, release = threading.Event(), threading.Event()

    async def slow_app(request_scope, receive, send):
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            if not message.get("more_body"):
                break
        holding.set()
        while not release.is_set():
            await asyncio.sleep(0.01)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    app = BodySizeLimit(slow_app, limit=4 * MB, budget=budget)
    first = threading.Thread(target=run, args=(app, scope(headers=CHUNKED), Chunks(4 * MB).receive))
    first.start()
    assert holding.wait(10)
    assert budget.used == 4 * MB
    second = Chunks(4 * MB)
    status, headers, _body = run(app, scope(headers=CHUNKED), second.receive)
    assert status == 503 and headers[b"retry-after"] == b"5"
    assert second.pulled <= 3 * MB  # stopped when the budget ran out
    announced = ((b"content-length", str(3 * MB).encode()),)
    refused_early = Chunks(3 * MB)
    status, _headers, _body = run(app, scope(headers=announced), refused_early.receive)
    assert status == 503 and refused_early.pulled == 0
    release.set()
    first.join(10)
    assert budget.used == 0
    status, _headers, _body = run(app, scope(headers=CHUNKED), Chunks(4 * MB).receive)
    assert status == 200


def test_the_budget_must_hold_one_whole_request():
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "import kendali.settings"],
        env={**os.environ, "KENDALI_BODY_BUDGET_MB": "5"},
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "KENDALI_BODY_BUDGET_MB" in done.stderr


@pytest.mark.django_db(transaction=True)
def test_uvicorn_stops_receiving_a_chunked_body_at_the_limit(live_url, world):
    """A real chunked upload of 300 MB over loopback: the server answers 413 and closes long
    before the client could send it all."""
    address = urlsplit(live_url)
    sock = socket.create_connection((address.hostname, address.port), timeout=30)
    sock.sendall(
        b"POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: multipart/form-data; boundary=x\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    sent = {"bytes": 0, "at_answer": None}

    def send_all():
        chunk = b"%x\r\n" % MB + b"x" * MB + b"\r\n"
        try:
            while sent["bytes"] < 300 * MB:
                sock.sendall(chunk)
                sent["bytes"] += MB
        except OSError:
            pass  # the server closed the connection: what we wanted

    sender = threading.Thread(target=send_all, daemon=True)
    sender.start()
    answer = b""
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                break
            if not answer:
                sent["at_answer"] = sent["bytes"]
            answer += data
    except OSError:
        pass  # reset after the answer, because we were still sending
    sock.close()
    sender.join(30)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent["at_answer"] is not None and sent["at_answer"] < 100 * MB
    assert sent["bytes"] < 300 * MB, "the server read the whole body"
