"""Pairing a tablet on the LAN: one-time codes, and guessing slows down."""

import pytest

from app.pairing import FORGET_SECONDS, MAX_CLIENTS, Pairing, is_loopback


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("192.168.1.20", False),
        ("10.0.0.5", False),
        ("", False),
        (None, False),
        ("not-an-ip", False),
    ],
)
def test_only_this_machine_counts_as_loopback(host, expected):
    """Anything but 127.0.0.0/8, ::1 or localhost needs pairing."""
    assert is_loopback(host) is expected


def test_a_code_works_once_and_the_next_one_is_shown():
    """The right code pairs one browser; the same code does not pair another."""
    shown = []
    pairing = Pairing(on_new_code=shown.append)
    first = pairing.code
    assert shown == [first]
    assert pairing.try_code(first[:3] + " " + first[3:])
    assert shown == [first, pairing.code]
    assert pairing.code != first
    assert not pairing.try_code(first)


def test_guessing_codes_meets_a_growing_wait():
    """After three wrong codes even the right one waits."""
    now = [0.0]
    pairing = Pairing(clock=lambda: now[0])
    wrong = "000000" if pairing.code != "000000" else "111111"
    for _ in range(3):
        assert not pairing.try_code(wrong)
    assert pairing.wait_seconds() == 1
    assert not pairing.try_code(pairing.code)
    now[0] += 1
    assert pairing.try_code(pairing.code)


def wrong_code(pairing: Pairing) -> str:
    """A code that is not the current one."""
    return "000000" if pairing.code != "000000" else "111111"


def test_wrong_guesses_from_one_client_do_not_make_another_wait():
    """An attacker's guesses slow down the attacker, never a real tablet."""
    pairing = Pairing(clock=lambda: 0.0)
    for _ in range(3):
        assert not pairing.try_code(wrong_code(pairing), "192.168.1.66")
    assert pairing.wait_seconds("192.168.1.66") == 1
    assert pairing.wait_seconds("192.168.1.23") == 0
    assert pairing.try_code(pairing.code, "192.168.1.23")


def test_clients_beyond_a_full_table_share_one_growing_wait():
    """The table is bounded; newcomers past it count their wrong tries together."""
    pairing = Pairing(clock=lambda: 0.0)
    wrong = wrong_code(pairing)
    for i in range(MAX_CLIENTS):
        pairing.try_code(wrong, f"10.0.{i // 256}.{i % 256}")
    for i in range(4):
        pairing.try_code(wrong, f"10.1.0.{i}")
    assert pairing.wait_seconds("10.1.0.99") == 1
    assert pairing.wait_seconds("10.0.0.7") == 0  # a known client keeps its own
    assert pairing.try_code(pairing.code, "10.0.0.7")


def test_a_clients_wrong_tries_are_forgotten_after_an_hour_of_quiet():
    """An hour after its last wrong try a client starts again from no tries."""
    now = [0.0]
    pairing = Pairing(clock=lambda: now[0])
    wrong = wrong_code(pairing)
    for _ in range(5):
        now[0] += 10
        pairing.try_code(wrong, "192.168.1.66")
    now[0] += FORGET_SECONDS
    pairing.try_code(wrong, "192.168.1.66")
    assert pairing.wait_seconds("192.168.1.66") == 0
