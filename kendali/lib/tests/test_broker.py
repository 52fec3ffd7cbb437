import asyncio
import threading

from kendali.lib.broker import Event, InProcessBroker


def run(coroutine_function):
    """Run a coroutine on a fresh loop in its own thread, as a server's loop would be."""
    result = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(coroutine_function())))
    thread.start()
    thread.join(10)
    return result[0]


def test_events_published_from_another_thread_reach_subscribers():
    broker = InProcessBroker()

    async def scenario():
        subscription = broker.subscribe()
        thread = threading.Thread(
            target=broker.publish, args=(Event("report.created", {"ticket": "X"}),)
        )
        thread.start()
        event = await subscription.get(timeout=2)
        thread.join()
        subscription.close()
        return event

    event = run(scenario)
    assert event is not None and event.kind == "report.created" and event.id == 1
    assert broker.subscriber_count == 0


def test_a_slow_subscriber_is_told_it_overflowed():
    broker = InProcessBroker()

    async def scenario():
        subscription = broker.subscribe()
        for number in range(600):
            broker.publish(Event("report.changed", {"n": number}))
        await asyncio.sleep(0.05)
        return subscription

    subscription = run(scenario)
    assert subscription.overflowed


def test_get_times_out_quietly():
    broker = InProcessBroker()

    async def scenario():
        return await broker.subscribe().get(timeout=0.01)

    assert run(scenario) is None
