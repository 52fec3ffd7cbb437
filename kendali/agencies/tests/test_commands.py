import pytest
from django.core.management import CommandError, call_command

from kendali.agencies.access import user_for_token
from kendali.agencies.models import ApiToken, User


def test_a_user_is_created_with_role_and_agency(world, capsys):
    call_command(
        "user",
        "create",
        "budi",
        "--role",
        "agency_officer",
        "--agency",
        "dpu",
        "--password",
        "panjang-sekali-42",
    )
    user = User.objects.get(username="budi")
    assert (
        user.role == "agency_officer"
        and user.agency.code == "dpu"
        and user.check_password("panjang-sekali-42")
    )


def test_an_agency_role_without_an_agency_is_refused(world):
    with pytest.raises(CommandError, match="needs --agency"):
        call_command(
            "user", "create", "budi", "--role", "agency_officer", "--password", "panjang-sekali-42"
        )
    with pytest.raises(CommandError, match="unknown agency"):
        call_command(
            "user",
            "create",
            "budi",
            "--role",
            "agency_officer",
            "--agency",
            "zz",
            "--password",
            "panjang-sekali-42",
        )


def test_a_weak_password_is_refused(world):
    with pytest.raises(CommandError):
        call_command("user", "create", "budi", "--role", "operator", "--password", "123")
    assert not User.objects.filter(username="budi").exists()


def test_a_generated_password_is_printed_when_no_terminal(world, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    call_command("user", "create", "sari", "--role", "operator")
    assert "password:" in capsys.readouterr().out


def test_token_create_prints_a_working_token_once(world, operator, capsys):
    call_command("token", "create", "operator", "--name", "integrasi")
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("kdl_")
    assert user_for_token(secret) == operator
    token = ApiToken.objects.get()
    assert secret not in (token.digest, token.prefix)
    with pytest.raises(CommandError):
        call_command("token", "revoke", "kdl_")  # a prefix every token shares matches none
    assert user_for_token(secret) == operator
    call_command("token", "revoke", token.prefix)
    assert user_for_token(secret) is None


def test_a_city_wide_role_with_an_agency_is_refused(world):
    with pytest.raises(CommandError, match="whole city"):
        call_command(
            "user",
            "create",
            "budi",
            "--role",
            "operator",
            "--agency",
            "dpu",
            "--password",
            "panjang-sekali-42",
        )


def test_cli_changes_are_audited(world, operator, capsys):
    from kendali.audit.models import AuditEntry

    call_command(
        "user", "create", "sari", "--role", "supervisor", "--password", "panjang-sekali-42"
    )
    call_command("token", "create", "operator")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"user.create", "token.create"} <= actions
    assert capsys.readouterr().out.strip().splitlines()[-1] not in str(
        list(AuditEntry.objects.values_list("after", flat=True))
    )


def test_token_for_an_unknown_user_is_refused(world):
    with pytest.raises(CommandError):
        call_command("token", "create", "nobody")
