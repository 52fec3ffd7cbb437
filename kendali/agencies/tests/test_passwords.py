"""Passwords of at least 12 characters, not common, not all digits, not like the name."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from kendali.agencies.models import User


@pytest.mark.parametrize(
    "password",
    ["pendek-9x", "abcdefghijk", "password1234", "123456789012345", "supervisor-01"],
)
def test_weak_passwords_are_refused(password):
    user = User(username="supervisor", first_name="Supervisor")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unusual_password_is_accepted():
    validate_password("kuda-terbang-di-atas-gedung-sate", User(username="supervisor"))


def test_the_minimum_cannot_be_set_below_twelve():
    env = dict(os.environ, KENDALI_PASSWORD_MIN_LENGTH="8")
    result = subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.DEBUG"],
        env=env | {"DJANGO_SETTINGS_MODULE": "kendali.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "KENDALI_PASSWORD_MIN_LENGTH" in result.stderr
