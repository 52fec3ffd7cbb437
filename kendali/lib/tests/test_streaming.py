import asyncio
import threading

import pytest

from kendali.lib import streaming
from kendali.lib.streaming import ThreadedStreamingResponse, csv_chunks, json_chunks


def test_csv_chunks_are_complete_and_bounded():
    rows = ([n, f"baris {n}", "a,b"] for n in range(5000))
    chunks = list(csv_chunks(["n", "teks", "koma"], rows, size=1024))
    assert len(chunks) > 10 and all(len(c) < 1200 for c in chunks[:-1])
    text = b"".join(chunks).decode()
    assert text.startswith('n,teks,koma\r\n0,baris 0,"a,b"') and text.count("\r\n") == 5001


def test_json_chunks_make_one_document():
    import json

    body = b"".join(json_chunks("[", ({"n": n} for n in range(3000)), "]", size=512))
    assert json.loads(body) == [{"n": n} for n in range(3000)]


@pytest.mark.django_db
def test_the_response_streams_from_its_own_thread_with_a_bounded_queue(monkeypatch):
    monkeypatch.setattr(streaming, "QUEUE_CHUNKS", 2)
    produced = []
    threads = set()

    def chunks():
        for n in range(50):
            produced.append(n)
            threads.add(threading.get_ident())
            yield f"{n};".encode()

    async def consume():
        response = ThreadedStreamingResponse(chunks())
        seen = []
        async for part in response:
            seen.append(part)
            if len(seen) == 5:
                # The producer never runs far ahead of the consumer.
                await asyncio.sleep(0.05)
                assert len(produced) <= 5 + 2 + 2
        return seen

    seen = asyncio.run(consume())
    assert b"".join(seen) == b"".join(f"{n};".encode() for n in range(50))
    assert threading.get_ident() not in threads


@pytest.mark.django_db
def test_an_error_in_the_producer_reaches_the_consumer():
    def chunks():
        yield b"a"
        raise ValueError("rusak")

    async def consume():
        return [part async for part in ThreadedStreamingResponse(chunks())]

    with pytest.raises(ValueError, match="rusak"):
        asyncio.run(consume())


def test_slots_limit_concurrent_streams_and_free_on_close():
    slots = streaming.Slots(1)
    first = slots.take(iter([b"a", b"b"]))
    assert first is not None
    assert slots.take(iter([b"c"])) is None
    assert list(first) == [b"a", b"b"]  # consumed to the end: the slot is free again
    second = slots.take(iter([b"c"]))
    assert second is not None
    second.close()  # closed without being read: freed too
    assert slots.take(iter([b"d"])) is not None
