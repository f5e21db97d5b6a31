"""Children and sessions on disk: one crash-safe file per child, a small index.

This is the only module that knows TinyDB's ``Query``. Layout of the data dir::

    index.json              the list of children (id, display name, case ref)
    children/<id>.json      one child: the child document and its sessions
    settings.json           PIN attempts, idle time, retention: never child data
    keys.json               with encryption: the wrapped keys (``crypto``)
    counters/               with encryption: each file's write counter record
    recordings/<id>/        voices recorded for one child (encrypted only):
        index.json          which (language, shown text) has which recording
        <rec id>.json       one recording's audio

A recorded voice belongs to the child it was recorded for (``docs/security.md``
§ recorded voices): it is erased with the child, never written in plaintext
(no vault, no recording), and its file name is random, so the folder does not
show which words, or which language, were recorded.

With a ``Vault`` (``Repository(data_dir, vault=...)`` or ``use_vault`` after an
unlock) the index and every child's file are encrypted (``app.storage.crypto``);
settings.json stays plain JSON because it is needed before the unlock and holds
no child data. A folder that has a key file but no vault yet is *locked*: its
children cannot be read, and nothing is ever written to it in plaintext.

A save rewrites one child's file only, so its cost does not grow with the
number of children. Every read goes to disk (no cache), so what the UI shows
after a save is what a restart would show.

Each stored session carries a *revision* (``_revision`` in its document), a
save counter that ``save_session`` bumps in the same write. Two browser
sessions may show the same child session: a save that names the revision its
copy was read at is compare-and-set, refused (``StaleSessionError``, nothing
written) when another save came in between. The revision belongs to the
record, not to the answers: ``Session`` never sees it, so exports and imports
do not carry it.
"""

from __future__ import annotations

import base64
import errno
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import Child, ConsentRecord, Session
from app.storage import crypto
from app.storage.crypto import Vault, VaultLocked
from app.storage.errors import (
    READ_ONLY_ERRNOS,
    DataFolderNotADirectory,
    folder_error,
)
from app.storage.safe_storage import (
    CorruptFileError,
    JsonCodec,
    NoUsableBackupError,
    SafeStorage,
    backup_path_for,
    erase_file,
    lock_for,
    locked_database,
    quarantine_and_restore_backup,
    remove_stale_temp_files,
)
from app.storage.store import (
    MAX_RECORDING_BYTES,
    RECORDING_MIMES,
    NotFoundError,
    Recording,
    RecordingInfo,
    RecordingTooLarge,
    StaleSessionError,
    Store,
    StoredSession,
    recording_doc,
    recording_info,
)
from app.storage.undo import FolderUndo

__all__ = [
    "CorruptFileError",
    "FileMissingError",
    "MigrationReport",
    "NoUsableBackupError",
    "NotFoundError",
    "Recording",
    "RecordingInfo",
    "RecordingTooLarge",
    "Repository",
    "StaleSessionError",
    "Store",
    "StoredSession",
    "VaultLocked",
]

REVISION_KEY = "_revision"
"""Key of a stored session document holding its revision (the record's, not
the domain's: stripped before ``Session.from_doc``). Absent in files written
before revisions existed, which reads as revision 0."""


RECORDINGS_DIR = "recordings"


class FileMissingError(CorruptFileError, NotFoundError):
    """A child's file is gone though it was saved before: damage, not "no child".

    Its ``.bak`` or its data key shows the file existed. Still a
    ``NotFoundError``, so code that skips absent children keeps doing so; the
    screens that open a child offer the backup (``backup_path``) instead.
    """


@dataclass
class MigrationReport:
    """What encrypting an earlier version's plaintext files did."""

    encrypted: list[str] = field(default_factory=list)
    """File ids now encrypted by this run."""
    already: list[str] = field(default_factory=list)
    """File ids that were encrypted before (a rerun after a crash)."""
    unreadable: list[Path] = field(default_factory=list)
    """Plaintext files that could not be read: left as they are."""
    plaintext_left: list[Path] = field(default_factory=list)
    """Old damaged copies (``.corrupt-*``) in plaintext: left for a person to judge."""

    @property
    def complete(self) -> bool:
        """Whether every data file is encrypted now."""
        return not self.unreadable


class Repository(Store):
    """Loads and saves children and their sessions under one data folder."""

    def __init__(self, data_dir: Path, vault: Vault | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.vault = vault
        """The unlocked keys when the folder is encrypted (``use_vault``)."""
        self.children_dir = self.data_dir / "children"
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise DataFolderNotADirectory(
                errno.ENOTDIR, "the data folder is a file", str(self.data_dir)
            )
        try:
            self.children_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            # A read-only folder without children/ simply has no children yet.
            if exc.errno not in READ_ONLY_ERRNOS or not self.data_dir.is_dir():
                raise folder_error(exc, self.data_dir) from exc
        remove_stale_temp_files(self.data_dir)
        remove_stale_temp_files(self.children_dir)
        remove_stale_temp_files(self.data_dir / crypto.COUNTERS_DIR)
        recordings = self.data_dir / RECORDINGS_DIR
        if recordings.is_dir():
            for folder in recordings.iterdir():
                remove_stale_temp_files(folder)

    # --- files and locks --------------------------------------------------
    @property
    def index_path(self) -> Path:
        """The file listing every child."""
        return self.data_dir / "index.json"

    def child_path(self, child_id: str) -> Path:
        """The file holding one child's data."""
        if not child_id.isalnum():
            raise NotFoundError(child_id)
        return self.children_dir / f"{child_id}.json"

    # --- encryption -------------------------------------------------------
    @property
    def encrypted(self) -> bool:
        """Whether this folder's children are encrypted (a key file exists)."""
        return self.vault is not None or Vault.exists(self.data_dir)

    @property
    def locked(self) -> bool:
        """Whether the folder is encrypted and not unlocked in this process."""
        return self.vault is None and Vault.exists(self.data_dir)

    def use_vault(self, vault: Vault) -> None:
        """Read and write through ``vault`` from now on (after an unlock)."""
        if Path(vault.data_dir).resolve() != self.data_dir.resolve():
            raise ValueError("the vault belongs to another data folder")
        self.vault = vault

    def data_files(self) -> list[Path]:
        """Every file holding children's data: each child's file, then the index."""
        children = sorted(
            p
            for p in self.children_dir.glob("*.json")
            if p.stem.isalnum() and p.is_file()
        )
        return [*children, self.index_path]

    def encrypt_existing_data(self) -> MigrationReport:
        """Encrypt the plaintext files an earlier version wrote (first unlock).

        Each file is read as plain JSON (its ``.bak`` if the file itself is
        damaged), saved encrypted twice (so ``.bak`` is encrypted too) and read
        back; only when it reads back equal are the plaintext copies removed. A
        rerun after a crash skips what is done and finishes the clean-up.
        """
        if self.vault is None:
            raise VaultLocked()
        report = MigrationReport()
        for path in self.data_files():
            with lock_for(path):
                _migrate_file(self.vault, path, report)
        if report.complete and self.vault.migration_pending:
            self.vault.mark_migrated()
        return report

    @contextmanager
    def _db(self, path: Path) -> Iterator[TinyDB]:
        # A TinyDB operation reads, changes and writes the whole file; the file's
        # lock (shared by every Repository in this process) keeps two handlers
        # (Flet runs them concurrently) from losing each other's changes.
        if path == self.settings_path:
            with locked_database(path) as db:
                yield db
            return
        vault = self.vault
        if vault is None:
            if Vault.exists(self.data_dir):
                raise VaultLocked()
            with locked_database(path) as db:
                yield db
            return
        try:
            with vault.database(path) as db:
                yield db
        except CorruptFileError as exc:
            # SafeStorage checks .bak with the strict codec, which refuses the
            # previous version as a rollback; a restore on request accepts it.
            if exc.backup_path is not None or not _backup_readable(vault, path):
                raise
            raise CorruptFileError(
                exc.path, exc.reason, backup_path_for(exc.path)
            ) from None

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """All of the block's writes stay, or every file is put back byte for
        byte (``FolderUndo``), under the index's and the key file's locks."""
        with (
            lock_for(self.index_path),
            lock_for(self.data_dir / crypto.KEY_FILE_NAME),
            FolderUndo(self.data_dir),
        ):
            yield

    # --- children -----------------------------------------------------------
    def list_children(self) -> list[Child]:
        """Return every child, oldest first."""
        with self._db(self.index_path) as db:
            docs = db.table("children").all()
        return sorted((Child.from_doc(d) for d in docs), key=lambda c: c.created)

    def add_child(self, child: Child) -> None:
        """Store a new child: its own file first, then its line in the index."""
        with self._db(self.child_path(child.id)) as db:
            db.table("child").truncate()
            db.table("child").insert(child.to_doc())
        with self._db(self.index_path) as db:
            db.table("children").upsert(child.to_doc(), Query().id == child.id)

    def get_child(self, child_id: str) -> Child:
        """Return one child or raise NotFoundError."""
        path = self._existing(child_id)
        with self._db(path) as db:
            docs = db.table("child").all()
        if not docs:
            raise NotFoundError(child_id)
        return Child.from_doc(docs[0])

    def erase_child(self, child_id: str) -> None:
        """Remove a child's files and backups, its key, and its line in the index.

        With encryption the child's data key is destroyed, and the index is
        saved twice so that its ``.bak`` no longer names the child either.
        """
        if self.locked:
            raise VaultLocked()  # before anything is removed, not halfway
        with lock_for(self.child_path(child_id)):
            erase_file(self.child_path(child_id))
            if self.vault is not None:
                self.vault.destroy_key(child_id)
        with self._db(self.index_path) as db:
            db.table("children").remove(Query().id == child_id)
            if self.vault is not None:
                db.storage.write(db.storage.read() or {})
        self._erase_recordings(child_id)

    # --- recorded voices -----------------------------------------------------
    def recordings_dir(self, child_id: str) -> Path:
        """The folder of one child's recorded voices."""
        return self.child_path(child_id).parent.parent / RECORDINGS_DIR / child_id

    def _recordings_index(self, child_id: str) -> Path:
        return self.recordings_dir(child_id) / "index.json"

    def recorded_voices(self, child_id: str) -> dict[tuple[str, str], RecordingInfo]:
        """The child's recorded voices by (language, shown text); no audio read."""
        index = self._recordings_index(child_id)
        if not index.exists() or self.vault is None:
            return {}
        with self._db(index) as db:
            docs = db.table("recordings").all()
        return {(d["language"], d["text"]): recording_info(d) for d in docs}

    def recorded_voice(
        self, child_id: str, language: str, text: str
    ) -> Recording | None:
        """The recorded voice for ``text`` in ``language``, or None (no recording)."""
        index = self._recordings_index(child_id)
        if not index.exists() or self.vault is None:
            return None
        with self._db(index) as db:
            doc = db.table("recordings").get(
                (Query().language == language) & (Query().text == text)
            )
        if doc is None:
            return None
        path = self.recordings_dir(child_id) / f"{doc['id']}.json"
        with self._db(path) as db:
            audio = db.table("audio").get(doc_id=1)
        if audio is None:
            return None
        return Recording(recording_info(doc), base64.b64decode(audio["data"]))

    def save_recorded_voice(
        self, child_id: str, language: str, text: str, audio: bytes, mime: str
    ) -> RecordingInfo:
        """Keep ``audio`` as the child's voice for ``text``; replaces an older one.

        Encrypted only (``VaultLocked`` without a vault: a voice is never written
        in plaintext). The audio goes to a new file with a random name, then the
        index points at it, then the replaced recording's file and key are
        erased: a crash leaves at worst a file the index does not name.
        """
        if self.vault is None:
            raise VaultLocked()
        if not 0 < len(audio) <= MAX_RECORDING_BYTES:
            raise RecordingTooLarge(len(audio))
        if mime not in RECORDING_MIMES:
            raise ValueError("not a kind of audio a browser plays")
        self._existing(child_id)
        folder = self.recordings_dir(child_id)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        index = self._recordings_index(child_id)
        rec_id = secrets.token_hex(8)
        info = RecordingInfo(
            language=language,
            text=text,
            mime=mime,
            size=len(audio),
            recorded=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        with lock_for(index):
            with self._db(folder / f"{rec_id}.json") as db:
                db.table("audio").insert(
                    {"data": base64.b64encode(audio).decode("ascii")}
                )
            where = (Query().language == language) & (Query().text == text)
            with self._db(index) as db:
                table = db.table("recordings")
                old = table.get(where)
                table.upsert({"id": rec_id, **recording_doc(info)}, where)
            if old is not None:
                self._erase_recording_file(child_id, old["id"])
        return info

    def delete_recorded_voice(self, child_id: str, language: str, text: str) -> bool:
        """Erase the recorded voice for ``text`` (file and key); False if none."""
        if self.locked:
            raise VaultLocked()
        index = self._recordings_index(child_id)
        if not index.exists():
            return False
        where = (Query().language == language) & (Query().text == text)
        with lock_for(index):
            with self._db(index) as db:
                table = db.table("recordings")
                old = table.get(where)
                table.remove(where)
            if old is None:
                return False
            self._erase_recording_file(child_id, old["id"])
        return True

    def _erase_recording_file(self, child_id: str, rec_id: str) -> None:
        path = self.recordings_dir(child_id) / f"{rec_id}.json"
        erase_file(path)
        if self.vault is not None:
            self.vault.destroy_file_key(f"{RECORDINGS_DIR}/{child_id}/{rec_id}")

    def _erase_recordings(self, child_id: str) -> None:
        """Every recorded voice of the child: keys destroyed, files removed."""
        folder = self.recordings_dir(child_id)
        if self.vault is not None:
            prefix = f"{RECORDINGS_DIR}/{child_id}/"
            for file_id in self.vault.file_ids():
                if file_id.startswith(prefix):
                    self.vault.destroy_file_key(file_id)
        if folder.is_dir():
            for path in folder.glob("*.json"):
                erase_file(path)
            shutil.rmtree(folder, ignore_errors=True)

    # --- settings -----------------------------------------------------------
    @property
    def settings_path(self) -> Path:
        """The file of settings (PIN hash, attempts, idle time): apart from the
        index, so a damaged index cannot lock the counsellor out."""
        return self.data_dir / "settings.json"

    def get_setting(self, key: str, default: Any = None) -> Any:
        """Return a stored setting (PIN hash, idle time…) or ``default``."""
        with self._db(self.settings_path) as db:
            doc = db.table("settings").get(Query().key == key)
        return default if doc is None else doc["value"]

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting durably."""
        with self._db(self.settings_path) as db:
            db.table("settings").upsert(
                {"key": key, "value": value}, Query().key == key
            )

    # --- this device ---------------------------------------------------------
    def set_active(self, child_id: str, session_id: str, *, device: str) -> None:
        """Remember which session the browser ``device`` shows the child (resume).

        ``device`` identifies the browser that started child mode (a hash of
        its device secret); only that browser is shown the child's screens.
        """
        doc = {
            "key": "active",
            "child_id": child_id,
            "session_id": session_id,
            "device": device,
        }
        with self._db(self.index_path) as db:
            db.table("device").upsert(doc, Query().key == "active")

    def active(self, *, device: str | None = None) -> tuple[str, str] | None:
        """Return (child id, session id) of the session in progress, if any.

        With ``device``, only when that browser started it: every other browser
        (and a record from before browsers were told apart) gets None.
        """
        with self._db(self.index_path) as db:
            doc = db.table("device").get(Query().key == "active")
        if not doc:
            return None
        if device is not None and (not device or doc.get("device") != device):
            return None
        return str(doc["child_id"]), str(doc["session_id"])

    def clear_active(
        self, *, device: str | None = None, child_id: str | None = None
    ) -> None:
        """Forget the session in progress on this device.

        The folder keeps one record (one device in child mode at a time), so
        ``device`` and ``child_id`` change nothing here; the team server keeps
        one per device.
        """
        with self._db(self.index_path) as db:
            db.table("device").remove(Query().key == "active")

    # --- sessions -----------------------------------------------------------
    def sessions(self, child_id: str) -> list[Session]:
        """Return a child's sessions, oldest first."""
        with self._db(self._existing(child_id)) as db:
            docs = db.table("sessions").all()
        return sorted(
            (_stored_session(d).session for d in docs), key=lambda s: s.started
        )

    def load_session(self, child_id: str, session_id: str) -> StoredSession:
        """Return one session with its revision, or raise NotFoundError."""
        with self._db(self._existing(child_id)) as db:
            doc = db.table("sessions").get(Query().id == session_id)
        if doc is None:
            raise NotFoundError(session_id)
        return _stored_session(doc)

    def save_session(
        self, session: Session, *, expected_revision: int | None = None
    ) -> int:
        """Write a session durably and return its new revision, once on disk.

        With ``expected_revision`` the save is compare-and-set: when the stored
        session is at another revision (someone saved it since that copy was
        read) nothing is written and ``StaleSessionError`` carries the stored
        session; NotFoundError when it is not stored at all. The check, the
        write and the revision bump are one read and one write of the child's
        file under its lock. Without it the save always wins (a new session,
        an import, a change made under the lock as ``update_session`` does).
        """
        doc = session.to_doc()
        doc.pop(REVISION_KEY, None)  # an imported extra may not pose as one
        saved: list[int] = []

        def put(stored: dict[str, Any]) -> None:
            current = _revision_of(stored)
            if expected_revision is not None and current != expected_revision:
                raise StaleSessionError(_stored_session(stored))
            stored.clear()
            stored.update(doc)
            stored[REVISION_KEY] = current + 1
            saved.append(current + 1)

        with self._db(self._existing(session.child_id)) as db:
            table = db.table("sessions")
            # One read and one write: TinyDB's update writes nothing when
            # ``put`` raises, so a refused save leaves the file as it was.
            if table.update(put, Query().id == session.id):
                return saved[0]
            if expected_revision is not None:
                raise NotFoundError(session.id)
            table.insert({**doc, REVISION_KEY: 1})
            return 1

    def update_session(
        self, child_id: str, session_id: str, change: Callable[[Session], Session]
    ) -> Session:
        """Read, change and save a session under the child's lock; return it."""
        with lock_for(self.child_path(child_id)):
            stored = self.load_session(child_id, session_id)
            new = change(stored.session)
            self.save_session(new, expected_revision=stored.revision)
            return new

    # --- consent ------------------------------------------------------------
    # The family's consent belongs to the child, not to one session (#19):
    # table ``consent`` of the child's file. A file from before #19 has none
    # and kept consents per session; those are read as the child's until the
    # first change writes the table.
    def load_consent(self, child_id: str) -> ConsentRecord:
        """The child's consents and their history (old per-session ones migrated)."""
        with self._db(self._existing(child_id)) as db:
            docs = db.table("consent").all()
            if docs:
                return ConsentRecord.from_doc(docs[0])
            sessions = [_stored_session(d).session for d in db.table("sessions").all()]
        return ConsentRecord.migrated(sessions)

    def save_consent(self, child_id: str, record: ConsentRecord) -> None:
        """Write the child's consent record durably."""
        with self._db(self._existing(child_id)) as db:
            table = db.table("consent")
            table.truncate()
            table.insert(record.to_doc())

    def update_consent(
        self, child_id: str, change: Callable[[ConsentRecord], ConsentRecord]
    ) -> ConsentRecord:
        """Read, change and save the consent under the child's lock; return it."""
        with lock_for(self.child_path(child_id)):
            record = change(self.load_consent(child_id))
            self.save_consent(child_id, record)
            return record

    # --- the plan and the meeting sheets ------------------------------------
    # The plan spans meetings, so it lives beside the child's sessions (table
    # ``plan``); each session's *Inför möte* / *Efter mötet* sheets live in
    # table ``meetings`` keyed by session id. Same file, lock, crash safety
    # and encryption as the sessions.
    def load_plan(self, child_id: str) -> Plan:
        """The child's plan (an empty one before the first meeting)."""
        with self._db(self._existing(child_id)) as db:
            docs = db.table("plan").all()
        return Plan.from_doc(docs[0]) if docs else Plan()

    def save_plan(self, child_id: str, plan: Plan) -> None:
        """Write the child's plan durably."""
        with self._db(self._existing(child_id)) as db:
            table = db.table("plan")
            table.truncate()
            table.insert(plan.to_doc())

    def update_plan(self, child_id: str, change: Callable[[Plan], Plan]) -> Plan:
        """Read, change and save the plan under the child's lock; return it."""
        with lock_for(self.child_path(child_id)):
            plan = change(self.load_plan(child_id))
            self.save_plan(child_id, plan)
            return plan

    def load_meeting(self, child_id: str, session_id: str) -> MeetingSheets:
        """The meeting sheets of a session (empty until the counsellor fills them)."""
        with self._db(self._existing(child_id)) as db:
            doc = db.table("meetings").get(Query().session_id == session_id)
        return MeetingSheets.from_doc(doc["sheets"]) if doc else MeetingSheets()

    def meetings(self, child_id: str) -> dict[str, MeetingSheets]:
        """Every filled-in meeting sheet of the child, by session id (one read)."""
        with self._db(self._existing(child_id)) as db:
            docs = db.table("meetings").all()
        return {d["session_id"]: MeetingSheets.from_doc(d["sheets"]) for d in docs}

    def update_meeting(
        self,
        child_id: str,
        session_id: str,
        change: Callable[[MeetingSheets], MeetingSheets],
    ) -> MeetingSheets:
        """Read, change and save a session's meeting sheets; return them."""
        with lock_for(self.child_path(child_id)):
            sheets = change(self.load_meeting(child_id, session_id))
            with self._db(self._existing(child_id)) as db:
                db.table("meetings").upsert(
                    {"session_id": session_id, "sheets": sheets.to_doc()},
                    Query().session_id == session_id,
                )
            return sheets

    def restore_backup(self, path: Path) -> Path | None:
        """Set a corrupt file of this data folder aside and bring back its backup.

        Returns where the bad file was kept (None: an encrypted file that had
        gone missing was brought back, so there was nothing to keep).
        """
        path = Path(path)
        if path.parent.resolve() not in (
            self.data_dir.resolve(),
            self.children_dir.resolve(),
        ):
            raise ValueError("not a file of this data folder")
        with lock_for(path):
            if path.name in (self.settings_path.name, crypto.KEY_FILE_NAME):
                codec = None if path == self.settings_path else crypto.KEY_FILE_CODEC
                return quarantine_and_restore_backup(path, codec=codec)
            if self.vault is not None:
                return crypto.restore_backup(self.vault, path)
            if Vault.exists(self.data_dir):
                raise VaultLocked()
            if not path.exists():  # deleted outside the app: nothing to set aside
                try:
                    raw = backup_path_for(path).read_bytes()
                    data = JsonCodec().decode(raw, path=path)
                except (FileNotFoundError, ValueError):
                    raise NoUsableBackupError(
                        path, "there is no usable backup"
                    ) from None
                SafeStorage(path).write(data)
                return None
            return quarantine_and_restore_backup(path)

    # --- retention ----------------------------------------------------------
    def _unreadable_errors(self) -> tuple[type[BaseException], ...]:
        return (NotFoundError, CorruptFileError, crypto.KeyFileTampered)

    def _existing(self, child_id: str) -> Path:
        path = self.child_path(child_id)
        if not path.exists():
            self._check_not_deleted(child_id, path)
            raise NotFoundError(child_id)
        return path

    def _check_not_deleted(self, child_id: str, path: Path) -> None:
        """Raise ``FileMissingError`` if a missing child file was saved before.

        Its backup, or (encrypted) its data key, shows that it existed, so its
        absence is damage to report, with the backup offered when it reads.
        """
        backup = backup_path_for(path)
        vault = self.vault
        keyed = vault is not None and f"children/{child_id}" in vault.file_ids()
        if not keyed and not backup.exists():
            return
        if vault is not None:
            readable = _backup_readable(vault, path)
        else:
            try:
                JsonCodec().decode(backup.read_bytes(), path=path)
            except (OSError, ValueError):
                readable = False
            else:
                readable = True
        raise FileMissingError(
            path,
            "it is missing, though it was saved before",
            backup if readable else None,
        )


# --- recorded voices -----------------------------------------------------------
# --- session records ------------------------------------------------------------
def _revision_of(doc: dict[str, Any]) -> int:
    revision = doc.get(REVISION_KEY, 0)
    # bool is an int too; anything else is not a revision this code wrote.
    if type(revision) is not int or revision < 0:
        raise ValueError("a stored session's revision is not a count")
    return revision


def _stored_session(doc: dict[str, Any]) -> StoredSession:
    """The domain session and its revision from a stored document."""
    revision = _revision_of(doc)
    answers = {k: v for k, v in doc.items() if k != REVISION_KEY}
    return StoredSession(Session.from_doc(answers), revision)


# --- encryption helpers -------------------------------------------------------
def _backup_readable(vault: Vault, path: Path) -> bool:
    try:
        raw = backup_path_for(path).read_bytes()
        vault.codec_for(path, previous_ok=True).decode(raw, path=path)
    except (OSError, ValueError):
        return False
    return True


def _plain(raw: bytes, path: Path) -> dict[str, Any] | None:
    """The database in a plaintext file, or None if it is not one."""
    if not raw or crypto.is_encrypted(raw):
        return None
    try:
        data = JsonCodec().decode(raw, path=path)
    except ValueError:
        return None
    if not all(isinstance(t, dict) for t in data.values()):
        return None
    return data


def _migrate_file(vault: Vault, path: Path, report: MigrationReport) -> None:
    """Encrypt one plaintext file in place (see ``encrypt_existing_data``)."""
    file_id = vault.file_id_for(path)
    backup = backup_path_for(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return
    current: dict[str, Any] | None
    if crypto.is_encrypted(raw):
        try:
            current = SafeStorage(path, codec=vault.codec_for(path)).read()
        except CorruptFileError:
            report.unreadable.append(path)
            return
        assert current is not None
        report.already.append(file_id)
        if backup.exists() and not crypto.is_encrypted(backup.read_bytes()):
            # A crash came between the two saves: the .bak is still plaintext.
            with vault.database(path) as db:
                db.storage.write(current)
    else:
        current = _plain(raw, path)
        if current is None and backup.exists():
            current = _plain(backup.read_bytes(), path)
        if current is None:
            report.unreadable.append(path)
            return
        for _ in range(2):  # twice: the .bak becomes encrypted too
            with vault.database(path) as db:
                db.storage.write(current)
        report.encrypted.append(file_id)
    # Verify before removing anything: it must read back equal.
    if SafeStorage(path, codec=vault.codec_for(path)).read() != current:
        report.unreadable.append(path)
        return
    removed = False
    for leftover in [backup, *path.parent.glob(path.name + ".corrupt-*")]:
        try:
            old = leftover.read_bytes()
        except FileNotFoundError:
            continue
        if crypto.is_encrypted(old):
            continue
        if leftover == backup or _plain(old, path) == current:
            # The plaintext copy that the first encrypted save set aside.
            leftover.unlink()
            removed = True
        else:
            report.plaintext_left.append(leftover)
    if removed and os.name != "nt":  # make the removals durable
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
