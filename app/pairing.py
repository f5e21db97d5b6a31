"""Pairing a tablet with the laptop that serves Min röst on the local network.

On loopback only this machine can connect. When the counsellor starts the app
on a LAN address (``--host``), every browser that is not on this machine must
first type a pairing code shown on the laptop. Each code works once; the next
one is shown at once. Wrong tries wait longer and longer, like the PIN — for
the client that made them: another tablet's wrong guesses never make this one
wait.
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from app.security import backoff_seconds

CODE_DIGITS = 6
MAX_CLIENTS = 256
"""Clients whose wrong tries are remembered one by one; beyond, they share one."""
FORGET_SECONDS = 3600.0
"""A client's wrong tries are forgotten an hour after its last one."""
OVERFLOW = "*"
"""The shared record of clients that find the table full."""


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


@dataclass
class _Tries:
    failed: int = 0
    not_before: float = 0.0
    last: float = 0.0


class Pairing:
    """The current one-time code and each client's back-off on wrong tries.

    A client is what :meth:`try_code` is told (the browser's IP address). The
    table of clients is bounded: when it is full of clients that guessed wrong
    within the last hour, any further client shares one record, so flooding
    it from many addresses still meets a growing wait.
    """

    def __init__(
        self,
        *,
        on_new_code: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.Lock()
        self._on_new_code = on_new_code
        self._clock = clock
        self._tries: OrderedDict[str, _Tries] = OrderedDict()
        self.code = ""
        self._rotate()

    def _rotate(self) -> None:
        previous = self.code
        while self.code == previous:
            self.code = new_code()
        if self._on_new_code:
            self._on_new_code(self.code)

    def _forget_old(self, now: float) -> None:
        # Least recently wrong first: stop at the first one still remembered.
        while self._tries:
            client, tries = next(iter(self._tries.items()))
            if now - tries.last < FORGET_SECONDS:
                break
            del self._tries[client]

    def _key(self, client: str) -> str:
        """Where ``client``'s wrong tries are counted: its own record, or shared."""
        known = len(self._tries) - (OVERFLOW in self._tries)
        if client in self._tries or known < MAX_CLIENTS:
            return client
        return OVERFLOW

    def wait_seconds(self, client: str = "") -> float:
        """Seconds until ``client``'s next try is checked."""
        tries = self._tries.get(self._key(client))
        return max(0.0, tries.not_before - self._clock()) if tries else 0.0

    def try_code(self, typed: str, client: str = "") -> bool:
        """Check a code typed by ``client``; a right one is used up, a new one shown."""
        with self._lock:
            now = self._clock()
            self._forget_old(now)
            if self.wait_seconds(client) > 0:
                return False
            if secrets.compare_digest(typed.strip().replace(" ", ""), self.code):
                self._tries.pop(client, None)
                self._rotate()
                return True
            key = self._key(client)
            tries = self._tries.pop(key, None) or _Tries()
            tries.failed += 1
            tries.last = now
            tries.not_before = now + backoff_seconds(tries.failed)
            self._tries[key] = tries  # now the most recently wrong
            return False
