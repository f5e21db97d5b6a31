"""Children's data encrypted at rest: a vault of keys and a codec for SafeStorage.

Keys (``docs/security.md`` has the whole design)::

    passphrase ──Argon2id──▶ KEK ──wraps──▶ master key ──wraps──▶ one data key per file
    recovery key ──HKDF────▶ KEK ──wraps──▶ (the same master key)

The key file ``keys.json`` holds the Argon2id parameters, the wrapped master key
(once per way in: passphrase, recovery key), every file's wrapped data key (and
the write counter versions before #11 recorded there), and an HMAC over all of
it made with a key derived from the master key. It holds no child data, so it
is plain JSON; it is saved through ``SafeStorage`` (atomic, fsynced, with a
``.bak``).

A data file (``index.json``, ``children/<id>.json``) is::

    b"MRST" | format version (1 byte) | write counter (8 bytes, big-endian)
    | length of the file id (1 byte) | file id (UTF-8) | nonce (12 bytes)
    | AES-256-GCM ciphertext and tag of the JSON, padded with spaces

Everything before the ciphertext is the AEAD's associated data, so the format
version, the file id (``index`` or ``children/<id>``: relative, never an absolute
path) and the counter are authenticated with the data. A changed byte, a file
copied over from another child and an older copy put back are all refused, each
with its own message.

Rollback: a small record per file (``counters/<file id>.json``, authenticated
with an HMAC under a key derived from the master key and bound to the file id)
holds the highest counter of that file; the key file lists every child, so a
save does not rewrite it. A file whose counter is lower is refused; a higher
one is accepted and recorded. A save
writes the data file first and records its counter after (``VaultCodec.commit``,
done by ``Vault.database``), so a crash in between leaves a file that is one
ahead of its record: still readable, and recorded on the next read.

A record is written (counter 0) *before* its file's key enters the key file,
and the key file (authenticated) says ``"counter_records": "required"``, so
every file the key file lists has a record: a missing one was deleted outside
the app, and is refused (``KeyFileTampered``) instead of read as "counter 0".
A folder from before that rule gets its missing records (from the counters in
the key file and the files' own authenticated headers) at its first unlock.

Nothing here logs, and no message quotes data: only file ids and counters.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argon2.low_level import ARGON2_VERSION, Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from tinydb import TinyDB

from app.storage.safe_storage import (
    BACKUP_SUFFIX,
    CorruptFileError,
    JsonCodec,
    NoUsableBackupError,
    SafeStorage,
    backup_path_for,
    erase_file,
    lock_for,
    locked_database,
    quarantine_and_restore_backup,
)

__all__ = [
    "DEFAULT_KDF",
    "FORMAT_VERSION",
    "KEY_FILE_CODEC",
    "KEY_FILE_NAME",
    "MAGIC",
    "KdfParams",
    "KeyFileTampered",
    "NoVault",
    "Vault",
    "VaultCodec",
    "VaultError",
    "VaultExists",
    "VaultLocked",
    "WrongPassphrase",
    "WrongRecoveryKey",
    "format_recovery_key",
    "is_encrypted",
    "parse_recovery_key",
]

KEY_FILE_NAME = "keys.json"
KEY_FILE_FORMAT = "min-rost-keys"
KEY_FILE_VERSION = 1
MAGIC = b"MRST"
FORMAT_VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
RECOVERY_BYTES = 20
"""160 random bits: 32 base32 characters, printed in 8 groups of 4."""
PAD_TO = 256
"""Plaintext is padded to a multiple of this, so a file's size says less."""
_HEADER_FIXED = len(MAGIC) + 1 + 8 + 1
_TABLE = "vault"


# --- errors -----------------------------------------------------------------
class VaultError(Exception):
    """Something about the keys of a data folder; never quotes data."""


class WrongPassphrase(VaultError):
    """The passphrase (or PIN) does not open the key file."""

    def __init__(self) -> None:
        super().__init__("the passphrase does not open this data folder")


class WrongRecoveryKey(VaultError):
    """The recovery key is malformed or does not open the key file."""


class VaultLocked(VaultError):
    """The data folder is encrypted and has not been unlocked yet."""

    def __init__(self) -> None:
        super().__init__("the data folder is encrypted and not unlocked yet")


class VaultExists(VaultError):
    """``Vault.create`` on a folder that already has a key file."""


class NoVault(VaultError):
    """``Vault.unlock`` on a folder that has no key file."""


class KeyFileTampered(VaultError):
    """The key file's HMAC does not match: it was changed outside Min röst."""


# --- key derivation ---------------------------------------------------------
@dataclass(frozen=True)
class KdfParams:
    """Argon2id costs for turning the passphrase into a key-encryption key."""

    time_cost: int
    memory_cost: int
    """In KiB, as Argon2 counts it."""
    parallelism: int
    hash_len: int = KEY_BYTES

    def __post_init__(self) -> None:
        # Bounds, because these come from a file someone may have edited: a
        # huge memory cost must not exhaust the machine before the HMAC check.
        if not 1 <= self.time_cost <= 64:
            raise ValueError("Argon2 time cost out of range")
        if not 1 <= self.parallelism <= 16:
            raise ValueError("Argon2 parallelism out of range")
        if not 8 * self.parallelism <= self.memory_cost <= 4 * 1024 * 1024:
            raise ValueError("Argon2 memory cost out of range")
        if self.hash_len != KEY_BYTES:
            raise ValueError("Argon2 output must be 32 bytes")

    @classmethod
    def from_hasher(cls, hasher: Any) -> KdfParams:
        """The costs of an ``argon2.PasswordHasher`` (tests pass a cheap one)."""
        return cls(
            time_cost=hasher.time_cost,
            memory_cost=hasher.memory_cost,
            parallelism=hasher.parallelism,
        )

    def derive(self, secret: str, salt: bytes) -> bytes:
        """Return the 32-byte key for ``secret`` (NFC-normalised) and ``salt``."""
        return hash_secret_raw(
            _secret_bytes(secret),
            salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_cost,
            parallelism=self.parallelism,
            hash_len=self.hash_len,
            type=Type.ID,
            version=ARGON2_VERSION,
        )

    def to_doc(self) -> dict[str, Any]:
        """Return the key-file form (the header records the parameters)."""
        return {
            "algorithm": "argon2id",
            "argon2_version": ARGON2_VERSION,
            "time_cost": self.time_cost,
            "memory_cost_kib": self.memory_cost,
            "parallelism": self.parallelism,
            "hash_len": self.hash_len,
        }

    @classmethod
    def from_doc(cls, doc: Any) -> KdfParams:
        """Read the key-file form; raise ``ValueError`` if it is not one we use."""
        try:
            if doc["algorithm"] != "argon2id" or doc["argon2_version"] != 19:
                raise ValueError("the key file uses an unknown key derivation")
            values = [
                doc[k] for k in ("time_cost", "memory_cost_kib", "parallelism")
            ] + [doc["hash_len"]]
        except (KeyError, TypeError):
            raise ValueError(
                "the key file's Argon2 parameters are incomplete"
            ) from None
        if not all(type(v) is int for v in values):
            raise ValueError("the key file's Argon2 parameters are not numbers")
        return cls(*values)


DEFAULT_KDF = KdfParams(time_cost=3, memory_cost=128 * 1024, parallelism=2)
"""Argon2id, 128 MiB, 3 passes, 2 lanes: about 0.2 s on an idle 2-core machine,
up to 0.5 s on a busy one (measurements in docs/security.md)."""


def _secret_bytes(secret: str) -> bytes:
    # NFC: "å" typed on one keyboard may arrive decomposed from another.
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info
    ).derive(key)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: Any, length: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise ValueError("the key file holds a malformed value")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the key file holds a malformed value") from None
    if length is not None and len(raw) != length:
        raise ValueError("the key file holds a value of the wrong length")
    return raw


def _canonical(doc: Any) -> bytes:
    return json.dumps(
        doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def _wrap(kek: bytes, key: bytes, aad: bytes) -> dict[str, str]:
    nonce = os.urandom(NONCE_BYTES)
    return {"nonce": _b64(nonce), "wrapped": _b64(AESGCM(kek).encrypt(nonce, key, aad))}


def _unwrap(kek: bytes, entry: Any, aad: bytes) -> bytes:
    """Unwrap a key; raise ``InvalidTag`` if ``kek`` or ``aad`` is not the one."""
    if not isinstance(entry, dict):
        raise ValueError("the key file holds a malformed key")
    nonce = _unb64(entry.get("nonce"), NONCE_BYTES)
    wrapped = _unb64(entry.get("wrapped"), KEY_BYTES + 16)
    return AESGCM(kek).decrypt(nonce, wrapped, aad)


def _passphrase_aad(kdf: dict[str, Any], salt: str) -> bytes:
    # The parameters are bound to the wrapped key, so editing them is noticed.
    return b"min-rost/v1/master/passphrase\x00" + _canonical([kdf, salt])


_RECOVERY_AAD = b"min-rost/v1/master/recovery"
_MAC_INFO = b"min-rost/v1/keyfile-mac"
_COUNTER_MAC_INFO = b"min-rost/v1/counter-mac"
COUNTERS_DIR = "counters"
"""Folder of the per-file write counter records (one small file per data file)."""
_COUNTER_TABLE = "counter"
COUNTER_RECORDS = "counter_records"
"""Key-file field: ``"required"`` once every listed file has a counter record."""
_REQUIRED = "required"
_SAFE_FILE_ID = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*")


def _data_key_aad(file_id: str) -> bytes:
    return b"min-rost/v1/data-key\x00" + file_id.encode("utf-8")


# --- recovery keys ------------------------------------------------------------
def format_recovery_key(raw: bytes) -> str:
    """Show recovery bytes as base32 in groups of four: ``ABCD-EFGH-…``."""
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    """Read a typed recovery key (case, spaces and dashes do not matter)."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\n")
    # Letters that are easy to mistake for digits are not in base32's alphabet.
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    padded = cleaned + "=" * (-len(cleaned) % 8)
    try:
        raw = base64.b32decode(padded)
    except (binascii.Error, ValueError):
        raise WrongRecoveryKey("that is not a recovery key") from None
    if len(raw) != RECOVERY_BYTES:
        raise WrongRecoveryKey("a recovery key has 32 letters and digits")
    return raw


# --- the key file on disk -----------------------------------------------------
class _KeyFileCodec:
    """The key file as one JSON object; SafeStorage sees ``{"vault": {"1": doc}}``."""

    def encode(self, data: dict[str, Any], *, path: Path) -> bytes:
        """Return the key file's bytes."""
        return JsonCodec().encode(data[_TABLE]["1"], path=path)

    def decode(self, raw: bytes, *, path: Path) -> dict[str, Any]:
        """Parse the key file; its HMAC is checked once the vault is unlocked."""
        doc = JsonCodec().decode(raw, path=path)
        if doc.get("format") != KEY_FILE_FORMAT:
            raise ValueError("it is not a Min röst key file")
        if doc.get("version") != KEY_FILE_VERSION:
            raise ValueError(f"it is a key file of format {doc.get('version')!r}")
        return {_TABLE: {"1": doc}}


KEY_FILE_CODEC = _KeyFileCodec()
"""The codec of ``keys.json`` (for ``quarantine_and_restore_backup``)."""


def _key_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_FILE_NAME


def _read_key_file(path: Path) -> dict[str, Any]:
    data = SafeStorage(path, codec=KEY_FILE_CODEC).read()
    if data is None:
        raise NoVault("this data folder has no key file")
    return data[_TABLE]["1"]


def _write_key_file(path: Path, doc: dict[str, Any]) -> None:
    SafeStorage(path, codec=KEY_FILE_CODEC).write({_TABLE: {"1": doc}})


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def is_encrypted(raw: bytes) -> bool:
    """Whether ``raw`` starts like a file this module wrote."""
    return raw.startswith(MAGIC)


# --- the vault ----------------------------------------------------------------
class Vault:
    """The unlocked keys of one data folder. Build with ``create`` or ``unlock``.

    The key file on disk is the only state: every change re-reads it under its
    lock first, so two ``Vault`` objects on one folder never undo each other.
    """

    def __init__(self, data_dir: Path, master: bytes, doc: dict[str, Any]) -> None:
        """Internal: use ``create``, ``unlock`` or ``unlock_with_recovery``."""
        self.data_dir = Path(data_dir)
        self.key_path = _key_path(self.data_dir)
        self._master = master
        self._mac_key = _hkdf(master, b"", _MAC_INFO)
        self._counter_mac_key = _hkdf(master, b"", _COUNTER_MAC_INFO)
        self._counters: dict[str, tuple[tuple[int, int, int] | None, int]] = {}
        """file id → (stamp of its counter record, counter): re-read on change."""
        self._lock = lock_for(self.key_path)
        self._doc = doc
        self._stamp = _stamp(self.key_path)
        self._keys: dict[tuple[str, str], bytes] = {}
        self._check_mac(doc)

    # --- opening --------------------------------------------------------------
    @staticmethod
    def exists(data_dir: str | os.PathLike[str]) -> bool:
        """Whether the folder is encrypted (has a key file, or its backup)."""
        path = _key_path(Path(data_dir))
        return path.exists() or backup_path_for(path).exists()

    @classmethod
    def create(
        cls,
        data_dir: str | os.PathLike[str],
        passphrase: str,
        *,
        recovery: bool = True,
        kdf: KdfParams = DEFAULT_KDF,
        migration_pending: bool = False,
    ) -> tuple[Vault, str | None]:
        """Make the key file; return the vault and the recovery key (shown once)."""
        data_dir = Path(data_dir)
        path = _key_path(data_dir)
        with lock_for(path):
            if cls.exists(data_dir):
                raise VaultExists("this data folder already has a key file")
            master = os.urandom(KEY_BYTES)
            doc: dict[str, Any] = {
                "format": KEY_FILE_FORMAT,
                "version": KEY_FILE_VERSION,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "kdf": kdf.to_doc(),
                "passphrase": _passphrase_entry(master, passphrase, kdf),
                "recovery": None,
                "files": {},
                "migration_pending": migration_pending,
                COUNTER_RECORDS: _REQUIRED,
            }
            recovery_text = None
            if recovery:
                doc["recovery"], recovery_text = _recovery_entry(master)
            doc["mac"] = _mac(_hkdf(master, b"", _MAC_INFO), doc)
            data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_key_file(path, doc)
            return cls(data_dir, master, doc), recovery_text

    @classmethod
    def unlock(cls, data_dir: str | os.PathLike[str], passphrase: str) -> Vault:
        """Open the folder's keys with the passphrase; ``WrongPassphrase`` if not."""
        path = _key_path(Path(data_dir))
        with lock_for(path):
            doc = _read_key_file(path)
        try:
            kdf_doc, entry = doc["kdf"], doc["passphrase"]
            kdf = KdfParams.from_doc(kdf_doc)
            salt = _unb64(entry["salt"], SALT_BYTES)
        except (KeyError, TypeError, ValueError) as exc:
            raise KeyFileTampered(f"the key file is malformed: {exc}") from None
        kek = kdf.derive(passphrase, salt)
        try:
            master = _unwrap(kek, entry, _passphrase_aad(kdf_doc, entry["salt"]))
        except InvalidTag:
            raise WrongPassphrase() from None
        except ValueError as exc:
            raise KeyFileTampered(f"the key file is malformed: {exc}") from None
        return cls._opened(Path(data_dir), master, doc)

    @classmethod
    def unlock_with_recovery(
        cls, data_dir: str | os.PathLike[str], recovery_key: str
    ) -> Vault:
        """Open the folder's keys with the organisation's recovery key."""
        raw = parse_recovery_key(recovery_key)
        path = _key_path(Path(data_dir))
        with lock_for(path):
            doc = _read_key_file(path)
        entry = doc.get("recovery")
        if not isinstance(entry, dict):
            raise WrongRecoveryKey("this data folder has no recovery key")
        try:
            kek = _hkdf(raw, _unb64(entry.get("salt"), SALT_BYTES), _RECOVERY_AAD)
            master = _unwrap(kek, entry, _RECOVERY_AAD)
        except InvalidTag:
            raise WrongRecoveryKey("the recovery key does not fit") from None
        except ValueError as exc:
            raise KeyFileTampered(f"the key file is malformed: {exc}") from None
        return cls._opened(Path(data_dir), master, doc)

    @classmethod
    def _opened(cls, data_dir: Path, master: bytes, doc: dict[str, Any]) -> Vault:
        vault = cls(data_dir, master, doc)
        vault._require_counter_records()
        return vault

    # --- the ways in --------------------------------------------------------
    @property
    def kdf_params(self) -> KdfParams:
        """The Argon2id parameters recorded in the key file."""
        return KdfParams.from_doc(self._load()["kdf"])

    @property
    def has_recovery_key(self) -> bool:
        """Whether an organisation recovery key opens this folder too."""
        return isinstance(self._load().get("recovery"), dict)

    def verify_passphrase(self, passphrase: str) -> bool:
        """Whether ``passphrase`` opens this folder (costs one Argon2id run)."""
        doc = self._load()
        kdf_doc, entry = doc["kdf"], doc["passphrase"]
        kek = KdfParams.from_doc(kdf_doc).derive(
            passphrase, _unb64(entry["salt"], SALT_BYTES)
        )
        try:
            master = _unwrap(kek, entry, _passphrase_aad(kdf_doc, entry["salt"]))
        except InvalidTag:
            return False
        return hmac.compare_digest(master, self._master)

    def change_passphrase(self, new: str, *, kdf: KdfParams | None = None) -> None:
        """Re-wrap the master key for ``new``; no data file is rewritten."""

        def change(doc: dict[str, Any]) -> None:
            params = kdf or KdfParams.from_doc(doc["kdf"])
            doc["kdf"] = params.to_doc()
            doc["passphrase"] = _passphrase_entry(self._master, new, params)

        # Twice, so the .bak no longer opens with the old passphrase either.
        self._update(change, twice=True)

    def new_recovery_key(self) -> str:
        """Replace the recovery key (the old one stops working); return the new."""
        made: list[str] = []

        def change(doc: dict[str, Any]) -> None:
            doc["recovery"], text = _recovery_entry(self._master)
            made.append(text)

        self._update(change, twice=True)
        return made[0]

    def remove_recovery_key(self) -> None:
        """Stop the recovery key from opening this folder."""
        self._update(lambda doc: doc.update(recovery=None), twice=True)

    @property
    def migration_pending(self) -> bool:
        """Whether plaintext files from an earlier version still await encryption."""
        return bool(self._load().get("migration_pending"))

    def mark_migrated(self) -> None:
        """Record that every plaintext file has been encrypted."""
        self._update(lambda doc: doc.update(migration_pending=False))

    # --- files ----------------------------------------------------------------
    def file_id_for(self, path: str | os.PathLike[str]) -> str:
        """The id a file's ciphertext is bound to: its path in the folder, no suffix.

        ``index.json`` → ``index``; ``children/ab12.json`` → ``children/ab12``.
        Relative, so the data folder may be moved.
        """
        path = Path(os.path.abspath(path))
        base = Path(os.path.abspath(self.data_dir))
        try:
            rel = path.relative_to(base)
        except ValueError:
            raise ValueError("the file is not in this data folder") from None
        name = rel.as_posix()
        if name.endswith(BACKUP_SUFFIX):
            raise ValueError("use the file's own path, not its backup's")
        file_id = name.removesuffix(".json")
        if not file_id or len(file_id.encode()) > 255 or file_id == KEY_FILE_NAME:
            raise ValueError("this file cannot be encrypted")
        return file_id

    def codec_for(
        self, path: str | os.PathLike[str], *, previous_ok: bool = False
    ) -> VaultCodec:
        """A SafeStorage codec for one file.

        ``previous_ok`` also accepts the version saved just before the last one
        (what ``.bak`` holds): only for restoring a backup on request.
        """
        return VaultCodec(self, self.file_id_for(path), previous_ok=previous_ok)

    @contextmanager
    def database(self, path: str | os.PathLike[str]) -> Iterator[TinyDB]:
        """``locked_database`` through this vault; records the write counter after."""
        codec = self.codec_for(path)
        with locked_database(path, codec=codec) as db:
            recorded = self.recorded_counter(codec.file_id)
            if recorded and not os.path.lexists(path):
                # Deleting a file must not read as "no data yet" (an empty
                # index, a fresh start): it was saved before, so it is damage.
                raise CorruptFileError(
                    Path(path),
                    f"it is missing, though it was saved before (save {recorded})",
                )
            try:
                yield db
            finally:
                codec.commit(Path(path))

    def destroy_key(self, child_id: str) -> None:
        """Erase a child's data key (and counter); its files can never be read again."""
        self.destroy_file_key(f"children/{child_id}")

    def destroy_file_key(self, file_id: str) -> None:
        """Remove one file's wrapped key from the key file and from its backup."""

        def change(doc: dict[str, Any]) -> None:
            doc["files"].pop(file_id, None)

        self._update(change, twice=True)
        with self._lock:
            for cached in [k for k in self._keys if k[0] == file_id]:
                del self._keys[cached]
            erase_file(self.counter_path(file_id))
            self._counters.pop(file_id, None)

    def file_ids(self) -> list[str]:
        """Every file id that has a data key."""
        return sorted(self._load()["files"])

    def recorded_counter(self, file_id: str) -> int:
        """The highest write counter recorded for a file (0 if none).

        That is its counter record (``counters/``), or the counter in the key
        file where that is higher (where an earlier version recorded them).
        """
        with self._lock:
            entry = self._load()["files"].get(file_id)
            if not entry:
                return 0
            return max(int(entry["counter"]), self._counter_record(file_id))

    def counter_path(self, file_id: str) -> Path:
        """The file recording ``file_id``'s highest write counter."""
        if _SAFE_FILE_ID.fullmatch(file_id):
            name = file_id.replace("/", ".")
        else:
            name = "id-" + hashlib.sha256(file_id.encode("utf-8")).hexdigest()[:32]
        return self.data_dir / COUNTERS_DIR / f"{name}.json"

    # --- internals --------------------------------------------------------
    def _data_key(self, file_id: str, *, create: bool) -> bytes | None:
        with self._lock:
            doc = self._load()
            entry = doc["files"].get(file_id)
            if entry is None:
                if not create:
                    return None
                key = os.urandom(KEY_BYTES)
                wrapped = _wrap(self._master, key, _data_key_aad(file_id))

                def add(doc: dict[str, Any]) -> None:
                    doc["files"].setdefault(file_id, {**wrapped, "counter": 0})

                # The record first, then the key, then the file: every file the
                # key file lists has a record, so a missing one is tampering.
                self._write_record(file_id, 0)
                self._update(add)
                entry = self._load()["files"][file_id]
            cache_key = (file_id, entry["nonce"])
            key = self._keys.get(cache_key)
            if key is None:
                try:
                    key = _unwrap(self._master, entry, _data_key_aad(file_id))
                except InvalidTag:
                    raise KeyFileTampered(
                        f"the key of {file_id} does not belong to it"
                    ) from None
                self._keys[cache_key] = key
            return key

    def _record(self, file_id: str, counter: int) -> None:
        """Raise a file's recorded counter to ``counter`` (never lowers it).

        Each file has its own small record, authenticated with a key derived
        from the master key and bound to the file id, so a save rewrites a few
        bytes, not the key file that lists every child.
        """
        with self._lock:
            if self.recorded_counter(file_id) >= counter or (
                file_id not in self._load()["files"]
            ):
                return
            self._write_record(file_id, counter)

    def _write_record(self, file_id: str, counter: int) -> None:
        """Save ``file_id``'s counter record as ``counter`` (the lock is held)."""
        record = {"file": file_id, "counter": counter}
        record["mac"] = self._counter_mac(record)
        path = self.counter_path(file_id)
        SafeStorage(path).write({_COUNTER_TABLE: {"1": record}})
        self._counters[file_id] = (_stamp(path), counter)

    def _counter_record(self, file_id: str) -> int:
        """The counter in ``file_id``'s record (0 if none); the lock is held.

        A damaged record falls back to its ``.bak`` (one save behind: the data
        file is then one ahead, as after a crash, and still readable); a record
        changed outside the app is refused, and so is a missing one once the
        key file says every file has one.
        """
        path = self.counter_path(file_id)
        stamp = _stamp(path)
        cached = self._counters.get(file_id)
        if cached is not None and stamp is not None and cached[0] == stamp:
            return cached[1]
        if stamp is None and self._load().get(COUNTER_RECORDS) == _REQUIRED:
            self._counters.pop(file_id, None)
            raise KeyFileTampered(
                f"the write counter record of {file_id} is missing: it was deleted "
                "outside Min röst, so an older copy of the file could pass for "
                "the newest"
            )
        counter = 0
        if stamp is not None or backup_path_for(path).exists():
            try:
                data = SafeStorage(path).read()
            except CorruptFileError as exc:
                if exc.backup_path is None:
                    raise KeyFileTampered(
                        f"the write counter record of {file_id} is damaged"
                    ) from None
                data = JsonCodec().decode(exc.backup_path.read_bytes(), path=path)
            counter = self._checked_counter(file_id, data)
        self._counters[file_id] = (stamp, counter)
        return counter

    def _checked_counter(self, file_id: str, data: dict[str, Any] | None) -> int:
        try:
            record = (data or {})[_COUNTER_TABLE]["1"]
            counter = record["counter"]
            mac = str(record["mac"])
        except (KeyError, TypeError):
            raise KeyFileTampered(
                f"the write counter record of {file_id} is malformed"
            ) from None
        expected = self._counter_mac({"file": file_id, "counter": counter})
        if type(counter) is not int or not hmac.compare_digest(mac, expected):
            raise KeyFileTampered(
                f"the write counter record of {file_id} was changed outside "
                "Min röst (its HMAC does not match)"
            )
        return counter

    def _counter_mac(self, record: dict[str, Any]) -> str:
        body = {"file": record["file"], "counter": record["counter"]}
        return hmac.new(
            self._counter_mac_key, _canonical(body), hashlib.sha256
        ).hexdigest()

    def _require_counter_records(self) -> None:
        """Give every listed file a counter record, then require them (at unlock).

        A folder from before counter records were required may lack some: a
        file whose counters an earlier version kept in the key file, or one
        saved but not yet recorded when that version stopped. Each missing
        record gets the highest of the key file's counter, the record's
        ``.bak`` and the counter in the file's own header, if that header is
        authentic (it decrypts). Records first, the key file's ``"required"``
        after (twice, so its ``.bak`` says it too): a crash midway only repeats
        this next time. A folder that cannot be written is opened as before
        (records not required yet) and migrated at a later unlock.
        """
        with self._lock:
            doc = self._load()
            if doc.get(COUNTER_RECORDS) == _REQUIRED:
                return
            try:
                for file_id, entry in doc["files"].items():
                    if self.counter_path(file_id).exists():
                        continue
                    counter = max(
                        int(entry["counter"]),
                        self._legacy_record(file_id),
                        self._authentic_counter_on_disk(file_id),
                    )
                    self._write_record(file_id, counter)
                self._update(
                    lambda d: d.update({COUNTER_RECORDS: _REQUIRED}), twice=True
                )
            except OSError:
                return  # read-only: nothing required yet, so nothing refused

    def _legacy_record(self, file_id: str) -> int:
        """The counter in a record's ``.bak`` if authentic, else 0 (migration only)."""
        backup = backup_path_for(self.counter_path(file_id))
        try:
            data = JsonCodec().decode(backup.read_bytes(), path=backup)
            return self._checked_counter(file_id, data)
        except (OSError, ValueError, KeyFileTampered):
            return 0

    def _authentic_counter_on_disk(self, file_id: str) -> int:
        """The write counter of the data file now on disk if it decrypts, else 0."""
        path = self.data_dir / f"{file_id}.json"
        try:
            counter, found, header, body = _parse(path.read_bytes())
            key = self._data_key(file_id, create=False)
            if key is None or found != file_id:
                return 0
            AESGCM(key).decrypt(header[-NONCE_BYTES:], body, header)
        except (OSError, ValueError, InvalidTag, KeyFileTampered):
            return 0
        return counter

    def _load(self) -> dict[str, Any]:
        """The key file as on disk now (re-read only when it changed)."""
        with self._lock:
            stamp = _stamp(self.key_path)
            if stamp is None or stamp != self._stamp:
                doc = _read_key_file(self.key_path)
                self._check_mac(doc)
                self._doc, self._stamp = doc, stamp
            return self._doc

    def _update(self, change: Any, *, twice: bool = False) -> None:
        with self._lock:
            doc = copy.deepcopy(self._load())
            change(doc)
            doc["mac"] = _mac(self._mac_key, doc)
            _write_key_file(self.key_path, doc)
            if twice:
                # The .bak now holds this version too: nothing older remains.
                _write_key_file(self.key_path, doc)
            self._doc, self._stamp = doc, _stamp(self.key_path)

    def _check_mac(self, doc: dict[str, Any]) -> None:
        expected = _mac(self._mac_key, doc)
        if not hmac.compare_digest(str(doc.get("mac", "")), expected):
            raise KeyFileTampered(
                "the key file was changed outside Min röst (its HMAC does not match)"
            )
        files = doc.get("files")
        if not isinstance(files, dict) or not all(
            isinstance(e, dict) and type(e.get("counter")) is int
            for e in files.values()
        ):
            raise KeyFileTampered("the key file's list of files is malformed")


def _mac(key: bytes, doc: dict[str, Any]) -> str:
    body = {k: v for k, v in doc.items() if k != "mac"}
    return hmac.new(key, _canonical(body), hashlib.sha256).hexdigest()


def _passphrase_entry(master: bytes, passphrase: str, kdf: KdfParams) -> dict[str, str]:
    salt = _b64(os.urandom(SALT_BYTES))
    kdf_doc = kdf.to_doc()
    kek = kdf.derive(passphrase, base64.b64decode(salt))
    return {"salt": salt, **_wrap(kek, master, _passphrase_aad(kdf_doc, salt))}


def _recovery_entry(master: bytes) -> tuple[dict[str, str], str]:
    raw = secrets.token_bytes(RECOVERY_BYTES)
    salt = os.urandom(SALT_BYTES)
    # 160 random bits need no slow hash; HKDF binds them to a fresh salt.
    kek = _hkdf(raw, salt, _RECOVERY_AAD)
    return {"salt": _b64(salt), **_wrap(kek, master, _RECOVERY_AAD)}, (
        format_recovery_key(raw)
    )


# --- the codec ----------------------------------------------------------------
class VaultCodec:
    """Encrypts one file's database for SafeStorage (see the module docstring)."""

    def __init__(self, vault: Vault, file_id: str, *, previous_ok: bool = False):
        """Internal: use ``Vault.codec_for(path)``."""
        self.vault = vault
        self.file_id = file_id
        self.previous_ok = previous_ok
        self._encoded = False
        self._highest = 0
        self._last_written: tuple[bytes, int] | None = None
        """The bytes of the last ``encode`` and their counter, for ``commit``."""
        self._lock = threading.Lock()

    def encode(self, data: dict[str, Any], *, path: Path) -> bytes:
        """Encrypt ``data`` under the next write counter of this file."""
        self._check_path(path)
        plain = JsonCodec().encode(data, path=path)
        plain += b" " * (-len(plain) % PAD_TO)
        key = self.vault._data_key(self.file_id, create=True)
        assert key is not None
        with self._lock:
            counter = max(self.vault.recorded_counter(self.file_id), self._highest) + 1
            self._highest = counter
            self._encoded = True
        file_id = self.file_id.encode("utf-8")
        header = (
            MAGIC
            + bytes([FORMAT_VERSION])
            + counter.to_bytes(8, "big")
            + bytes([len(file_id)])
            + file_id
            + os.urandom(NONCE_BYTES)
        )
        raw = header + AESGCM(key).encrypt(header[-NONCE_BYTES:], plain, header)
        with self._lock:
            self._last_written = (raw, counter)
        return raw

    def decode(self, raw: bytes, *, path: Path) -> dict[str, Any]:
        """Decrypt and check ``raw``; raise ``ValueError`` saying what is wrong."""
        self._check_path(path)
        counter, file_id, header, body = _parse(raw)
        if file_id != self.file_id:
            raise ValueError(
                f"it belongs to another file ({file_id}), so it may have been "
                "copied over this one"
            )
        key = self.vault._data_key(self.file_id, create=False)
        if key is None:
            raise ValueError(
                "there is no key for it any more (its child may have been erased)"
            )
        try:
            plain = AESGCM(key).decrypt(header[-NONCE_BYTES:], body, header)
        except InvalidTag:
            raise ValueError(
                "it failed its integrity check: it was changed outside Min röst "
                "or damaged on disk"
            ) from None
        recorded = self.vault.recorded_counter(self.file_id)
        lowest = recorded - 1 if self.previous_ok else recorded
        if counter < lowest:
            raise ValueError(
                f"it is an older version (save {counter}) than the last one "
                f"saved (save {recorded}), so an old copy may have been put back"
            )
        data = JsonCodec().decode(plain, path=path)
        with self._lock:
            self._highest = max(self._highest, counter)
        if counter > recorded and not self.previous_ok:
            # A crash came between the save and its record: record it now.
            self.vault._record(self.file_id, counter)
        return data

    def commit(self, path: Path) -> None:
        """After saves through this codec, record the counter of what is on disk.

        Reads the file back, so it records only a save that really landed. Call
        it while still holding the file's lock (``Vault.database`` does).
        """
        with self._lock:
            if not self._encoded:
                return
            self._encoded = False
            written = self._last_written
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            return
        if written is not None and raw == written[0]:
            # Exactly what this codec encrypted a moment ago: its counter is
            # known without decrypting and decoding the file once more.
            self.vault._record(self.file_id, written[1])
            return
        try:
            self.decode(raw, path=Path(path))
        except ValueError:
            # The next read reports it, with the backup, through SafeStorage.
            return

    def _check_path(self, path: Path) -> None:
        if self.vault.file_id_for(path) != self.file_id:
            raise ValueError("this codec belongs to another file")


def _parse(raw: bytes) -> tuple[int, str, bytes, bytes]:
    """Split an encrypted file into counter, file id, header and ciphertext."""
    if not raw.startswith(MAGIC):
        raise ValueError("it is not encrypted, but this data folder is")
    if len(raw) < _HEADER_FIXED:
        raise ValueError("it is cut off")
    version = raw[len(MAGIC)]
    if version != FORMAT_VERSION:
        raise ValueError(f"it is in encryption format {version}, unknown here")
    counter = int.from_bytes(raw[len(MAGIC) + 1 : len(MAGIC) + 9], "big")
    id_len = raw[_HEADER_FIXED - 1]
    header_end = _HEADER_FIXED + id_len + NONCE_BYTES
    if len(raw) < header_end + 16:
        raise ValueError("it is cut off")
    try:
        file_id = raw[_HEADER_FIXED : _HEADER_FIXED + id_len].decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("its header is damaged") from None
    return counter, file_id, raw[:header_end], raw[header_end:]


def read_counter(raw: bytes) -> int:
    """The (unauthenticated) write counter in an encrypted file's header."""
    return _parse(raw)[0]


def restore_backup(vault: Vault, path: str | os.PathLike[str]) -> Path | None:
    """Set the bad file aside untouched and bring back its ``.bak``; return where.

    The backup is the version saved before the last one, which ``decode``
    refuses as a rollback; here, on request, it is accepted and then saved
    again under a new counter (twice, so ``.bak`` is a readable version too).
    A missing file (deleted outside the app) is restored the same way, and
    None is returned: there was nothing to set aside. Raises
    ``NoUsableBackupError`` when the backup is missing or unreadable.
    """
    path = Path(path)
    lenient = vault.codec_for(path, previous_ok=True)
    with lock_for(path):
        quarantined = None
        if path.exists():
            quarantined = quarantine_and_restore_backup(path, codec=lenient)
            restored = path.read_bytes()
        else:
            try:
                restored = backup_path_for(path).read_bytes()
            except FileNotFoundError:
                raise NoUsableBackupError(path, "there is no backup copy") from None
        try:
            data = lenient.decode(restored, path=path)
        except ValueError as exc:
            raise NoUsableBackupError(
                path, f"the backup is unreadable: {exc}"
            ) from None
        before = set(path.parent.glob(path.name + ".corrupt-*"))
        codec = vault.codec_for(path)
        storage = SafeStorage(path, codec=codec)
        for _ in range(2):
            storage.write(data)
            codec.commit(path)
        # The first save set the restored (older) bytes aside as well: they are
        # a copy of .bak, not a damaged file, so they go.
        for extra in set(path.parent.glob(path.name + ".corrupt-*")) - before:
            if extra.read_bytes() == restored:
                extra.unlink()
        return quarantined
