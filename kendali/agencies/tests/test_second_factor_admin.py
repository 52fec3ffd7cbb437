"""The admin shows second factors without their secrets and removes them as an audited action."""

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from kendali.agencies import twofactor
from kendali.audit.models import AuditEntry


def test_an_admin_removes_a_lost_phone_without_seeing_the_secret(world, operator, supervisor):
    supervisor.is_staff = supervisor.is_superuser = True
    supervisor.save()
    device = TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)
    twofactor.new_recovery_codes(operator)
    client = Client()
    client.force_login(supervisor)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200 and device.key not in page.content.decode()
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not twofactor.is_enrolled(operator) and twofactor.recovery_codes_left(operator) == 0
    entry = AuditEntry.objects.get(action="account.2fa_removed")
    assert entry.actor_id == supervisor.pk and entry.object_id == str(operator.pk)
