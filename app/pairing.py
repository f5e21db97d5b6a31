"""Pairing a tablet with the laptop that serves Min röst on the local network.

On loopback only this machine can connect. When the counsellor starts the app
on a LAN address (``--host``), every browser that is not on this machine must
first type a pairing code shown on the laptop. Each code works once; the next
one is shown at once. Wrong tries wait longer and longer, like the PIN.
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
import time
from collections.abc import Callable

from app.security import backoff_seconds

CODE_DIGITS = 6


def is_loopback(host: str | None) -> bool:
    """Whether an address is this machine (127.0.0.0/8, ::1, localhost)."""
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_code() -> str:
    """A random six-digit code (leading zeros kept)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


class Pairing:
    """The current one-time code and the back-off on wrong tries."""

    def __init__(
        self,
        *,
        on_new_code: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.Lock()
        self._on_new_code = on_new_code
        self._clock = clock
        self._failed = 0
        self._not_before = 0.0
        self.code = ""
        self._rotate()

    def _rotate(self) -> None:
        previous = self.code
        while self.code == previous:
            self.code = new_code()
        if self._on_new_code:
            self._on_new_code(self.code)

    def wait_seconds(self) -> float:
        """Seconds until the next try is checked."""
        return max(0.0, self._not_before - self._clock())

    def try_code(self, typed: str) -> bool:
        """Check a typed code; a right one is used up and a new code is shown."""
        with self._lock:
            if self.wait_seconds() > 0:
                return False
            if secrets.compare_digest(typed.strip().replace(" ", ""), self.code):
                self._failed = 0
                self._rotate()
                return True
            self._failed += 1
            self._not_before = self._clock() + backoff_seconds(self._failed)
            return False
