"""Before and after in one run: the app as it was before the #11 fixes.

Nothing here is used by the app. The fixes this benchmark led to are in
``app/`` now; to show their effect on the same machine, under the same load,
in the same run, the benchmark re-enacts the earlier behaviour:

``before``  (commit 4366126, the app before the storage fixes and fix C)

* storage fix 1: a save decoded the file it replaces a second time before
  keeping it as ``.bak`` (``SafeStorage._keep_current_version``), although
  TinyDB had just decoded those very bytes, and an encrypted save then read the
  new file back and decrypted it once more to record its write counter
  (``VaultCodec.commit``);
* storage fix 3: an encrypted save recorded its write counter in ``keys.json``,
  the key file that lists every child, so each tap rewrote (deep-copied,
  authenticated, encoded, fsynced) a file that grows with the children
  (``Vault._record``, ``Vault.recorded_counter``);
* ``app/main.py`` called ``gc.freeze()`` before ``ft.run`` imported the web
  server stack and before the first render imported the screens, so most
  start-up objects stayed unfrozen (fix C);
* a grid tile drew Material's ink ripple on every tap (fix D).

``earlier_storage()`` switches the first back on for a block of code (the
in-process storage benchmark wraps each "before" tap in it);
``install("before")`` switches all of them on for a whole server process
(``bench/server_entry.py``, when ``MINROST_BENCH_PROTOTYPE=before``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.storage.crypto import Vault, VaultCodec
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


def _recorded_in_key_file(self: Vault, file_id: str) -> int:
    """``Vault.recorded_counter`` as it was: the key file's entry."""
    entry = self._load()["files"].get(file_id)
    return int(entry["counter"]) if entry else 0


def _record_in_key_file(self: Vault, file_id: str, counter: int) -> None:
    """``Vault._record`` as it was: rewrite the key file."""
    with self._lock:
        entry = self._load()["files"].get(file_id)
        if entry is None or entry["counter"] >= counter:
            return

        def raise_counter(doc: dict) -> None:
            current = doc["files"].get(file_id)
            if current is not None and current["counter"] < counter:
                current["counter"] = counter

        self._update(raise_counter)


_EARLIER = (
    (SafeStorage, "_keep_current_version", _decode_again),
    (VaultCodec, "commit", _commit_by_decrypting),
    (Vault, "recorded_counter", _recorded_in_key_file),
    (Vault, "_record", _record_in_key_file),
)


@contextmanager
def earlier_storage() -> Iterator[None]:
    """Within the block, saves work as they did before storage fixes 1 and 3."""
    now = [(cls, name, getattr(cls, name)) for cls, name, _ in _EARLIER]
    for cls, name, then in _EARLIER:
        setattr(cls, name, then)
    try:
        yield
    finally:
        for cls, name, current in now:
            setattr(cls, name, current)


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
        from app.ui import theme

        earlier_storage().__enter__()  # for the life of this server process
        app.main.freeze_start_up = _freeze_early
        theme.CHILD_INK = True
    return chosen
