"""The secret keys of the audit log, kept outside the database.

Every audit row and every checkpoint is sealed with HMAC-SHA256 under the current key. The keys
come from ``KENDALI_AUDIT_KEY`` (one or more secrets separated by commas or spaces), else from the
file ``KENDALI_AUDIT_KEY_FILE`` (one secret a line), else from ``KENDALI_DATA_DIR/audit_key``,
generated on first start with mode 0600. The last key is the current one; the earlier ones are
retired keys kept only to verify the rows they sealed. A key is named by its fingerprint, so no
one has to invent key ids. This module is model-free: settings.py reads the keys at start-up.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kendali.lib.env import EnvError

MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class AuditKey:
    id: str
    secret: bytes

    def sign(self, message: str) -> str:
        return hmac.new(self.secret, message.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Keyring:
    keys: tuple[AuditKey, ...]

    @property
    def current(self) -> AuditKey:
        return self.keys[-1]

    def get(self, key_id: str) -> AuditKey | None:
        for key in self.keys:
            if key.id == key_id:
                return key
        return None

    def position(self, key_id: str) -> int:
        """The key's place in the ring (older keys first), -1 when the ring lacks it."""
        for index, key in enumerate(self.keys):
            if key.id == key_id:
                return index
        return -1


def key_id(secret: str) -> str:
    """The key's public name: a short fingerprint that says nothing usable about the secret."""
    return hashlib.sha256(b"kendali-audit-key-id:" + secret.encode()).hexdigest()[:12]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def parse_secrets(text: str, source: str) -> list[str]:
    """Secrets separated by newlines, commas or spaces; ``#`` starts a comment line."""
    found: list[str] = []
    for line in text.splitlines():
        if line.strip().startswith("#"):
            continue
        found.extend(part for part in line.replace(",", " ").split() if part)
    for secret in found:
        if len(secret) < MIN_SECRET_LENGTH:
            raise EnvError(
                f"{source}: an audit key must be at least {MIN_SECRET_LENGTH} characters"
            )
    return found


def load_audit_keys(env_value: str, path: Path, *, create: bool) -> list[str]:
    """Return the audit key secrets, oldest first. ``create``: generate ``path`` when missing."""
    if env_value:
        found = parse_secrets(env_value, "KENDALI_AUDIT_KEY")
        if not found:
            raise EnvError("KENDALI_AUDIT_KEY holds no key")
        return found
    if not path.exists():
        if not create:
            raise EnvError(f"KENDALI_AUDIT_KEY_FILE: {path} does not exist")
        write_key_file(path, [new_secret()])
    found = parse_secrets(path.read_text(encoding="utf-8"), f"audit key file {path}")
    if not found:
        raise EnvError(f"audit key file {path} holds no key")
    return found


def write_key_file(path: Path, secrets_: list[str]) -> None:
    """Write the key file whole (mode 0600) next to it, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(
            "# Kendali audit log keys, oldest first; the last one seals new rows.\n"
            "# Back this file up apart from the database. Never remove a line.\n"
        )
        handle.write("".join(f"{secret}\n" for secret in secrets_))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


@lru_cache(maxsize=4)
def keyring_for(secrets_: tuple[str, ...]) -> Keyring:
    if not secrets_:
        raise EnvError("no audit key is configured")
    return Keyring(tuple(AuditKey(key_id(secret), secret.encode()) for secret in secrets_))


def keyring() -> Keyring:
    """The configured keys (``settings.AUDIT_KEYS``; tests may override the setting)."""
    from django.conf import settings

    return keyring_for(tuple(settings.AUDIT_KEYS))


def rotate_key_file(path: Path) -> AuditKey:
    """Append a new current key to the key file; the old ones stay to verify their rows."""
    found = parse_secrets(path.read_text(encoding="utf-8"), f"audit key file {path}")
    secret = new_secret()
    write_key_file(path, [*found, secret])
    return AuditKey(key_id(secret), secret.encode())
