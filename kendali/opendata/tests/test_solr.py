"""The Solr subset CKAN clients send in q and fq: what it reads, and what it refuses."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from kendali.opendata.solr import (
    And,
    MatchAll,
    Not,
    Or,
    Range,
    SolrSyntaxError,
    Term,
    parse,
    parse_date,
)

FIELDS = frozenset({"organization", "groups", "tags", "name", "metadata_modified", "res_format"})


def test_it_reads_the_harvesters_incremental_filter_as_orgs_and_since():
    node = parse(
        "organization:dpu OR organization:dishub metadata_modified:[2026-11-01T00:00:00.123456Z TO *]",
        FIELDS,
    )
    assert node == And(
        (
            Or((Term("organization", "dpu"), Term("organization", "dishub"))),
            Range("metadata_modified", "2026-11-01T00:00:00.123456Z", None, True, True),
        )
    )


def test_it_reads_exclusions_prefixes_and_not():
    assert parse("-organization:a -organization:b", FIELDS) == And(
        (Not(Term("organization", "a")), Not(Term("organization", "b")))
    )
    assert parse("NOT name:x", FIELDS) == Not(Term("name", "x"))
    assert parse("!name:x", FIELDS) == Not(Term("name", "x"))
    assert parse("+name:x", FIELDS) == Term("name", "x")
    assert parse("name:laporan-warga", FIELDS) == Term("name", "laporan-warga")


def test_it_reads_parentheses_phrases_and_field_groups():
    assert parse('tags:(banjir OR "laporan warga")', FIELDS) == Or(
        (Term("tags", "banjir"), Term("tags", "laporan warga", phrase=True))
    )
    assert parse("(organization:a AND -name:x) OR tags:y", FIELDS) == Or(
        (And((Term("organization", "a"), Not(Term("name", "x")))), Term("tags", "y"))
    )
    assert parse("organization:a && tags:b || tags:c", FIELDS) == And(
        (Term("organization", "a"), Or((Term("tags", "b"), Term("tags", "c"))))
    )


def test_it_reads_exclusive_and_open_ranges():
    assert parse("metadata_modified:{* TO 2026-01-01T00:00:00Z}", FIELDS) == Range(
        "metadata_modified", None, "2026-01-01T00:00:00Z", False, False
    )
    assert parse("metadata_modified:[* TO *]", FIELDS) == Range(
        "metadata_modified", None, None, True, True
    )


@pytest.mark.parametrize("text", ["", "   ", "*:*", "*"])
def test_empty_and_match_all(text):
    assert parse(text, FIELDS) == MatchAll()


def test_free_words_only_where_allowed():
    assert parse("banjir name:x", FIELDS, free_text=True) == And(
        (Term(None, "banjir"), Term("name", "x"))
    )
    with pytest.raises(SolrSyntaxError, match="needs a field"):
        parse("banjir", FIELDS)


def test_unicode_values_are_read_as_they_are():
    assert parse('tags:"pelayanan publik — Bandung ✓"', FIELDS) == Term(
        "tags", "pelayanan publik — Bandung ✓", phrase=True
    )
    assert parse("tags:ᮘᮔ᮪ᮓᮥᮀ", FIELDS) == Term("tags", "ᮘᮔ᮪ᮓᮥᮀ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("organization:[a TO", "unbalanced range"),
        ("metadata_modified:[2026-01-01T00:00:00Z TO *", "unbalanced range"),
        ("metadata_modified:{* TO 2026-01-01T00:00:00Z", "unbalanced range"),
        ("organization:(a", "end of query"),
        ("(organization:a", "end of query"),
        ("organization:a)", "unexpected ')'"),
        ('tags:"banjir', "unbalanced quote"),
        ("colour:red", "undefined field colour"),
        ("organization:", "end of query"),
        ("organization:a OR", "end of query"),
        ("AND organization:a", "unexpected 'AND'"),
        ("name:[a b]", "expected TO"),
        ("name:(tags:x)", "a field inside"),
        ("na$me:x", "cannot read field name"),
        ("(" * 30 + "name:x" + ")" * 30, "nested deeper"),
        (" OR ".join(["name:x"] * 300), "more than"),
        ("name:x " * 1000, "longer than"),
        ("\ud800:x", "cannot read field name"),
    ],
)
def test_it_refuses_what_it_cannot_read(text, message):
    with pytest.raises(SolrSyntaxError, match=re.escape(message)):
        parse(text, FIELDS)


def test_dates_are_solr_utc_dates():
    assert parse_date("2026-11-01T03:04:05Z") == datetime(2026, 11, 1, 3, 4, 5, tzinfo=UTC)
    assert parse_date("2026-11-01T03:04:05.123456789Z").microsecond == 123456
    for bad in [
        "2026-11-01T03:04:05",
        "2026-11-01T03:04:05+07:00",
        "2026-13-01T00:00:00Z",
        "NOW-1DAY",
        "99999999999999999999-01-01T00:00:00Z",
        "２０２６-11-01T00:00:00Z",
    ]:
        with pytest.raises(SolrSyntaxError, match="Invalid Date"):
            parse_date(bad)
