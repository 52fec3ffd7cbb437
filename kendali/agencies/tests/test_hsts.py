"""Served over https (KENDALI_HTTPS), every secure answer carries HSTS; over plain http none."""

import json
import os
import subprocess
import sys

from django.test import Client

SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "s.SESSION_COOKIE_SECURE, getattr(s, 'SECURE_PROXY_SSL_HEADER', None)]))"
)


def settings_with(**env):
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env=dict(os.environ, DJANGO_SETTINGS_MODULE="kendali.settings", **env),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_https_turns_hsts_on():
    seconds, subdomains, secure_cookie, proxy = settings_with(
        KENDALI_HTTPS="true", KENDALI_BEHIND_PROXY="true"
    )
    assert seconds == 365 * 24 * 3600 and subdomains is False and secure_cookie is True
    assert proxy == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_plain_http_sends_no_hsts():
    seconds, _subdomains, secure_cookie, _proxy = settings_with(KENDALI_HTTPS="false")
    assert seconds == 0 and secure_cookie is False


def test_a_secure_request_gets_the_header(world, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    assert "Strict-Transport-Security" not in Client().get("/healthz")
    response = Client().get("/healthz", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"
