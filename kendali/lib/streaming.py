"""Streaming large downloads in constant memory, under ASGI as well as WSGI.

Django's ASGI handler serves a response whose content is a *synchronous* iterator by first
collecting all of it into a list (``StreamingHttpResponse.__aiter__``): a million-row download
would sit in memory whole. :class:`ThreadedStreamingResponse` instead runs the iterator in one
dedicated thread (so a database cursor stays on the thread that opened it) and hands chunks to
the event loop through a small bounded queue: memory stays at a few chunks whatever the size.
Under WSGI and in Django's test client the same response iterates in the calling thread.

:func:`csv_chunks` and :func:`json_chunks` turn rows into byte chunks of about 64 KB.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import threading
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from django.db import connections
from django.http import StreamingHttpResponse

QUEUE_CHUNKS = 8
PUT_TIMEOUT = 120.0  # seconds a producer waits for a stalled client before giving up
_DONE = object()


class ThreadedStreamingResponse(StreamingHttpResponse):
    """A streaming response whose synchronous iterator runs in its own thread under ASGI."""

    def __init__(self, chunks: Iterable[bytes], *args: Any, **kwargs: Any) -> None:
        self._source = chunks
        super().__init__(chunks, *args, **kwargs)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=QUEUE_CHUNKS)
        stop = threading.Event()

        def put(item: Any) -> bool:
            try:
                future = asyncio.run_coroutine_threadsafe(queue.put(item), loop)
                future.result(timeout=PUT_TIMEOUT)
            except Exception:  # the loop closed or the client stalled: stop producing
                stop.set()
                return False
            return True

        def produce() -> None:
            outcome: Any = _DONE
            try:
                for chunk in self.streaming_content:  # type: ignore[union-attr]
                    if stop.is_set() or not put(chunk):
                        break
            except BaseException as exc:  # handed to the consumer, which raises it
                outcome = exc
            finally:
                close = getattr(self._source, "close", None)
                if close is not None:
                    close()
                connections.close_all()  # this thread's own database connections
            if not stop.is_set():
                put(outcome)

        thread = threading.Thread(target=produce, name="download", daemon=True)
        thread.start()
        try:
            while True:
                item = await queue.get()
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            while not queue.empty():  # unblock a producer waiting for room
                queue.get_nowait()


class Slots:
    """At most ``size`` streams at once: each holds a thread and a database connection."""

    def __init__(self, size: int) -> None:
        self._semaphore = threading.BoundedSemaphore(size)

    def take(self, chunks: Iterable[bytes]) -> Iterator[bytes] | None:
        """The chunks, holding a slot until they are consumed or closed; None when all are
        taken."""
        if not self._semaphore.acquire(blocking=False):
            return None
        return _Held(iter(chunks), self._semaphore)


class _Held:
    def __init__(self, chunks: Iterator[bytes], semaphore: threading.BoundedSemaphore) -> None:
        self._chunks = chunks
        self._semaphore: threading.BoundedSemaphore | None = semaphore

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()
        if self._semaphore is not None:
            self._semaphore.release()
            self._semaphore = None


def csv_chunks(
    header: list[str], rows: Iterable[Iterable[Any]], size: int = 65536
) -> Iterator[bytes]:
    """CSV (RFC 4180, UTF-8) in chunks of about ``size`` bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= size:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def json_chunks(head: str, items: Iterable[Any], tail: str, size: int = 65536) -> Iterator[bytes]:
    """``head`` + items as a comma-separated JSON array body + ``tail``, in chunks."""
    parts: list[str] = [head]
    length = len(head)
    first = True
    for item in items:
        text = ("" if first else ",") + json.dumps(item, ensure_ascii=False, separators=(",", ":"))
        first = False
        parts.append(text)
        length += len(text)
        if length >= size:
            yield "".join(parts).encode("utf-8")
            parts, length = [], 0
    parts.append(tail)
    yield "".join(parts).encode("utf-8")


__all__ = ["Slots", "ThreadedStreamingResponse", "csv_chunks", "json_chunks"]
