import pytest

from kendali.lib.env import EnvError, env_bool, env_int, env_list


def test_typed_readers(monkeypatch):
    monkeypatch.setenv("K_BOOL", "yes")
    monkeypatch.setenv("K_INT", "42")
    monkeypatch.setenv("K_LIST", "a, b,,c")
    assert env_bool("K_BOOL") is True
    assert env_int("K_INT", 1) == 42
    assert env_list("K_LIST") == ["a", "b", "c"]
    assert env_int("K_MISSING", 7) == 7


def test_bad_values_fail_loudly_with_the_name(monkeypatch):
    monkeypatch.setenv("K_BOOL", "maybe")
    monkeypatch.setenv("K_INT", "lots")
    with pytest.raises(EnvError, match="K_BOOL"):
        env_bool("K_BOOL")
    with pytest.raises(EnvError, match="K_INT"):
        env_int("K_INT", 1)
    monkeypatch.setenv("K_INT", "-5")
    with pytest.raises(EnvError, match="at least"):
        env_int("K_INT", 1, minimum=0)
