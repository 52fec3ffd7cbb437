"""Ten failed sign-ins lock the account, or the address, on every login path: the console, the
admin, the second-factor step and API tokens. The eleventh try is refused even when right."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import bearer
from kendali.agencies.models import ApiToken
from kendali.audit.models import AuditEntry

PASSWORD = "kata-sandi-yang-panjang-7"


@pytest.fixture
def staff(supervisor):
    supervisor.set_password(PASSWORD)
    supervisor.is_staff = True
    supervisor.is_superuser = True
    supervisor.save()
    return supervisor


def post(path, username, password, address, client=None):
    return (client or Client()).post(
        path, {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.parametrize("path", ["/console/masuk/", "/admin/login/"])
def test_ten_guesses_from_ten_addresses_lock_the_account(world, staff, path):
    for n in range(10):
        response = post(path, staff.username, f"salah-{n}-xxxxxxxx", f"10.0.0.{n + 1}")
        assert response.status_code in {200, 429}
    client = Client()
    response = post(path, staff.username, PASSWORD, "10.0.1.99", client)
    assert response.status_code == 429
    assert "dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/console/").status_code == 302  # still signed out


@pytest.mark.parametrize("path", ["/console/masuk/", "/admin/login/"])
def test_ten_guesses_at_ten_accounts_lock_the_address(world, staff, path):
    for n in range(10):
        post(path, f"tebakan{n}", "salah-salah-salah", "10.9.9.9")
    response = post(path, staff.username, PASSWORD, "10.9.9.9")
    assert response.status_code == 429
    # Another address may still sign in to the same account.
    other = Client()
    response = post(path, staff.username, PASSWORD, "10.9.9.10", other)
    assert response.status_code == 302


def test_the_lock_lifts_after_the_cool_off(world, staff, settings):
    for n in range(10):
        post("/console/masuk/", staff.username, "salah-salah-salah", f"10.0.0.{n + 1}")
    assert post("/console/masuk/", staff.username, PASSWORD, "10.0.2.1").status_code == 429
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert post("/console/masuk/", staff.username, PASSWORD, "10.0.2.1").status_code == 302


def test_nine_failures_do_not_lock(world, staff):
    for _n in range(9):
        post("/console/masuk/", staff.username, "salah-salah-salah", "10.0.0.1")
    assert post("/console/masuk/", staff.username, PASSWORD, "10.0.0.1").status_code == 302


def test_the_locked_page_follows_the_console_language(world, staff):
    for _n in range(10):
        post("/console/masuk/", staff.username, "salah-salah-salah", "10.0.0.1")
    client = Client()
    client.cookies["django_language"] = "en"
    response = post("/console/masuk/", staff.username, PASSWORD, "10.0.0.1", client)
    assert response.status_code == 429
    assert '<html lang="en"' in response.content.decode()


def test_failures_and_lockouts_are_audited_without_the_password(world, staff):
    for n in range(10):
        post("/console/masuk/", staff.username, f"rahasia-{n}-zzz", "10.0.0.1")
    post("/console/masuk/", "bukan-akun", "rahasia-x-zzz", "10.0.0.2")
    failed = AuditEntry.objects.filter(action="account.login_failed")
    assert failed.filter(object_id=str(staff.pk)).count() == 10
    unknown = failed.exclude(object_id=str(staff.pk)).get()
    assert unknown.after["known_account"] is False and "bukan-akun" not in str(unknown.after)
    assert AuditEntry.objects.filter(action="account.locked_out").exists()
    everything = " ".join(f"{e.object_repr} {e.before} {e.after}" for e in AuditEntry.objects.all())
    assert "rahasia-" not in everything


def test_wrong_second_factor_codes_lock_the_account(world, staff, two_factor_required):
    device = TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)
    client = Client()
    assert post("/console/masuk/", staff.username, PASSWORD, "10.0.0.1", client).status_code == 302
    for n in range(10):
        # Each guess from its own address, so only the account's count can lock.
        response = client.post(
            "/console/masuk/kode/", {"code": "000000"}, REMOTE_ADDR=f"10.1.{n}.1"
        )
        assert response.status_code in {400, 429}
    good = totp(device.bin_key)
    response = client.post("/console/masuk/kode/", {"code": f"{good:06d}"}, REMOTE_ADDR="10.2.0.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    steps = AuditEntry.objects.filter(action="account.login_failed").values_list("after", flat=True)
    assert sum(1 for after in steps if after["step"] == "second_factor") == 10


def test_wrong_api_tokens_lock_the_address(world, operator):
    good = bearer(operator)
    for n in range(10):
        response = Client().get(
            "/api/v1/me", HTTP_AUTHORIZATION=f"Bearer kdl_wrong{n}", REMOTE_ADDR="10.5.5.5"
        )
        assert response.status_code in {401, 429}
    response = Client().get("/api/v1/me", REMOTE_ADDR="10.5.5.5", **good)
    assert response.status_code == 429
    assert response.json()["detail"]
    # The token itself still works from elsewhere: a token names no account to lock.
    assert Client().get("/api/v1/me", REMOTE_ADDR="10.5.5.6", **good).status_code == 200


def test_wrong_tokens_on_the_event_stream_and_ingest_count_too(world, operator):
    for n in range(5):
        Client().get(
            "/api/v1/events", HTTP_AUTHORIZATION=f"Bearer kdl_x{n}", REMOTE_ADDR="10.6.6.6"
        )
    for n in range(5):
        Client().post(
            "/api/v1/readings",
            [],
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer kdt_x{n}",
            REMOTE_ADDR="10.6.6.6",
        )
    _token, secret = ApiToken.issue(operator, "x")
    response = Client().get(
        "/api/v1/events", HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR="10.6.6.6"
    )
    assert response.status_code == 429
