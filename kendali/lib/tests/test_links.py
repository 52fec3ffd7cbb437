"""Absolute links: the public URL setting first, then what the caller knows."""

from __future__ import annotations

from django.test import RequestFactory

from kendali.lib.links import absolute, is_absolute_url, public_root


def test_the_public_url_setting_wins(settings):
    settings.PUBLIC_URL = "https://kota.example"
    request = RequestFactory().get("/")  # testserver: the host the console was reached on
    assert absolute(request, "/a/") == "https://kota.example/a/"
    assert public_root(request, "http://127.0.0.1:8000") == "https://kota.example"


def test_without_the_setting_a_fallback_then_the_request(settings):
    settings.PUBLIC_URL = ""
    request = RequestFactory().get("/")
    assert public_root(request, "http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    assert public_root(request) == "http://testserver"
    assert absolute(None, "/a/") == "/a/"


def test_nothing_absolute_is_no_root(settings):
    settings.PUBLIC_URL = ""
    assert public_root(None) == ""
    settings.PUBLIC_URL = "kota.example"  # no scheme: not a URL another system can follow
    assert public_root(None) == ""
    assert public_root(None, "http://127.0.0.1:8000") == ""


def test_what_counts_as_absolute():
    assert is_absolute_url("https://kota.example/peringatan/x/")
    assert is_absolute_url("http://127.0.0.1:8000")
    for url in ("/peringatan/x/", "kota.example/x", "ftp://kota.example/", "https:///x", ""):
        assert not is_absolute_url(url), url
