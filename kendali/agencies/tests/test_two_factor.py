"""A second factor: required roles enrol before they can use the console, everyone else may;
a person with one is asked the code after the password, on the console and the admin alike."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kendali.agencies import twofactor
from kendali.audit.models import AuditEntry

PASSWORD = "kata-sandi-yang-panjang-7"


def with_password(user, **extra):
    user.set_password(PASSWORD)
    for name, value in extra.items():
        setattr(user, name, value)
    user.save()
    return user


def sign_in(client, user, path="/console/masuk/"):
    return client.post(path, {"username": user.username, "password": PASSWORD})


def code_for(device, offset=0):
    return f"{totp(device.bin_key, t0=device.t0 - offset * device.step):06d}"


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    codes = twofactor.new_recovery_codes(user)
    return device, codes


def signed_in(client):
    return "_auth_user_id" in client.session


def test_a_supervisor_without_a_device_must_enrol_before_anything(
    world, supervisor, two_factor_required
):
    with_password(supervisor)
    client = Client()
    response = sign_in(client, supervisor)
    assert response.status_code == 302 and response["Location"] == "/console/keamanan/daftar/"
    assert not signed_in(client)
    assert client.get("/console/").status_code == 302  # not signed in yet
    assert client.get("/api/v1/me").status_code == 401

    page = client.get("/console/keamanan/daftar/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=supervisor, confirmed=False)
    assert secret.rstrip("=") in device.config_url

    assert client.post("/console/keamanan/daftar/", {"code": "123"}).status_code == 400
    assert not signed_in(client)

    done = client.post("/console/keamanan/daftar/", {"code": code_for(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert signed_in(client)
    assert client.get("/console/").status_code == 200
    assert AuditEntry.objects.filter(action="account.2fa_enrolled", object_id=str(supervisor.pk))
    login = AuditEntry.objects.get(action="account.login")
    assert login.after["method"] == "password+totp"


def test_an_enrolled_person_is_asked_the_code_after_the_password(world, operator):
    with_password(operator)
    device, _codes = enrolled(operator)
    client = Client()
    response = sign_in(client, operator)
    assert response["Location"] == "/console/masuk/kode/"
    assert not signed_in(client)
    assert client.post("/console/masuk/kode/", {"code": "000000"}).status_code == 400
    assert not signed_in(client)
    # django-otp's throttle makes the next try wait a second after a wrong code.
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        good = code_for(device)
        assert client.post("/console/masuk/kode/", {"code": good})["Location"] == "/console/"
    assert signed_in(client)
    assert client.get("/console/").status_code == 200

    # The same code cannot be used twice.
    again = Client()
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        sign_in(again, operator)
        assert again.post("/console/masuk/kode/", {"code": good}).status_code == 400


def test_a_recovery_code_works_once(world, operator):
    with_password(operator)
    _device, codes = enrolled(operator)
    first = Client()
    sign_in(first, operator)
    assert first.post("/console/masuk/kode/", {"code": codes[0].upper()}).status_code == 302
    assert AuditEntry.objects.get(action="account.login").after["method"] == (
        "password+recovery_code"
    )
    second = Client()
    sign_in(second, operator)
    assert second.post("/console/masuk/kode/", {"code": codes[0]}).status_code == 400
    assert StaticToken.objects.filter(device__user=operator).count() == 9


def test_an_operator_signs_in_without_and_may_add_one(world, operator, two_factor_required):
    with_password(operator)
    client = Client()
    assert sign_in(client, operator)["Location"] == "/console/"
    assert signed_in(client)
    page = client.get("/console/keamanan/")
    assert page.status_code == 200 and "Belum aktif" in page.content.decode()
    client.get("/console/keamanan/daftar/")
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    assert client.post("/console/keamanan/daftar/", {"code": code_for(device)}).status_code == 200
    assert "Aktif" in client.get("/console/keamanan/").content.decode()
    # From now on the login asks the code.
    assert sign_in(Client(), operator)["Location"] == "/console/masuk/kode/"


def test_a_session_without_the_second_factor_reaches_nothing(
    world, supervisor, two_factor_required
):
    client = Client()
    client.force_login(supervisor)
    assert client.get("/console/")["Location"] == "/console/keamanan/daftar/"
    assert client.get("/console/peta/")["Location"] == "/console/keamanan/daftar/"
    assert client.get("/admin/")["Location"] == "/console/keamanan/daftar/"
    response = client.get("/api/v1/me")
    assert response.status_code == 403 and response.json()["detail"]
    assert client.get("/console/keamanan/daftar/").status_code == 200


def test_a_session_of_an_enrolled_person_that_never_showed_the_code_is_ended(world, operator):
    enrolled(operator)
    client = Client()
    client.force_login(operator)
    response = client.get("/console/")
    assert response.status_code == 302 and response["Location"].startswith("/console/masuk/")
    assert not signed_in(client)


def test_the_admin_login_asks_the_code_too(world, supervisor, two_factor_required):
    with_password(supervisor, is_staff=True, is_superuser=True)
    device, _codes = enrolled(supervisor)
    client = Client()
    response = sign_in(client, supervisor, "/admin/login/?next=/admin/")
    assert response["Location"] == "/console/masuk/kode/"
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302
    response = client.post("/console/masuk/kode/", {"code": code_for(device)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_half_way_state_expires(world, operator):
    with_password(operator)
    device, _codes = enrolled(operator)
    client = Client()
    sign_in(client, operator)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = client.post("/console/masuk/kode/", {"code": code_for(device)})
    assert response["Location"] == "/console/masuk/"
    assert not signed_in(client)


def test_removing_the_second_factor_asks_a_code_and_is_audited(
    world, supervisor, two_factor_required
):
    with_password(supervisor)
    device, codes = enrolled(supervisor)
    client = Client()
    sign_in(client, supervisor)
    client.post("/console/masuk/kode/", {"code": code_for(device)})
    assert client.post("/console/keamanan/hapus/", {"code": "999999"}).status_code == 400
    assert twofactor.is_enrolled(supervisor)
    response = client.post("/console/keamanan/hapus/", {"code": codes[1]})
    assert response.status_code == 302
    assert not twofactor.is_enrolled(supervisor)
    assert AuditEntry.objects.filter(action="account.2fa_removed").count() == 1
    # A supervisor without a second factor is sent to set up a new one.
    assert client.get("/console/")["Location"] == "/console/keamanan/daftar/"


def test_new_recovery_codes_replace_the_old_ones(world, operator):
    with_password(operator)
    device, codes = enrolled(operator)
    client = Client()
    sign_in(client, operator)
    client.post("/console/masuk/kode/", {"code": code_for(device)})
    response = client.post("/console/keamanan/kode-pemulihan/", {"code": codes[0]})
    fresh = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert AuditEntry.objects.filter(action="account.2fa_recovery_renewed").exists()
    secrets = " ".join(str(e.after) for e in AuditEntry.objects.all())
    assert not any(code in secrets for code in fresh + codes)


@pytest.mark.parametrize("path", ["/console/keamanan/", "/console/keamanan/daftar/"])
def test_the_security_pages_need_a_login(world, citizen, path):
    response = citizen.get(path)
    assert response.status_code == 302 and "/console/masuk/" in response["Location"]


@pytest.mark.parametrize("path", ["/console/keamanan/hapus/", "/console/keamanan/kode-pemulihan/"])
def test_changes_refuse_anonymous_and_get(world, citizen, operator, path):
    assert citizen.post(path, {"code": "123456"}).status_code == 302
    client = Client()
    client.force_login(operator)
    assert client.get(path).status_code == 405


def test_the_required_roles_come_from_the_setting(world, operator, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["operator"]
    with_password(operator)
    assert sign_in(Client(), operator)["Location"] == "/console/keamanan/daftar/"
