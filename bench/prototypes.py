"""Before and after in one run: the app as it was before the #11 fixes.

Nothing here is used by the app. The fixes this benchmark led to are in
``app/`` now; to show their effect on the same machine, under the same load,
in the same run, the benchmark re-enacts the earlier behaviour:

``before``  (commit 4366126, the app before storage fix 1 and fix C)

* a save decoded the file it replaces a second time before keeping it as
  ``.bak`` (``SafeStorage._keep_current_version``), although TinyDB had just
  decoded those very bytes, and an encrypted save then read the new file back
  and decrypted it once more to record its write counter
  (``VaultCodec.commit``);
* ``app/main.py`` called ``gc.freeze()`` before ``ft.run`` imported the web
  server stack and before the first render imported the screens, so most
  start-up objects stayed unfrozen.

``earlier_storage()`` switches the first back on for a block of code (the
in-process storage benchmark wraps each "before" tap in it);
``install("before")`` switches both on for a whole server process
(``bench/server_entry.py``, when ``MINROST_BENCH_PROTOTYPE=before``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.storage.crypto import VaultCodec
from app.storage.safe_storage import (
    SafeStorage,
    _decode_checked,
    _move_to_backup,
    _quarantine_copy,
)

PROTOTYPE_ENV = "MINROST_BENCH_PROTOTYPE"
KNOWN = ("before",)


def _decode_again(self: SafeStorage) -> None:
    """``SafeStorage._keep_current_version`` as it was: always decode."""
    try:
        current = self.path.read_bytes()
    except FileNotFoundError:
        return
    try:
        _decode_checked(self.codec, current, self.path)
    except ValueError:
        _quarantine_copy(self.path, current)
        return
    _move_to_backup(self.path, current)


_commit_now = VaultCodec.commit


def _commit_by_decrypting(self: VaultCodec, path: Path) -> None:
    """``VaultCodec.commit`` as it was: read the file back and decrypt it."""
    self._last_written = None
    _commit_now(self, path)


@contextmanager
def earlier_storage() -> Iterator[None]:
    """Within the block, saves decode (and decrypt) as they did before fix 1."""
    keep, commit = SafeStorage._keep_current_version, VaultCodec.commit
    SafeStorage._keep_current_version = _decode_again  # type: ignore[method-assign]
    VaultCodec.commit = _commit_by_decrypting  # type: ignore[method-assign]
    try:
        yield
    finally:
        SafeStorage._keep_current_version = keep  # type: ignore[method-assign]
        VaultCodec.commit = commit  # type: ignore[method-assign]


def _freeze_early() -> None:
    """``app.main``'s freeze as it was: only what was imported so far."""
    gc.collect()
    gc.freeze()


def install(names: str) -> list[str]:
    """Switch on the earlier behaviours named (comma-separated) for good."""
    chosen = [n.strip() for n in names.split(",") if n.strip()]
    unknown = set(chosen) - set(KNOWN)
    if unknown:
        raise SystemExit(f"unknown prototype(s): {sorted(unknown)}")
    if "before" in chosen:
        import app.main

        earlier_storage().__enter__()  # for the life of this server process
        app.main.freeze_start_up = _freeze_early
    return chosen
