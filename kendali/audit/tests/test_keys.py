"""Where the keys come from, rotation, and rows older than the key."""

import stat

import pytest

from kendali.audit.keys import key_id, keyring, load_audit_keys, rotate_key_file
from kendali.audit.models import AuditEntry, compute_hash
from kendali.audit.tests.helpers import problems_by_seq, tamper, write_log
from kendali.lib.env import EnvError

KEY_A = "a" * 43
KEY_B = "b" * 43


def test_the_key_is_generated_once_with_mode_0600(tmp_path):
    path = tmp_path / "audit_key"
    first = load_audit_keys("", path, create=True)
    assert load_audit_keys("", path, create=True) == first and len(first) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_environment_wins_and_lists_keys_oldest_first(tmp_path):
    assert load_audit_keys(f"{KEY_A}, {KEY_B}", tmp_path / "unused", create=True) == [KEY_A, KEY_B]
    assert not (tmp_path / "unused").exists()


def test_bad_keys_fail_loudly(tmp_path):
    with pytest.raises(EnvError, match="KENDALI_AUDIT_KEY"):
        load_audit_keys("short", tmp_path / "k", create=True)
    with pytest.raises(EnvError, match="does not exist"):
        load_audit_keys("", tmp_path / "missing", create=False)


def test_rotation_appends_a_key_and_old_rows_still_verify(db, settings, tmp_path):
    path = tmp_path / "audit_key"
    settings.AUDIT_KEYS = load_audit_keys("", path, create=True)
    write_log(2)
    new = rotate_key_file(path)
    settings.AUDIT_KEYS = load_audit_keys("", path, create=False)
    assert len(settings.AUDIT_KEYS) == 2 and key_id(settings.AUDIT_KEYS[-1]) == new.id
    write_log(2, start=2)
    assert (
        list(AuditEntry.objects.order_by("seq").values_list("key_id", flat=True))
        == [key_id(settings.AUDIT_KEYS[0])] * 2 + [new.id] * 2
    )
    assert problems_by_seq() == {}


def test_a_retired_key_after_a_newer_one_is_named(db, settings):
    settings.AUDIT_KEYS = [KEY_A, KEY_B]
    write_log(2)
    settings.AUDIT_KEYS = [KEY_A]  # a leaked old key, or a process not restarted
    write_log(1, start=2)
    settings.AUDIT_KEYS = [KEY_A, KEY_B]
    assert problems_by_seq() == {
        3: [f"sealed with the retired key {key_id(KEY_A)} after a newer key"]
    }


def test_an_unknown_key_is_named(db, settings):
    settings.AUDIT_KEYS = [KEY_A]
    write_log(2)
    settings.AUDIT_KEYS = [KEY_B]
    assert sorted(problems_by_seq()) == [1, 2]


def test_unkeyed_rows_from_before_the_key_still_verify(db):
    rows = write_log(3)
    prev = "0" * 64
    for entry in rows[:2]:  # as the old code wrote them
        entry.prev_hash = prev
        entry.hash = compute_hash(**entry._sealed_fields())
        tamper(
            "UPDATE audit_auditentry SET prev_hash = %s, hash = %s, key_id = '' WHERE id = %s",
            [entry.prev_hash, entry.hash, entry.pk],
        )
        prev = entry.hash
    rows[2].prev_hash = prev
    rows[2].hash = rows[2].compute_hash(keyring().current)
    tamper(
        "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
        [rows[2].prev_hash, rows[2].hash, rows[2].pk],
    )
    assert problems_by_seq() == {}
