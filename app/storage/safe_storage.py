"""A TinyDB storage that never leaves a half-written or unreadable file behind.

How a save works (``SafeStorage.write``):

1. The data is encoded first, so a value that cannot be stored changes nothing.
2. The bytes go to a new temp file in the same folder (``.tmp-<random>-<name>``,
   created with ``O_EXCL`` and mode 0o600) and are fsynced.
3. The current file, if it still decodes, becomes ``<name>.bak`` through a hard
   link, so ``<name>`` itself is never missing, not even for a moment. A current
   file that does *not* decode is set aside as ``<name>.corrupt-<UTC time>``
   instead, so ``.bak`` only ever holds a version that could be read.
4. ``os.replace`` puts the temp file in place atomically and the folder is
   fsynced, so the rename itself survives a power cut.

Any ``OSError`` on the way (a full disk, an I/O error) removes the temp file,
leaves the old file as it was and raises ``StorageWriteError``.

Reading never guesses: a missing file is an empty database (``None``); an empty,
cut-off or undecodable file raises ``CorruptFileError``, never "no data".

Threads: every file has one process-wide ``RLock`` (``lock_for``). ``read`` and
``write`` each hold it, which keeps the file whole, but a TinyDB operation is a
read, a change and a write, so two threads can still lose each other's update.
Callers that change data must hold the lock around the whole operation and use
a fresh ``TinyDB`` inside it; ``locked_database`` does both.

Processes: only one Min röst may use a data folder (``app.storage.locks``); the
locks here do not reach other processes.

Error messages name the file, never its contents: the data is about children.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from tinydb import TinyDB
from tinydb.storages import Storage

from app.storage.errors import (
    FULL_ERRNOS,
    READ_ONLY_ERRNOS,
    DataFolderReadOnly,
    DiskFull,
)

__all__ = [
    "BACKUP_SUFFIX",
    "TEMP_PREFIX",
    "Codec",
    "CorruptFileError",
    "DiskFullWriteError",
    "JsonCodec",
    "NoUsableBackupError",
    "ReadOnlyWriteError",
    "SafeStorage",
    "StorageWriteError",
    "backup_path_for",
    "erase_file",
    "lock_for",
    "locked_database",
    "quarantine_and_restore_backup",
    "remove_stale_temp_files",
    "write_error",
]

TEMP_PREFIX = ".tmp-"
BACKUP_SUFFIX = ".bak"
_CORRUPT_INFIX = ".corrupt-"
_TEMP_NAME = re.compile(r"^\.tmp-[0-9a-f]{16}-(?P<target>.+)$")
# Flags that exist only on some platforms; 0 leaves them out elsewhere.
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


# --- errors -----------------------------------------------------------------
class CorruptFileError(Exception):
    """A data file exists but cannot be read; it is never treated as empty."""

    def __init__(self, path: Path, reason: str, backup_path: Path | None = None):
        self.path = Path(path)
        self.reason = reason
        self.backup_path = backup_path
        backup = (
            "A backup copy from the save before is available."
            if backup_path is not None
            else "There is no readable backup copy."
        )
        super().__init__(
            f"The saved file {self.path.name} could not be read: {reason}. {backup}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Keeps the attributes when the error crosses a process boundary.
        return (type(self), (self.path, self.reason, self.backup_path))


class NoUsableBackupError(Exception):
    """There is no backup copy that could replace a corrupt file."""

    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"No usable backup of {self.path.name}: {reason}.")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.reason))


class StorageWriteError(OSError):
    """A save failed; the file still holds one whole version (see ``replaced``)."""

    def __init__(
        self, path: Path, cause: OSError | None = None, *, replaced: bool = False
    ) -> None:
        self.path = Path(path)
        self.replaced = replaced
        code = cause.errno if cause is not None else None
        why = os.strerror(code) if code else "an unknown error"
        if replaced:
            # The rename happened but the folder could not be synced: the new
            # version is visible now, yet a power cut might bring back the old.
            outcome = "the new version is in place but may not survive a power cut"
        else:
            outcome = "the previous version is unchanged"
        self.message = f"Could not save {self.path.name} ({why}); {outcome}."
        super().__init__(code, self.message, str(self.path))

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        cause = OSError(self.errno, "") if self.errno else None
        return (_rebuild_write_error, (self.path, cause, self.replaced))


class ReadOnlyWriteError(StorageWriteError, DataFolderReadOnly):
    """A save refused because the data folder is read-only; nothing changed."""


class DiskFullWriteError(StorageWriteError, DiskFull):
    """A save refused because the disk is full; nothing changed."""


def write_error(
    path: Path, cause: OSError | None, *, replaced: bool = False
) -> StorageWriteError:
    """The ``StorageWriteError`` for ``cause``, typed when the folder is at fault."""
    code = cause.errno if cause is not None else None
    kind = StorageWriteError
    if code in READ_ONLY_ERRNOS:
        kind = ReadOnlyWriteError
    elif code in FULL_ERRNOS:
        kind = DiskFullWriteError
    return kind(path, cause, replaced=replaced)


def _rebuild_write_error(
    path: Path, cause: OSError | None, replaced: bool
) -> StorageWriteError:
    return write_error(path, cause, replaced=replaced)


# --- codecs -----------------------------------------------------------------
class Codec(Protocol):
    """Turns a database dict into file bytes and back.

    ``path`` is the *logical* file the data belongs to: the same for the file,
    its ``.bak``, its temp files and quarantined copies. An encrypting codec
    should bind its ciphertext to ``path.name`` (AEAD associated data) so one
    child's file cannot be swapped for another's, and must not use the absolute
    path, because a data folder may be moved. ``decode`` raises ``ValueError``
    on anything it cannot read; messages must never quote the data.
    """

    def encode(self, data: dict[str, Any], *, path: Path) -> bytes:
        """Return the bytes to store for ``data``; raise ``ValueError`` if unable."""
        ...

    def decode(self, raw: bytes, *, path: Path) -> dict[str, Any]:
        """Return the dict stored in ``raw``; raise ``ValueError`` if unreadable."""
        ...


def _reject_constant(name: str) -> Any:
    raise ValueError("it contains a NaN or Infinity number, which JSON does not allow")


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("a key appears twice in the same object")
    return result


class JsonCodec:
    """UTF-8 JSON, sorted keys, compact; strict when reading."""

    def encode(self, data: dict[str, Any], *, path: Path) -> bytes:
        """Return ``data`` as compact UTF-8 JSON; raise ``ValueError`` if unable."""
        if not isinstance(data, dict):
            raise ValueError("only a dict can be stored")
        try:
            # allow_nan=False: a NaN written now would be refused when read back.
            text = json.dumps(
                data,
                ensure_ascii=False,
                sort_keys=True,
                separators=(",", ":"),
                allow_nan=False,
            )
        except (TypeError, ValueError, RecursionError) as exc:
            raise ValueError(
                f"the data cannot be stored as JSON ({type(exc).__name__})"
            ) from None
        return text.encode("utf-8")

    def decode(self, raw: bytes, *, path: Path) -> dict[str, Any]:
        """Return the dict in ``raw``; raise ``ValueError`` on anything else."""
        try:
            # Decode ourselves: json.loads(bytes) would also accept UTF-16/32.
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"it is not UTF-8 text (at byte {exc.start})") from None
        try:
            data = json.loads(
                text,
                parse_constant=_reject_constant,
                object_pairs_hook=_reject_duplicate_keys,
            )
        except json.JSONDecodeError as exc:
            # exc.msg is one of json's fixed phrases; it never quotes the text.
            raise ValueError(
                f"it is not valid JSON ({exc.msg} at character {exc.pos})"
            ) from None
        except RecursionError:
            raise ValueError("it is nested too deeply") from None
        if not isinstance(data, dict):
            raise ValueError("its top level is not a JSON object")
        return data


def _decode_checked(codec: Codec, raw: bytes, path: Path) -> dict[str, Any]:
    """Decode and check the shape TinyDB needs: {table: {doc_id: document}}."""
    if not raw:
        raise ValueError("the file is empty")
    data = codec.decode(raw, path=path)
    if not isinstance(data, dict):
        raise ValueError("its top level is not an object")
    for table in data.values():
        if not isinstance(table, dict) or not all(
            isinstance(doc, dict) for doc in table.values()
        ):
            raise ValueError("it is not in the shape of a database")
    return data


# --- locks ------------------------------------------------------------------
_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


def lock_for(path: str | os.PathLike[str]) -> threading.RLock:
    """Return the process-wide lock for one data file (keyed by its real path)."""
    key = os.path.realpath(os.fspath(path))
    with _LOCKS_GUARD:
        lock = _LOCKS.get(key)
        if lock is None:
            lock = _LOCKS[key] = threading.RLock()
        return lock


# --- small file helpers -----------------------------------------------------
def backup_path_for(path: str | os.PathLike[str]) -> Path:
    """Return where the previous version of ``path`` is kept."""
    path = Path(path)
    return path.with_name(path.name + BACKUP_SUFFIX)


def _new_temp_name(directory: Path, target_name: str) -> Path:
    return directory / f"{TEMP_PREFIX}{secrets.token_hex(8)}-{target_name}"


def _write_temp_file(directory: Path, target_name: str, raw: bytes) -> Path:
    """Write ``raw`` to a new fsynced temp file in ``directory``; return its path."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY | _O_CLOEXEC
    while True:
        tmp = _new_temp_name(directory, target_name)
        try:
            fd = os.open(tmp, flags, 0o600)
        except FileExistsError:  # 64 random bits collided; just draw again
            continue
        break
    try:
        try:
            view = memoryview(raw)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.EIO, "write made no progress")
                view = view[written:]
            os.fsync(fd)
        finally:
            # close() can report a delayed write error (e.g. on NFS): still fatal.
            os.close(fd)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return tmp


def _unlink_quietly(path: Path) -> None:
    with suppress(OSError):
        os.unlink(path)


def _fsync_directory(directory: Path) -> None:
    """Make renames in ``directory`` durable (a no-op where it cannot be done)."""
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals it
        return
    fd = os.open(directory, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems (FUSE, some network mounts) cannot sync a folder;
        # that is their limit, not a failed save.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(fd)


def _link_or_copy(src: Path, dst: Path, raw: bytes | None = None) -> None:
    """Make ``dst`` a byte-identical copy of ``src``, by hard link when possible.

    Raises ``FileExistsError`` if ``dst`` exists.
    """
    try:
        os.link(src, dst)
        return
    except (FileNotFoundError, FileExistsError):
        raise
    except OSError:
        pass  # no hard links here (FAT, some shares): fall back to a copy
    if raw is None:
        raw = src.read_bytes()
    tmp = _write_temp_file(dst.parent, dst.name, raw)
    try:
        if dst.exists():
            raise FileExistsError(errno.EEXIST, "already exists", str(dst))
        os.replace(tmp, dst)
    except BaseException:
        _unlink_quietly(tmp)
        raise


def _quarantine_copy(path: Path, raw: bytes | None = None) -> Path:
    """Keep an untouched copy of ``path`` as ``<name>.corrupt-<UTC time>``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    base = f"{path.name}{_CORRUPT_INFIX}{stamp}"
    for attempt in range(1, 1000):
        target = path.with_name(base if attempt == 1 else f"{base}-{attempt}")
        try:
            _link_or_copy(path, target, raw)
        except FileExistsError:
            continue
        return target
    raise FileExistsError(errno.EEXIST, "no free quarantine name", str(path))


def _move_to_backup(path: Path, raw: bytes) -> None:
    """Make the current ``path`` the ``.bak`` without ever removing ``path``."""
    backup = backup_path_for(path)
    link = _new_temp_name(path.parent, path.name)
    try:
        try:
            os.link(path, link)
        except FileNotFoundError:
            raise
        except OSError:
            link = _write_temp_file(path.parent, path.name, raw)
        os.replace(link, backup)
    finally:
        # If .bak already was this very inode (after a restore by hard link),
        # rename() succeeds without removing the link name; clean it up.
        if os.path.lexists(link):
            _unlink_quietly(link)


# --- the storage ------------------------------------------------------------
class SafeStorage(Storage):
    """TinyDB storage with atomic, fsynced writes, a backup and strict reads.

    Use as ``TinyDB(path, storage=SafeStorage)``, or with another codec as
    ``TinyDB(path, storage=SafeStorage, codec=my_codec)``.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        codec: Codec | None = None,
        create_dirs: bool = True,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.codec: Codec = codec if codec is not None else JsonCodec()
        self.create_dirs = create_dirs
        self.lock = lock_for(self.path)
        self._known_good: bytes | None = None
        """The file's bytes as this storage last decoded or wrote them: a save
        that finds exactly these on disk need not decode them again."""

    @property
    def backup_path(self) -> Path:
        """Where the previous version is kept."""
        return backup_path_for(self.path)

    @contextmanager
    def transaction(self) -> Iterator[SafeStorage]:
        """Hold this file's lock so a read-change-write cannot interleave."""
        with self.lock:
            yield self

    def read(self) -> dict[str, dict[str, Any]] | None:
        """Return the data, ``None`` if there is no file; else ``CorruptFileError``."""
        with self.lock:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            try:
                data = _decode_checked(self.codec, raw, self.path)
            except ValueError as exc:
                raise CorruptFileError(
                    self.path, str(exc), self._readable_backup()
                ) from None
            self._known_good = raw
            return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with ``data`` atomically and durably.

        Raises ``ValueError`` (nothing changed) if the codec cannot encode the
        data, and ``StorageWriteError`` if the disk refuses the save.
        """
        raw = self.codec.encode(data, path=self.path)
        if not isinstance(raw, bytes) or not raw:
            raise ValueError("the codec returned no bytes")
        with self.lock:
            self._write_locked(raw)

    def close(self) -> None:
        """Nothing to close: no file stays open between operations."""

    def _write_locked(self, raw: bytes) -> None:
        directory = self.path.parent
        tmp: Path | None = None
        replaced = False
        try:
            if self.create_dirs:
                directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = _write_temp_file(directory, self.path.name, raw)
            self._keep_current_version()
            os.replace(tmp, self.path)
            replaced = True
            tmp = None
            self._known_good = raw
            _fsync_directory(directory)
        except BaseException as exc:
            if tmp is not None:
                _unlink_quietly(tmp)
            if isinstance(exc, OSError):
                raise write_error(self.path, exc, replaced=replaced) from exc
            raise

    def _keep_current_version(self) -> None:
        """Move the current file to ``.bak``, or aside if it no longer decodes."""
        try:
            current = self.path.read_bytes()
        except FileNotFoundError:
            return
        if current == self._known_good:
            # TinyDB read these very bytes under this lock a moment ago (or we
            # wrote them): decoding them again would only double a save's cost.
            _move_to_backup(self.path, current)
            return
        try:
            _decode_checked(self.codec, current, self.path)
        except ValueError:
            # Never let a bad file push the last good version out of .bak, and
            # never destroy it either: it may still hold something worth saving.
            _quarantine_copy(self.path, current)
            return
        _move_to_backup(self.path, current)

    def _readable_backup(self) -> Path | None:
        backup = self.backup_path
        try:
            _decode_checked(self.codec, backup.read_bytes(), self.path)
        except (OSError, ValueError):
            return None
        return backup


@contextmanager
def locked_database(
    path: str | os.PathLike[str], *, codec: Codec | None = None
) -> Iterator[TinyDB]:
    """Hold the file's lock and yield a fresh ``TinyDB`` on it, closed afterwards.

    Fresh matters: a long-lived ``TinyDB`` caches query results and the next
    document id, which go stale when another thread writes the file.
    """
    with lock_for(path):
        db = TinyDB(path, storage=SafeStorage, codec=codec)
        try:
            yield db
        finally:
            db.close()


# --- recovery and clean-up --------------------------------------------------
def quarantine_and_restore_backup(
    path: str | os.PathLike[str], *, codec: Codec | None = None
) -> Path:
    """Set the bad file aside untouched and make ``.bak`` current; return where.

    The bad file is kept byte for byte as ``<name>.corrupt-<UTC time>``. The
    current name is replaced atomically, so it never goes missing. Raises
    ``NoUsableBackupError`` (and changes nothing) if the backup is missing or
    unreadable, ``FileNotFoundError`` if there is no current file.
    """
    path = Path(path)
    codec = codec if codec is not None else JsonCodec()
    with lock_for(path):
        backup = backup_path_for(path)
        try:
            raw = backup.read_bytes()
        except FileNotFoundError:
            raise NoUsableBackupError(path, "there is no backup copy") from None
        try:
            _decode_checked(codec, raw, path)
        except ValueError as exc:
            raise NoUsableBackupError(
                path, f"the backup is unreadable: {exc}"
            ) from None
        if not path.exists():
            raise FileNotFoundError(errno.ENOENT, "no current file", str(path))
        quarantined = _quarantine_copy(path)
        # A copy, not a link: .bak and the current file stay separate inodes.
        tmp = _write_temp_file(path.parent, path.name, raw)
        try:
            os.replace(tmp, path)
        except BaseException:
            _unlink_quietly(tmp)
            raise
        _fsync_directory(path.parent)
        return quarantined


def remove_stale_temp_files(directory: str | os.PathLike[str]) -> int:
    """Delete ``.tmp-*`` files a crash left in ``directory``; return how many.

    Call at start-up, while holding the ``DataDirLock``: another process's
    save in progress would lose its temp file. Saves in this process are safe,
    because each temp file is removed under its target file's lock.
    """
    directory = Path(directory)
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return 0
    removed = 0
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        if not entry.is_file(follow_symlinks=False):
            continue
        match = _TEMP_NAME.match(entry.name)
        target = directory / match["target"] if match else Path(entry.path)
        with lock_for(target):
            try:
                os.unlink(entry.path)
            except FileNotFoundError:
                continue
            except OSError as exc:
                # A read-only folder keeps its leftovers: they are never read.
                if exc.errno in READ_ONLY_ERRNOS:
                    continue
                raise
            removed += 1
    return removed


def erase_file(path: str | os.PathLike[str]) -> list[Path]:
    """Delete a data file, its ``.bak``, temp files and quarantined copies.

    Used to erase a child. Returns what was removed. The bytes are unlinked,
    not overwritten: on SSDs and journaling file systems overwriting proves
    nothing, so real erasure must come from encryption (drop the key).
    """
    path = Path(path)
    directory = path.parent
    with lock_for(path):
        candidates = [path, backup_path_for(path)]
        name = path.name
        try:
            entries = list(os.scandir(directory))
        except FileNotFoundError:
            entries = []
        for entry in entries:
            temp = _TEMP_NAME.match(entry.name)
            # Temp files may target the file itself or its .bak/quarantine names.
            own = temp["target"] if temp else entry.name
            is_temp = temp is not None and own in (name, name + BACKUP_SUFFIX)
            if is_temp or own.startswith(name + _CORRUPT_INFIX):
                candidates.append(directory / entry.name)
        removed: list[Path] = []
        for candidate in candidates:
            try:
                os.unlink(candidate)
            except FileNotFoundError:
                continue
            removed.append(candidate)
        if removed:
            _fsync_directory(directory)
        return removed
