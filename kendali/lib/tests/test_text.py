import json

import pytest

from kendali.lib.body import loads
from kendali.lib.text import first_surrogate, has_surrogate, may_hold_surrogates, storable


def test_a_lone_surrogate_is_found_and_a_pair_is_not():
    assert has_surrogate("a\ud800b")
    assert not has_surrogate(json.loads('"\\ud83d\\ude00"'))  # an emoji, escaped as a pair
    assert not storable("a\ud800") and not storable("a\x00b") and storable("Bandung ✓")


def test_the_walk_finds_surrogates_in_keys_and_deep_values():
    deep: list = []
    node = deep
    for _ in range(50_000):
        node.append([])
        node = node[0]
    node.append({"\udfff": 1})
    assert first_surrogate(deep) == "\udfff"
    assert first_surrogate({"a": [1, "b", {"c": None}]}) is None


def test_only_documents_that_can_hold_one_are_walked():
    assert not may_hold_surrogates(b'{"a": "\\u00e9"}')
    assert may_hold_surrogates(b'{"a": "\\uD800"}')
    assert may_hold_surrogates('{"a": "\\udbff"}')
    assert may_hold_surrogates('{"a": "\ud800"}')
    assert may_hold_surrogates('{"a": "x"}'.encode("utf-16"))


@pytest.mark.parametrize(
    "document",
    [b'{"a": "\\ud800"}', b'["\\udc00"]', '{"\\ud800": 1}', '{"a": "\\ud800"}'.encode("utf-16")],
)
def test_loads_refuses_a_lone_surrogate_as_bad_json(document):
    with pytest.raises(ValueError, match="surrogate"):
        loads(document)


def test_loads_keeps_escaped_pairs():
    assert loads(b'{"a": "\\ud83d\\ude00"}') == {"a": "\U0001f600"}
