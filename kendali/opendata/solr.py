"""The part of Solr's query syntax that CKAN clients send in ``q`` and ``fq``: ``field:value``
terms, quoted phrases, ranges (``[a TO b]``, ``{a TO b}``, ``*`` for open ends), ``-``/``+``/
``NOT`` prefixes, ``AND``, ``OR`` and parentheses. Anything else is refused with a
``SolrSyntaxError`` that says what and where, never guessed at.

Precedence: ``OR`` binds tighter than ``AND`` (or a plain space), so the CKAN harvester's
``organization:a OR organization:b metadata_modified:[X TO *]`` reads as
``(organization:a OR organization:b) AND metadata_modified:[X TO *]``, which is what it means.
Solr's classic parser would make both organization terms optional next to the required range
and ignore them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_QUERY_LENGTH = 4000
MAX_DEPTH = 20
MAX_CLAUSES = 200

FIELD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
# Solr's date format, in UTC: 2026-11-01T00:00:00Z, with up to nine digits of fraction.
SOLR_DATE_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z", re.ASCII
)


class SolrSyntaxError(ValueError):
    """A query Kendali does not read: bad syntax, an unknown field, a value out of range."""


@dataclass(frozen=True)
class Term:
    field: str | None  # None: free text
    value: str
    phrase: bool = False  # quoted: match the whole value, never a pattern


@dataclass(frozen=True)
class Range:
    field: str
    low: str | None  # None: open (*)
    high: str | None
    include_low: bool
    include_high: bool


@dataclass(frozen=True)
class Not:
    clause: Node


@dataclass(frozen=True)
class And:
    clauses: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    clauses: tuple[Node, ...]


@dataclass(frozen=True)
class MatchAll:
    pass


Node = Term | Range | Not | And | Or | MatchAll

_SPECIAL = set('()[]{}":')


@dataclass
class _Token:
    kind: str  # word, phrase, (, ), [, ], {, }, :, -, +
    text: str
    at: int


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char == '"':
            j, parts = i + 1, []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                parts.append(text[j])
                j += 1
            if j >= n:
                raise SolrSyntaxError(f"unbalanced quote at position {i + 1}")
            tokens.append(_Token("phrase", "".join(parts), i))
            i = j + 1
        elif char in "[{":
            tokens.append(_Token(char, char, i))
            i = _range_tokens(text, i + 1, tokens)
        elif char in _SPECIAL:
            tokens.append(_Token(char, char, i))
            i += 1
        elif char in "-+!" and (i == 0 or text[i - 1].isspace() or text[i - 1] == "("):
            tokens.append(_Token("-" if char == "!" else char, char, i))
            i += 1
        else:
            j, parts = i, []
            while j < n and not text[j].isspace() and text[j] not in _SPECIAL:
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                parts.append(text[j])
                j += 1
            tokens.append(_Token("word", "".join(parts), i))
            i = j
    return tokens


def _range_tokens(text: str, i: int, tokens: list[_Token]) -> int:
    """Inside ``[...]`` or ``{...}`` a bound runs to a space or a closing bracket, so dates
    keep their colons (Lucene's "range goop")."""
    n = len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "]}":
            tokens.append(_Token(char, char, i))
            return i + 1
        elif char == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise SolrSyntaxError(f"unbalanced quote at position {i + 1}")
            tokens.append(_Token("phrase", text[i + 1 : end], i))
            i = end + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in "]}":
                j += 1
            tokens.append(_Token("word", text[i:j], i))
            i = j
    raise SolrSyntaxError("unbalanced range bracket: missing ']' or '}'")


class _Parser:
    def __init__(self, text: str, fields: frozenset[str], free_text: bool) -> None:
        self.tokens = _tokens(text)
        self.position = 0
        self.fields = fields
        self.free_text = free_text
        self.depth = 0
        self.clauses = 0
        self.default_field: str | None = None

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise SolrSyntaxError("unexpected end of query")
        self.position += 1
        return token

    def is_word(self, *words: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "word" and token.text in words

    def query(self) -> Node:
        parts = [self.disjunction()]
        while True:
            token = self.peek()
            if token is None or token.kind == ")":
                break
            if self.is_word("AND", "&&"):
                self.take()
            parts.append(self.disjunction())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def disjunction(self) -> Node:
        parts = [self.unary()]
        while self.is_word("OR", "||"):
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def unary(self) -> Node:
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise SolrSyntaxError(f"more than {MAX_CLAUSES} clauses")
        token = self.peek()
        if token is not None and (
            token.kind == "-" or (token.kind == "word" and token.text == "NOT")
        ):
            self.take()
            return Not(self.unary())
        if token is not None and token.kind == "+":
            self.take()
            return self.unary()
        return self.primary()

    def group(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise SolrSyntaxError(f"parentheses nested deeper than {MAX_DEPTH}")
        node = self.query()
        closing = self.take()
        if closing.kind != ")":
            raise SolrSyntaxError(f"expected ')' at position {closing.at + 1}")
        self.depth -= 1
        return node

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "(":
            return self.group()
        if token.kind in {"[", "{"} and self.default_field is not None:
            return self.range(self.default_field, token)
        if token.kind == "phrase":
            return self.free(token, phrase=True)
        if token.kind != "word" or token.text in {"AND", "OR", "NOT", "&&", "||"}:
            raise SolrSyntaxError(f"unexpected '{token.text}' at position {token.at + 1}")
        following = self.peek()
        if following is None or following.kind != ":":
            if token.text in {"*", "*:*"} and self.default_field is None:
                return MatchAll()
            return self.free(token, phrase=False)
        self.take()  # the colon
        field = token.text
        value = self.peek()
        if field == "*" and value is not None and value.kind == "word" and value.text == "*":
            self.take()
            return MatchAll()
        if self.default_field is not None:
            raise SolrSyntaxError(f"a field inside {self.default_field}:( ) at {token.at + 1}")
        if not FIELD_RE.fullmatch(field):
            raise SolrSyntaxError(f"cannot read field name '{field}'")
        if field not in self.fields:
            raise SolrSyntaxError(f"undefined field {field}")
        return self.field_value(field)

    def free(self, token: _Token, *, phrase: bool) -> Node:
        if self.default_field is not None:
            return Term(self.default_field, token.text, phrase)
        if not self.free_text:
            raise SolrSyntaxError(
                f"'{token.text}' at position {token.at + 1} needs a field (field:value)"
            )
        return Term(None, token.text, phrase)

    def field_value(self, field: str) -> Node:
        token = self.take()
        if token.kind in {"[", "{"}:
            return self.range(field, token)
        if token.kind == "(":
            # field:(a OR b): the same operators, every word a value of that field
            self.default_field = field
            try:
                return self.group()
            finally:
                self.default_field = None
        if token.kind == "phrase":
            return Term(field, token.text, phrase=True)
        if token.kind == "word" and token.text not in {"AND", "OR", "NOT", "&&", "||"}:
            return Term(field, token.text)
        raise SolrSyntaxError(f"missing value for {field} at position {token.at + 1}")

    def range(self, field: str, opening: _Token) -> Node:
        low = self.bound()
        to = self.take()
        if to.kind != "word" or to.text != "TO":
            raise SolrSyntaxError(f"expected TO at position {to.at + 1}")
        high = self.bound()
        closing = self.take()
        if closing.kind not in {"]", "}"}:
            raise SolrSyntaxError(f"expected ']' or '}}' at position {closing.at + 1}")
        return Range(field, low, high, opening.kind == "[", closing.kind == "]")

    def bound(self) -> str | None:
        token = self.take()
        if token.kind not in {"word", "phrase"}:
            raise SolrSyntaxError(f"missing range bound at position {token.at + 1}")
        return None if token.text == "*" and token.kind == "word" else token.text


def parse(text: str, fields: frozenset[str], *, free_text: bool = False) -> Node:
    """Read ``text``; only ``fields`` may be named; free words only where ``free_text``."""
    if len(text) > MAX_QUERY_LENGTH:
        raise SolrSyntaxError(f"query longer than {MAX_QUERY_LENGTH} characters")
    if not text.strip():
        return MatchAll()
    parser = _Parser(text, fields, free_text)
    if not parser.tokens:
        return MatchAll()
    node = parser.query()
    leftover = parser.peek()
    if leftover is not None:
        raise SolrSyntaxError(f"unexpected '{leftover.text}' at position {leftover.at + 1}")
    return node


def parse_date(value: str) -> datetime:
    """A Solr date bound (UTC, ``Z``) as an aware datetime."""
    match = SOLR_DATE_RE.fullmatch(value)
    if not match:
        raise SolrSyntaxError(f"Invalid Date String:'{value}'")
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0").ljust(6, "0")[:6]),
            tzinfo=UTC,
        )
    except ValueError:
        raise SolrSyntaxError(f"Invalid Date String:'{value}'") from None
