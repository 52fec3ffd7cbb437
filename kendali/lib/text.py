"""Text that a database can store: no lone UTF-16 surrogate, no NUL.

Python strings may hold a lone surrogate ("\\ud800", from a JSON escape such as ``"\\ud800"``)
that UTF-8 cannot encode: SQLite and PostgreSQL raise on it, which would be a 500. Neither
database stores NUL in text either. Untrusted text is checked here before it reaches a query.
"""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
# A \\uD800-\\uDFFF escape in raw JSON: only then can parsed strings hold a lone surrogate
# (raw UTF-8 bytes cannot encode one; Python's decoder refuses them).
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89abcdefABCDEF]")
_ESCAPED_SURROGATE_TEXT = re.compile(r"\\u[dD][89abcdefABCDEF]")


def has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone UTF-16 surrogate (a pair would have been combined)."""
    return _SURROGATE.search(text) is not None


def storable(text: str) -> bool:
    """True when ``text`` can be stored and compared by SQLite and PostgreSQL."""
    return "\x00" not in text and not has_surrogate(text)


def may_hold_surrogates(raw: bytes | str) -> bool:
    """A cheap test of a JSON document before parsing: False means no parsed string can hold
    a lone surrogate, so the parsed value needs no walk."""
    if isinstance(raw, str):
        return _ESCAPED_SURROGATE_TEXT.search(raw) is not None or has_surrogate(raw)
    # UTF-16 and UTF-32 documents (which json.loads also reads) have NULs in their first bytes.
    return b"\x00" in raw[:4] or _ESCAPED_SURROGATE.search(raw) is not None


def first_surrogate(value: Any) -> str | None:
    """The first string (a key or a value) in a parsed JSON value that holds a lone surrogate,
    or None. Walks without recursion, so any nesting depth is fine."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_surrogate(item):
                return item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None
