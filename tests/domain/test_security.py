"""The counsellor's PIN: hashed with Argon2id, and brute force slows down."""

import json

import pytest
from argon2 import PasswordHasher

from app.domain.models import ValidationError
from app.security import BackoffActive, PinGuard, backoff_seconds
from app.storage.repository import Repository

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def guard(tmp_path):
    clock = Clock()
    g = PinGuard(Repository(tmp_path), hasher=FAST, clock=clock)
    g.set_pin("482913")
    return g, clock


def test_only_an_argon2id_hash_of_the_pin_is_stored(guard, tmp_path):
    """The PIN itself is nowhere in the data folder."""
    g, _ = guard
    stored = g.repo.get_setting("pin_hash")
    assert stored.startswith("$argon2id$")
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"482913" not in path.read_bytes(), path


@pytest.mark.parametrize(
    ("secret", "msgid"),
    [("12345", "pin_too_short"), ("kort", "passphrase_too_short")],
)
def test_short_pins_and_passphrases_are_refused(tmp_path, secret, msgid):
    """A PIN needs ≥ 6 digits; a passphrase ≥ 8 characters."""
    g = PinGuard(Repository(tmp_path), hasher=FAST)
    with pytest.raises(ValidationError) as exc:
        g.set_pin(secret)
    assert exc.value.msgid == msgid
    assert not g.is_set()


def test_the_right_pin_unlocks_and_a_wrong_one_does_not(guard):
    """verify() is True only for the chosen PIN."""
    g, _ = guard
    assert g.verify("482913")
    assert not g.verify("000000")


def test_pin_brute_force_slows_down_and_survives_a_restart(guard, tmp_path):
    """After three misses each try waits longer; a new PinGuard keeps the count."""
    g, clock = guard
    for _ in range(3):
        assert not g.verify("000000")
    with pytest.raises(BackoffActive) as exc:
        g.verify("482913")  # even the right PIN is not checked during the wait
    assert exc.value.seconds == pytest.approx(1)
    clock.now += 1
    assert not g.verify("111111")
    restarted = PinGuard(Repository(tmp_path), hasher=FAST, clock=clock)
    assert restarted.wait_seconds() == pytest.approx(2)
    clock.now += 2
    assert restarted.verify("482913")
    assert restarted.wait_seconds() == 0


def test_backoff_grows_and_is_capped():
    """0, 0, 0, 1, 2, 4 … seconds, never more than five minutes."""
    assert [backoff_seconds(n) for n in range(1, 7)] == [0, 0, 1, 2, 4, 8]
    assert backoff_seconds(50) == 300


def test_failed_unlocks_are_counted_in_the_audit_log_without_the_tries(guard, tmp_path):
    """The log says how many misses, never what was typed."""
    g, _ = guard
    g.verify("999999")
    g.verify("888888")
    log = (tmp_path / "audit.log").read_text()
    assert "999999" not in log
    assert "888888" not in log
    last = json.loads(log.splitlines()[-1])
    assert (last["action"], last["details"]) == ("unlock_failed", {"count": 2})
