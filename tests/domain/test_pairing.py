"""Pairing a tablet on the LAN: one-time codes, and guessing slows down."""

import pytest

from app.pairing import Pairing, is_loopback


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
