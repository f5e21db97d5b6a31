"""Children and sessions on disk: one crash-safe file per child, a small index.

This is the only module that knows TinyDB's ``Query``. Layout of the data dir::

    index.json              the list of children (id, display name, case ref)
    children/<id>.json      one child: the child document and its sessions

A save rewrites one child's file only, so its cost does not grow with the
number of children. Every read goes to disk (no cache), so what the UI shows
after a save is what a restart would show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from app.domain.models import Child, Session
from app.storage.safe_storage import (
    CorruptFileError,
    NoUsableBackupError,
    erase_file,
    lock_for,
    locked_database,
    quarantine_and_restore_backup,
    remove_stale_temp_files,
)

__all__ = ["CorruptFileError", "NoUsableBackupError", "NotFoundError", "Repository"]


class NotFoundError(LookupError):
    """No child or session with that id."""


class Repository:
    """Loads and saves children and their sessions under one data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.children_dir = self.data_dir / "children"
        self.children_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        remove_stale_temp_files(self.data_dir)
        remove_stale_temp_files(self.children_dir)

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

    @contextmanager
    def _db(self, path: Path) -> Iterator[TinyDB]:
        # A TinyDB operation reads, changes and writes the whole file; the file's
        # lock (shared by every Repository in this process) keeps two handlers
        # (Flet runs them concurrently) from losing each other's changes.
        with locked_database(path) as db:
            yield db

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
        path = self.child_path(child_id)
        if not path.exists():
            raise NotFoundError(child_id)
        with self._db(path) as db:
            docs = db.table("child").all()
        if not docs:
            raise NotFoundError(child_id)
        return Child.from_doc(docs[0])

    def erase_child(self, child_id: str) -> None:
        """Remove a child's file, its backups and its line in the index."""
        with lock_for(self.child_path(child_id)):
            erase_file(self.child_path(child_id))
        with self._db(self.index_path) as db:
            db.table("children").remove(Query().id == child_id)

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
    def set_active(self, child_id: str, session_id: str) -> None:
        """Remember which session this device shows the child, for resume."""
        doc = {"key": "active", "child_id": child_id, "session_id": session_id}
        with self._db(self.index_path) as db:
            db.table("device").upsert(doc, Query().key == "active")

    def active(self) -> tuple[str, str] | None:
        """Return (child id, session id) of the session in progress, if any."""
        with self._db(self.index_path) as db:
            doc = db.table("device").get(Query().key == "active")
        if not doc:
            return None
        return str(doc["child_id"]), str(doc["session_id"])

    def clear_active(self) -> None:
        """Forget the session in progress on this device."""
        with self._db(self.index_path) as db:
            db.table("device").remove(Query().key == "active")

    # --- sessions -----------------------------------------------------------
    def sessions(self, child_id: str) -> list[Session]:
        """Return a child's sessions, oldest first."""
        with self._db(self._existing(child_id)) as db:
            docs = db.table("sessions").all()
        return sorted((Session.from_doc(d) for d in docs), key=lambda s: s.started)

    def get_session(self, child_id: str, session_id: str) -> Session:
        """Return one session or raise NotFoundError."""
        with self._db(self._existing(child_id)) as db:
            doc = db.table("sessions").get(Query().id == session_id)
        if doc is None:
            raise NotFoundError(session_id)
        return Session.from_doc(doc)

    def save_session(self, session: Session) -> None:
        """Write a session durably; returns only once it is on disk."""
        with self._db(self._existing(session.child_id)) as db:
            db.table("sessions").upsert(session.to_doc(), Query().id == session.id)

    def update_session(
        self, child_id: str, session_id: str, change: Callable[[Session], Session]
    ) -> Session:
        """Read, change and save a session under the child's lock; return it."""
        with lock_for(self.child_path(child_id)):
            new = change(self.get_session(child_id, session_id))
            self.save_session(new)
            return new

    def restore_backup(self, path: Path) -> Path:
        """Set a corrupt file of this data folder aside and bring back its backup."""
        path = Path(path)
        if path.parent.resolve() not in (
            self.data_dir.resolve(),
            self.children_dir.resolve(),
        ):
            raise ValueError("not a file of this data folder")
        with lock_for(path):
            return quarantine_and_restore_backup(path)

    def _existing(self, child_id: str) -> Path:
        path = self.child_path(child_id)
        if not path.exists():
            raise NotFoundError(child_id)
        return path
