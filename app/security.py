"""The counsellor's PIN: an Argon2id hash only, and a growing delay on misses.

The attempt counter lives in the data folder, so reloading the page or
restarting the app does not reset the back-off.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.domain.models import ValidationError
from app.storage.audit import AuditLog
from app.storage.repository import Repository

MIN_PIN_DIGITS = 6
MIN_PASSPHRASE_LENGTH = 8
MAX_SECRET_LENGTH = 128
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300

PIN_HASH = "pin_hash"
PIN_ATTEMPTS = "pin_attempts"


def backoff_seconds(failed: int) -> int:
    """Seconds to wait after ``failed`` wrong tries in a row: 0,0,0,1,2,4,… ≤ 300."""
    if failed < FREE_ATTEMPTS:
        return 0
    return min(2 ** (failed - FREE_ATTEMPTS), MAX_DELAY_SECONDS)


def validate_secret(secret: str) -> str:
    """Accept a PIN of ≥ 6 digits or a passphrase of ≥ 8 characters."""
    if secret.isdigit():
        if len(secret) < MIN_PIN_DIGITS:
            raise ValidationError("pin_too_short", min=MIN_PIN_DIGITS)
    elif len(secret.strip()) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError("passphrase_too_short", min=MIN_PASSPHRASE_LENGTH)
    if len(secret) > MAX_SECRET_LENGTH:
        raise ValidationError("too_long", max=MAX_SECRET_LENGTH)
    return secret


class BackoffActive(Exception):
    """Too many wrong tries: wait ``seconds`` before the next one is even checked."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"wait {seconds:.0f} s")
        self.seconds = seconds


class PinGuard:
    """Sets and checks the counsellor's PIN for one data folder."""

    def __init__(
        self,
        repo: Repository,
        *,
        hasher: PasswordHasher | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.repo = repo
        self.audit = AuditLog(repo.data_dir)
        # argon2-cffi's defaults are Argon2id (RFC 9106 low-memory profile).
        self.hasher = hasher or PasswordHasher()
        self.clock = clock

    def is_set(self) -> bool:
        """Whether a PIN has been chosen (first run asks for one)."""
        return bool(self.repo.get_setting(PIN_HASH))

    def set_pin(self, secret: str) -> None:
        """Choose (or change) the PIN; only its Argon2id hash is stored."""
        changing = self.is_set()
        self.repo.set_setting(PIN_HASH, self.hasher.hash(validate_secret(secret)))
        self.repo.set_setting(PIN_ATTEMPTS, {"failed": 0, "not_before": 0})
        self.audit.record("pin_changed" if changing else "pin_set")

    def wait_seconds(self) -> float:
        """How long until the next try is allowed (0 when it is)."""
        attempts = self.repo.get_setting(PIN_ATTEMPTS, {"failed": 0, "not_before": 0})
        return max(0.0, attempts["not_before"] - self.clock())

    def verify(self, secret: str) -> bool:
        """Check a try; raises BackoffActive while the delay runs."""
        attempts = self.repo.get_setting(PIN_ATTEMPTS, {"failed": 0, "not_before": 0})
        now = self.clock()
        if now < attempts["not_before"]:
            raise BackoffActive(attempts["not_before"] - now)
        try:
            ok = self.hasher.verify(self.repo.get_setting(PIN_HASH, ""), secret)
        except (VerificationError, InvalidHashError):
            ok = False
        if ok:
            self.repo.set_setting(PIN_ATTEMPTS, {"failed": 0, "not_before": 0})
            self.audit.record("unlocked")
            return True
        failed = attempts["failed"] + 1
        self.repo.set_setting(
            PIN_ATTEMPTS,
            {"failed": failed, "not_before": now + backoff_seconds(failed)},
        )
        self.audit.record("unlock_failed", count=failed)
        return False
