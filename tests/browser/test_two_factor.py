"""A supervisor signs in for the first time: the console sends them to set up an authenticator
(QR code and key), they confirm with a code and get recovery codes; the next login asks the
code after the password."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

PASSWORD = "uji-kata-sandi-yang-panjang-42"


def code_from(secret: str, offset_steps: int = 0) -> str:
    """What an authenticator app holding ``secret`` shows now (or ``offset_steps`` later)."""
    plain = secret.replace(" ", "")
    key = b32decode(plain + "=" * (-len(plain) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * offset_steps
    return f"{totp.token():06d}"


@pytest.mark.django_db(transaction=True)
def test_a_supervisor_enrols_then_signs_in_with_a_code(
    live_url, world, supervisor, two_factor_required, new_page, shots
):
    supervisor.set_password(PASSWORD)
    supervisor.save()
    page = new_page()
    page.goto(f"{live_url}/console/masuk/")
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    # Sent to enrolment; the console is out of reach until it is done.
    page.wait_for_url(f"{live_url}/console/keamanan/daftar/")
    assert page.locator("figure.qr svg").count() == 1
    page.screenshot(path=str(shots / "console-2fa-enrol.png"), full_page=True)
    page.goto(f"{live_url}/console/")
    page.wait_for_url(f"{live_url}/console/masuk/?next=/console/")
    page.goto(f"{live_url}/console/keamanan/daftar/")
    secret = page.inner_text("#totp-secret")

    page.fill("#id_code", "000000")
    page.get_by_role("button", name="Aktifkan").click()
    assert page.locator("[role=alert]").count() == 1
    time.sleep(1.2)  # django-otp makes the next try wait a second after a wrong code
    page.fill("#id_code", code_from(secret))
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_selector("#recovery-codes")
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
    page.wait_for_url(f"{live_url}/console/")
    page.get_by_role("link", name="Keamanan akun").click()
    assert page.inner_text("#twofactor-state").startswith("Aktif")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_url}/console/masuk/")

    # The next login asks the code after the password. (The code of the next time step: the
    # current one was used for enrolment, and a code is accepted once.)
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_url}/console/masuk/kode/")
    page.fill("#id_code", code_from(secret, offset_steps=1))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(f"{live_url}/console/")
    assert "Supervisor" in page.inner_text(".who")
    assert not page.js_errors
