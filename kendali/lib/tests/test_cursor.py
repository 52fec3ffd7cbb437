from datetime import UTC, datetime

import pytest

from kendali.lib.cursor import BadCursor, decode_cursor, encode_cursor


def test_a_cursor_round_trips():
    moment = datetime(2026, 5, 1, 10, 30, 15, 123456, tzinfo=UTC)
    assert decode_cursor(encode_cursor(moment, 42)) == (moment, 42)


@pytest.mark.parametrize("raw", ["", "!!!", "bm90LWEtY3Vyc29y", encode_cursor.__name__])
def test_a_forged_cursor_is_refused(raw):
    with pytest.raises(BadCursor):
        decode_cursor(raw)
