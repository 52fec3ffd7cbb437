from dataclasses import dataclass

import pytest

from kendali.lib.hooks import Hook, all_hooks, declare


@dataclass
class Payload:
    seen: list[str]


def test_handlers_run_in_order_of_their_number_whatever_the_order_they_came_in():
    hook: Hook[Payload] = Hook("test")
    hook.register(lambda p: p.seen.append("late"), order=90, name="late")
    hook.register(lambda p: p.seen.append("early"), order=10, name="early")
    payload = Payload([])
    hook(payload)
    assert payload.seen == ["early", "late"]
    assert hook.handlers() == ["early", "late"]


def test_registering_the_same_name_twice_keeps_one_handler():
    hook: Hook[Payload] = Hook("test")
    hook.register(lambda p: p.seen.append("a"), name="one")
    hook.register(lambda p: p.seen.append("b"), name="one")
    payload = Payload([])
    hook(payload)
    assert payload.seen == ["b"]


def test_a_handler_that_raises_stops_the_ones_after_it():
    hook: Hook[Payload] = Hook("test")

    def refuse(payload: Payload) -> None:
        raise ValueError("no")

    hook.register(refuse, order=10, name="refuse")
    hook.register(lambda p: p.seen.append("after"), order=20, name="after")
    payload = Payload([])
    with pytest.raises(ValueError, match="no"):
        hook(payload)
    assert payload.seen == []


def test_collect_returns_what_the_handlers_returned():
    hook: Hook[Payload] = Hook("test")
    hook.register(lambda p: 1, name="one")
    hook.register(lambda p: None, name="nothing")
    hook.register(lambda p: 2, name="two")
    assert hook.collect(Payload([])) == [1, 2]


def test_declare_gives_the_same_hook_for_the_same_name():
    first = declare("test.same")
    assert declare("test.same") is first
    assert all_hooks()["test.same"] is first
