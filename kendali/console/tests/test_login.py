from django.test import Client


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_console_needs_a_login(world, citizen):
    response = citizen.get("/console/")
    assert response.status_code == 302 and "/console/masuk/" in response["Location"]


def test_login_with_a_password(world, operator):
    operator.set_password("kata-sandi-rahasia-9")
    operator.save()
    client = Client()
    response = client.post(
        "/console/masuk/", {"username": "operator", "password": "kata-sandi-rahasia-9"}
    )
    assert response.status_code == 302
    assert client.get("/console/").status_code == 200


def test_a_user_without_a_role_is_refused(world):
    from kendali.agencies.models import User

    nobody = User.objects.create(username="tamu", role="agency_officer", agency=None)
    assert login(nobody).get("/console/").status_code == 403
