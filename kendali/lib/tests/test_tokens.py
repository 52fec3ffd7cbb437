"""Hashed tokens: the secret is shown once, only its digest is kept, and lookups are strict."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kendali.lib.tokens import digest_of
from kendali.open311.models import ApiKey
from kendali.telemetry.models import IngestToken

pytestmark = pytest.mark.django_db


def test_only_the_digest_and_a_prefix_are_stored():
    token, secret = IngestToken.issue("Pos TMA")
    assert secret.startswith("kdt_") and len(secret) > 40
    token.refresh_from_db()
    assert token.digest == digest_of(secret) and secret not in token.digest
    assert token.prefix == secret[:12]
    assert IngestToken.matching(secret).get() == token


@pytest.mark.parametrize(
    "guess",
    ["", "   ", "kdt_", "kdl_" + "x" * 40, "kdt_" + "x" * 300, "kdt_\ud800", "kdt_\x00", "o311_x"],
)
def test_anything_that_cannot_be_a_token_matches_nothing(guess):
    IngestToken.issue("Pos TMA")
    assert not IngestToken.matching(guess).exists()


def test_a_revoked_token_matches_nothing():
    key, secret = ApiKey.create_with_secret(name="Aplikasi")
    key.revoke()
    assert key.is_revoked and not ApiKey.matching(secret).exists()


def test_use_is_recorded_at_most_once_a_minute():
    token, _secret = IngestToken.issue("Pos TMA")
    start = timezone.now()
    token.touch(start)
    token.touch(start + timedelta(seconds=30))
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        token.touch()
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(minutes=2)
