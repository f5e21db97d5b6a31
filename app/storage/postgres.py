"""Children and sessions on a team's PostgreSQL server, behind the same seam.

``PostgresRepository`` keeps every rule of ``Store`` (``app.storage.store``);
``tests/storage`` runs the same behaviour tests against it and the file store.
What only a server has:

- **Teams and row-level security.** Every row carries ``team_id``; each
  transaction sets ``app.team`` (``set_config(..., true)``: it ends with the
  transaction, so a pooled connection never carries one team's setting into
  another's work) and PostgreSQL's policies show and accept only that team's
  rows. The app connects as ``minrost_app``, a role that owns nothing, so a bug
  in a query cannot reach another team's children.
- **Encryption as on disk.** A child's document, sessions, plan and meeting
  sheets are AES-256-GCM under the child's own data key; the associated data
  binds each ciphertext to its team, child, kind and id, so a row copied onto
  another child or team does not decrypt. Data keys are stored wrapped by a
  master key that the database never sees (``MasterKey``: from a key service
  in production, from ``MINROST_MASTER_KEY`` for development). Erasing a child
  deletes its rows and its wrapped key.
- **Compare-and-set.** ``sessions.revision`` is the same counter as the file
  store's ``_revision``: a save naming the revision it read is one ``UPDATE …
  WHERE revision = %s``; a stale one changes no row and is refused.
- **Audit, insert-only.** Adding and erasing a child, saving a session and
  saving sheets append a row (actor, action, child id: never a name or an
  answer) in the same transaction as the change. The app's role may only
  insert into ``audit``.

Schema migrations are plain versioned SQL files (``app/storage/sql/NNNN_*.sql``)
applied in order by ``migrate`` as the database owner; ``docs/team-server.md``
says why not Alembic.
"""

from __future__ import annotations

import base64
import binascii
import errno
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import psycopg
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import Child, ConsentRecord, Session
from app.storage.notify import SavesListener, notify_saved
from app.storage.store import (
    MAX_RECORDING_BYTES,
    RECORDING_MIMES,
    NotFoundError,
    Recording,
    RecordingInfo,
    RecordingTooLarge,
    SavedElsewhere,
    StaleSessionError,
    Store,
    StoredSession,
    recording_doc,
    recording_info,
)

__all__ = [
    "APP_ROLE",
    "AUDITOR_ROLE",
    "DATABASE_ENV",
    "MASTER_KEY_ENV",
    "AuditReader",
    "AuditRow",
    "DatabaseUnavailable",
    "MasterKey",
    "PostgresRepository",
    "SchemaOutdated",
    "UnsafeRole",
    "check_app_role",
    "migrate",
    "schema_version",
]

APP_ROLE = "minrost_app"
"""The role the app connects as: owns nothing, may not bypass row-level security."""
AUDITOR_ROLE = "minrost_auditor"
"""The role that reads the audit (loggkontroll): SELECT on ``audit`` only."""
DATABASE_ENV = "MINROST_DATABASE"
"""The app's connection string (``postgresql://minrost_app@…/minrost``)."""
MASTER_KEY_ENV = "MINROST_MASTER_KEY"
"""Development only: the master key, 32 bytes in base64."""

KEY_BYTES = 32
NONCE_BYTES = 12
_MIGRATION = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


class SchemaOutdated(RuntimeError):
    """The database's schema is older than this code: run the migrations."""


class UnsafeRole(RuntimeError):
    """The app's connection could bypass row-level security (owner, superuser)."""


class DatabaseUnavailable(OSError):
    """The database could not be reached, or dropped the connection mid-way.

    An ``OSError``, like a full disk: the screens catch it as a storage fault
    (a tap says it was not saved, and nothing of it was), and the next try
    gets a fresh connection.
    """

    def __init__(self) -> None:
        super().__init__(errno.EIO, "the database could not be reached")


# --- keys -----------------------------------------------------------------------
class MasterKey:
    """Wraps and unwraps each child's data key; never stored in the database.

    In production the wrapping belongs in a key service (the key never leaves
    it); for development the key comes from ``MINROST_MASTER_KEY``.
    """

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("the master key must be 32 bytes")
        self._aead = AESGCM(key)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> MasterKey:
        """The development master key from ``MINROST_MASTER_KEY`` (base64)."""
        raw = (environ if environ is not None else os.environ).get(MASTER_KEY_ENV)
        if not raw:
            raise ValueError(f"{MASTER_KEY_ENV} is not set")
        try:
            return cls(base64.b64decode(raw, validate=True))
        except (binascii.Error, ValueError):
            raise ValueError(f"{MASTER_KEY_ENV} is not 32 bytes in base64") from None

    @staticmethod
    def generate() -> str:
        """A new random master key in the form ``MINROST_MASTER_KEY`` takes."""
        return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")

    def wrap(self, data_key: bytes, aad: bytes) -> bytes:
        """The data key encrypted under the master key (nonce first)."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, data_key, aad)

    def unwrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """The data key; ValueError if it was wrapped for another child or key."""
        try:
            return self._aead.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], aad)
        except InvalidTag:
            raise ValueError(
                "a data key does not unwrap under this master key"
            ) from None


def _aad(kind: str, team: str, child_id: str, record: str = "") -> bytes:
    parts = [kind, team, child_id, record]
    return b"min-rost/pg/v1\x00" + "\x00".join(parts).encode("utf-8")


def _text_hash(language: str, text: str) -> str:
    """What finds a recording: the shown text is not kept in the clear."""
    return hashlib.sha256(f"{language}\n{text}".encode()).hexdigest()


def _seal(key: bytes, doc: Any, aad: bytes) -> bytes:
    plain = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("utf-8")
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plain, aad)


def _open(key: bytes, sealed: bytes, aad: bytes) -> Any:
    try:
        plain = AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        raise ValueError("a stored record does not decrypt for this child") from None
    return json.loads(plain)


# --- schema ---------------------------------------------------------------------
def _migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration shipped, in order."""
    found = []
    for entry in resources.files("app.storage").joinpath("sql").iterdir():
        match = _MIGRATION.fullmatch(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text("utf-8")))
    return sorted(found)


def latest_version() -> int:
    """The schema version this code needs."""
    return _migrations()[-1][0]


def migrate(owner_conninfo: str) -> list[str]:
    """Apply the migrations not yet applied, as the database owner; return them.

    Each file runs in its own transaction together with its row in
    ``schema_migrations``, under an advisory lock, so two processes starting
    at once apply each file once. The app's role is created (without a
    password: the administrator sets one, or uses peer/certificate sign-in)
    if it does not exist.
    """
    applied: list[str] = []
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(7238001)")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version integer PRIMARY KEY, name text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            exists = conn.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,)
            ).fetchone()
            if not exists:
                conn.execute(f"CREATE ROLE {APP_ROLE} LOGIN")
            # The app checks the version at start; it may read, never write it.
            conn.execute(f"GRANT SELECT ON schema_migrations TO {APP_ROLE}")
            done = {
                row[0] for row in conn.execute("SELECT version FROM schema_migrations")
            }
            for version, name, sql in _migrations():
                if version in done:
                    continue
                with conn.transaction():
                    conn.execute(sql.encode("utf-8"))
                    conn.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                        (version, name),
                    )
                applied.append(name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(7238001)")
    return applied


def schema_version(conninfo: str) -> int:
    """The highest migration applied (0 on an empty database)."""
    with psycopg.connect(conninfo) as conn:
        exists = conn.execute(
            "SELECT to_regclass('schema_migrations') IS NOT NULL"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0) if row else 0


def check_app_role(conninfo: str) -> None:
    """Refuse a connection that could see past row-level security.

    A superuser, a role with BYPASSRLS, or the owner of a table (who could
    switch its policies off) is not the app's role: raise ``UnsafeRole``.
    """
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        owns = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE tableowner = current_user"
            " AND schemaname = current_schema()"
        ).fetchone()
    if (row and row[0]) or (owns and owns[0]):
        raise UnsafeRole(
            "the database role may bypass row-level security; connect as "
            f"{APP_ROLE}, which owns nothing"
        )


# --- the audit, read for loggkontroll ------------------------------------------
@dataclass(frozen=True)
class AuditRow:
    """One audit row: when, who, what, which child (never a name or answer)."""

    at: datetime
    actor: str
    action: str
    child_id: str | None


class AuditReader:
    """Searches one team's audit as ``minrost_auditor`` (reads, never writes)."""

    def __init__(self, conninfo: str, *, team: str) -> None:
        if not team:
            raise ValueError("a team is required")
        self.conninfo = conninfo
        self.team = team

    def search(
        self,
        *,
        child_id: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 1000,
    ) -> list[AuditRow]:
        """The team's rows, oldest first, narrowed by child, user and time."""
        where = ["team_id = %s"]
        params: list[Any] = [self.team]
        for column, op, value in (
            ("child_id", "=", child_id),
            ("actor", "=", actor),
            ("at", ">=", since),
            ("at", "<", until),
        ):
            if value is not None:
                where.append(f"{column} {op} %s")
                params.append(value)
        params.append(limit)
        with psycopg.connect(self.conninfo) as conn, conn.transaction():
            conn.execute("SELECT set_config('app.team', %s, true)", (self.team,))
            rows = conn.execute(
                "SELECT at, actor, action, child_id FROM audit WHERE "
                + " AND ".join(where)
                + " ORDER BY at, id LIMIT %s",
                params,
            ).fetchall()
        return [AuditRow(*row) for row in rows]


# --- the repository -----------------------------------------------------------------
class PostgresRepository(Store):
    """One team's children on a PostgreSQL server (see the module docstring)."""

    def __init__(
        self,
        conninfo: str | ConnectionPool,
        *,
        team: str,
        master_key: MasterKey,
        actor: str = "app",
        pool_size: int = 4,
        data_dir: Path | None = None,
        timeout: float = 10.0,
    ) -> None:
        if not team:
            raise ValueError("a team is required")
        self.data_dir = data_dir
        """This process's own folder (the log of its PIN unlocks until sign-in
        exists); holds no child data."""
        self.team = team
        self.actor = actor
        """Who the audit rows name (the signed-in user, once sign-in exists)."""
        self.master_key = master_key
        self.vault = None
        """No local vault: the server's keys are the master key's."""
        if isinstance(conninfo, ConnectionPool):
            self.pool = conninfo
            self._own_pool = False
        else:
            # Each connection is checked when handed out, so one that a
            # restart of the server broke is replaced, not used for a tap.
            self.pool = ConnectionPool(
                conninfo,
                min_size=1,
                max_size=pool_size,
                timeout=timeout,
                check=ConnectionPool.check_connection,
                open=True,
            )
            self._own_pool = True
        self._keys: dict[tuple[str, bytes], bytes] = {}
        """Unwrapped data keys by (child id, wrapped key): a child erased and
        added again elsewhere has another wrapped key, so a stale one is
        never used."""
        self._current: ContextVar[psycopg.Cursor[Any] | None] = ContextVar(
            f"minrost-pg-{id(self)}", default=None
        )

    def close(self) -> None:
        """Close the connection pool this repository opened."""
        if self._own_pool:
            self.pool.close()

    @property
    def encrypted(self) -> bool:
        """Always: every record is encrypted under its child's key."""
        return True

    @property
    def locked(self) -> bool:
        """Never: the master key is given at start."""
        return False

    # --- transactions and keys ------------------------------------------------
    @contextmanager
    def _tx(self) -> Iterator[psycopg.Cursor[Any]]:
        """A transaction with this team set for row-level security (inside
        ``atomic`` a savepoint of its transaction)."""
        current = self._current.get()
        if current is not None:
            with current.connection.transaction():
                yield current
            return
        try:
            with self.pool.connection() as conn, conn.transaction():
                cur = conn.cursor()
                cur.execute("SELECT set_config('app.team', %s, true)", (self.team,))
                yield cur
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise DatabaseUnavailable() from exc

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Every call in the block (in this thread) joins one transaction:
        committed at the end, rolled back whole on an exception."""
        if self._current.get() is not None:
            with self._tx():
                yield
            return
        with self._tx() as cur:
            token = self._current.set(cur)
            try:
                yield
            finally:
                self._current.reset(token)

    def _audit(self, cur: psycopg.Cursor[Any], action: str, child_id: str) -> None:
        cur.execute(
            "INSERT INTO audit (team_id, actor, action, child_id)"
            " VALUES (%s, %s, %s, %s)",
            (self.team, self.actor, action, child_id),
        )

    def _key_aad(self, child_id: str) -> bytes:
        return _aad("child-key", self.team, child_id)

    def _key(self, cur: psycopg.Cursor[Any], child_id: str, *, lock: bool = False):
        """The child's data key (NotFoundError: no such child in this team).

        ``lock`` takes the child's row lock for the rest of the transaction:
        the server's version of the file store's per-child lock.
        """
        if lock:
            cur.execute(
                "SELECT 1 FROM children WHERE team_id = %s AND id = %s FOR UPDATE",
                (self.team, child_id),
            )
            if cur.fetchone() is None:
                raise NotFoundError(child_id)
        cur.execute(
            "SELECT wrapped FROM child_keys WHERE team_id = %s AND child_id = %s",
            (self.team, child_id),
        )
        row = cur.fetchone()
        if row is None:
            raise NotFoundError(child_id)
        return self._unwrap(child_id, bytes(row[0]))

    def _unwrap(self, child_id: str, wrapped: bytes) -> bytes:
        """The data key of ``wrapped`` (unwrapped once per process)."""
        key = self._keys.get((child_id, wrapped))
        if key is None:
            key = self.master_key.unwrap(wrapped, self._key_aad(child_id))
            self._keys[(child_id, wrapped)] = key
        return key

    # --- children -------------------------------------------------------------
    def list_children(self) -> list[Child]:
        """Return every child of the team, oldest first."""
        with self._tx() as cur:
            cur.execute(
                "SELECT c.id, c.payload, k.wrapped FROM children c"
                " JOIN child_keys k ON k.team_id = c.team_id AND k.child_id = c.id"
                " WHERE c.team_id = %s",
                (self.team,),
            )
            rows = cur.fetchall()
        children = []
        for child_id, payload, wrapped in rows:
            key = self._unwrap(child_id, bytes(wrapped))
            doc = _open(key, bytes(payload), _aad("child", self.team, child_id))
            children.append(Child.from_doc(doc))
        return sorted(children, key=lambda c: c.created)

    def add_child(self, child: Child) -> None:
        """Store a new child with a new data key (or replace its document)."""
        with self._tx() as cur:
            cur.execute(
                "SELECT wrapped FROM child_keys WHERE team_id = %s AND child_id = %s",
                (self.team, child.id),
            )
            row = cur.fetchone()
            if row is None:
                key = os.urandom(KEY_BYTES)
                wrapped: bytes | None = self.master_key.wrap(
                    key, self._key_aad(child.id)
                )
            else:
                key = self._unwrap(child.id, bytes(row[0]))
                wrapped = None
            payload = _seal(key, child.to_doc(), _aad("child", self.team, child.id))
            cur.execute(
                "INSERT INTO children (team_id, id, payload) VALUES (%s, %s, %s)"
                " ON CONFLICT (team_id, id) DO UPDATE SET payload = excluded.payload",
                (self.team, child.id, payload),
            )
            if wrapped is not None:
                cur.execute(
                    "INSERT INTO child_keys (team_id, child_id, wrapped)"
                    " VALUES (%s, %s, %s)",
                    (self.team, child.id, wrapped),
                )
            self._audit(cur, "child_added" if wrapped else "child_changed", child.id)

    def add_children(self, people: Iterable[tuple[Child, Iterable[Session]]]) -> None:
        """Store new children with their sessions in one transaction (an import
        of many, or seeding): all of them or, on any error, none."""
        with self._tx() as cur:
            for child, sessions in people:
                key = os.urandom(KEY_BYTES)
                cur.execute(
                    "INSERT INTO children (team_id, id, payload) VALUES (%s, %s, %s)",
                    (
                        self.team,
                        child.id,
                        _seal(key, child.to_doc(), _aad("child", self.team, child.id)),
                    ),
                )
                cur.execute(
                    "INSERT INTO child_keys (team_id, child_id, wrapped)"
                    " VALUES (%s, %s, %s)",
                    (
                        self.team,
                        child.id,
                        self.master_key.wrap(key, self._key_aad(child.id)),
                    ),
                )
                for session in sessions:
                    self._save_session(cur, session, None, audit=False)
                self._audit(cur, "child_added", child.id)

    def get_child(self, child_id: str) -> Child:
        """Return one child of the team or raise NotFoundError."""
        with self._tx() as cur:
            key = self._key(cur, child_id)
            cur.execute(
                "SELECT payload FROM children WHERE team_id = %s AND id = %s",
                (self.team, child_id),
            )
            row = cur.fetchone()
        if row is None:
            raise NotFoundError(child_id)
        doc = _open(key, bytes(row[0]), _aad("child", self.team, child_id))
        return Child.from_doc(doc)

    def erase_child(self, child_id: str) -> None:
        """Delete the child's rows and its wrapped data key (one transaction).

        Backups taken before keep the wrapped key until they expire
        (``docs/team-server.md``, backups).
        """
        with self._tx() as cur:
            cur.execute(
                "DELETE FROM children WHERE team_id = %s AND id = %s",
                (self.team, child_id),
            )
            cur.execute(
                "DELETE FROM active_sessions WHERE team_id = %s AND child_id = %s",
                (self.team, child_id),
            )
            self._audit(cur, "child_erased", child_id)
        for cached in [k for k in self._keys if k[0] == child_id]:
            self._keys.pop(cached, None)

    # --- settings ---------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        """Return a team setting or ``default``."""
        with self._tx() as cur:
            cur.execute(
                "SELECT value FROM settings WHERE team_id = %s AND key = %s",
                (self.team, key),
            )
            row = cur.fetchone()
        return default if row is None else row[0]

    def set_setting(self, key: str, value: Any) -> None:
        """Store a team setting."""
        with self._tx() as cur:
            cur.execute(
                "INSERT INTO settings (team_id, key, value) VALUES (%s, %s, %s)"
                " ON CONFLICT (team_id, key) DO UPDATE SET value = excluded.value",
                (self.team, key, Jsonb(value)),
            )

    # --- the session in progress ----------------------------------------------------
    def set_active(self, child_id: str, session_id: str, *, device: str) -> None:
        """Remember which session the browser ``device`` shows the child; other
        devices of the team keep theirs (many tablets in child mode at once)."""
        with self._tx() as cur:
            cur.execute(
                "INSERT INTO active_sessions (team_id, device, child_id, session_id)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (team_id, device) DO UPDATE SET"
                " child_id = excluded.child_id, session_id = excluded.session_id,"
                " since = now()",
                (self.team, device, child_id, session_id),
            )

    def active(self, *, device: str | None = None) -> tuple[str, str] | None:
        """(child id, session id) that ``device`` shows; without ``device``,
        the one handed over last on any device of the team."""
        if device is not None and not device:
            return None
        with self._tx() as cur:
            if device is None:
                cur.execute(
                    "SELECT child_id, session_id FROM active_sessions"
                    " WHERE team_id = %s ORDER BY since DESC LIMIT 1",
                    (self.team,),
                )
            else:
                cur.execute(
                    "SELECT child_id, session_id FROM active_sessions"
                    " WHERE team_id = %s AND device = %s",
                    (self.team, device),
                )
            row = cur.fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def clear_active(
        self, *, device: str | None = None, child_id: str | None = None
    ) -> None:
        """End child mode on ``device``, or wherever ``child_id`` is shown, or
        (neither named) on every device of the team."""
        where, params = ["team_id = %s"], [self.team]
        if device is not None:
            where.append("device = %s")
            params.append(device)
        if child_id is not None:
            where.append("child_id = %s")
            params.append(child_id)
        with self._tx() as cur:
            cur.execute(
                "DELETE FROM active_sessions WHERE " + " AND ".join(where), params
            )

    # --- sessions ---------------------------------------------------------------
    def _session_aad(self, child_id: str, session_id: str) -> bytes:
        return _aad("session", self.team, child_id, session_id)

    def sessions(self, child_id: str) -> list[Session]:
        """Return a child's sessions, oldest first."""
        with self._tx() as cur:
            key = self._key(cur, child_id)
            cur.execute(
                "SELECT id, payload FROM sessions WHERE team_id = %s AND child_id = %s",
                (self.team, child_id),
            )
            rows = cur.fetchall()
        found = [
            Session.from_doc(
                _open(key, bytes(payload), self._session_aad(child_id, session_id))
            )
            for session_id, payload in rows
        ]
        return sorted(found, key=lambda s: s.started)

    def load_session(self, child_id: str, session_id: str) -> StoredSession:
        """Return one session with its revision, or raise NotFoundError."""
        with self._tx() as cur:
            return self._load_session(cur, child_id, session_id)

    def _load_session(
        self,
        cur: psycopg.Cursor[Any],
        child_id: str,
        session_id: str,
        *,
        lock: bool = False,
    ) -> StoredSession:
        key = self._key(cur, child_id, lock=lock)
        cur.execute(
            "SELECT revision, payload FROM sessions"
            " WHERE team_id = %s AND child_id = %s AND id = %s",
            (self.team, child_id, session_id),
        )
        row = cur.fetchone()
        if row is None:
            raise NotFoundError(session_id)
        doc = _open(key, bytes(row[1]), self._session_aad(child_id, session_id))
        return StoredSession(Session.from_doc(doc), int(row[0]))

    def save_session(
        self, session: Session, *, expected_revision: int | None = None
    ) -> int:
        """Write a session and return its new revision (see ``Store``).

        With ``expected_revision`` the save is one ``UPDATE … WHERE revision =``:
        no row changes when another save came in between, and the stored
        session is then read in the same transaction for ``StaleSessionError``.
        """
        with self._tx() as cur:
            return self._save_session(cur, session, expected_revision)

    def _save_session(
        self,
        cur: psycopg.Cursor[Any],
        session: Session,
        expected_revision: int | None,
        *,
        audit: bool = True,
    ) -> int:
        child_id = session.child_id
        key = self._key(cur, child_id)
        doc = session.to_doc()
        doc.pop("_revision", None)  # an imported extra may not pose as one
        payload = _seal(key, doc, self._session_aad(child_id, session.id))
        ids = (self.team, child_id, session.id)
        if expected_revision is not None:
            cur.execute(
                "UPDATE sessions SET payload = %s, revision = revision + 1"
                " WHERE team_id = %s AND child_id = %s AND id = %s AND revision = %s"
                " RETURNING revision",
                (payload, *ids, expected_revision),
            )
            row = cur.fetchone()
            if row is None:
                raise StaleSessionError(self._load_session(cur, child_id, session.id))
        else:
            cur.execute(
                "INSERT INTO sessions (team_id, child_id, id, revision, payload)"
                " VALUES (%s, %s, %s, 1, %s) ON CONFLICT (team_id, child_id, id)"
                " DO UPDATE SET payload = excluded.payload,"
                " revision = sessions.revision + 1 RETURNING revision",
                (*ids, payload),
            )
            row = cur.fetchone()
            assert row is not None
        if audit:
            self._audit(cur, "session_saved", child_id)
        revision = int(row[0])
        # Delivered at commit, to the other server processes (notify.py).
        notify_saved(
            cur,
            team=self.team,
            child_id=child_id,
            session_id=session.id,
            revision=revision,
        )
        return revision

    def update_session(
        self, child_id: str, session_id: str, change: Callable[[Session], Session]
    ) -> Session:
        """Read, change and save a session under the child's row lock."""
        with self._tx() as cur:
            stored = self._load_session(cur, child_id, session_id, lock=True)
            new = change(stored.session)
            self._save_session(cur, new, stored.revision)
            return new

    def listen_saves(self, on_saved: Callable[[SavedElsewhere], None]) -> SavesListener:
        """Hear this team's session saves made by other processes (notify.py):
        one dedicated connection, reconnecting, in a thread of its own."""
        return SavesListener(
            self.pool.conninfo, team=self.team, on_saved=on_saved
        ).start()

    # --- recorded voices ----------------------------------------------------------
    def recorded_voices(self, child_id: str) -> dict[tuple[str, str], RecordingInfo]:
        """The child's recorded voices by (language, shown text); no audio read."""
        with self._tx() as cur:
            key = self._key(cur, child_id)
            cur.execute(
                "SELECT text_hash, info FROM recordings"
                " WHERE team_id = %s AND child_id = %s",
                (self.team, child_id),
            )
            rows = cur.fetchall()
        found = {}
        for text_hash, sealed in rows:
            info = recording_info(
                _open(key, bytes(sealed), self._voice_aad(child_id, text_hash, "info"))
            )
            found[(info.language, info.text)] = info
        return found

    def recorded_voice(
        self, child_id: str, language: str, text: str
    ) -> Recording | None:
        """The recorded voice for ``text`` in ``language``, or None."""
        text_hash = _text_hash(language, text)
        with self._tx() as cur:
            key = self._key(cur, child_id)
            cur.execute(
                "SELECT info, audio FROM recordings WHERE team_id = %s"
                " AND child_id = %s AND language = %s AND text_hash = %s",
                (self.team, child_id, language, text_hash),
            )
            row = cur.fetchone()
            if row is None:
                return None
            self._audit(cur, "voice_read", child_id)
        info = recording_info(
            _open(key, bytes(row[0]), self._voice_aad(child_id, text_hash, "info"))
        )
        audio = _open(key, bytes(row[1]), self._voice_aad(child_id, text_hash, "audio"))
        return Recording(info, base64.b64decode(audio))

    def save_recorded_voice(
        self, child_id: str, language: str, text: str, audio: bytes, mime: str
    ) -> RecordingInfo:
        """Keep ``audio`` (sealed with the child's key) as the child's voice for
        ``text``; replaces an older one in the same transaction."""
        if not 0 < len(audio) <= MAX_RECORDING_BYTES:
            raise RecordingTooLarge(len(audio))
        if mime not in RECORDING_MIMES:
            raise ValueError("not a kind of audio a browser plays")
        info = RecordingInfo(
            language=language,
            text=text,
            mime=mime,
            size=len(audio),
            recorded=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        text_hash = _text_hash(language, text)
        with self._tx() as cur:
            key = self._key(cur, child_id, lock=True)
            sealed_info = _seal(
                key, recording_doc(info), self._voice_aad(child_id, text_hash, "info")
            )
            sealed_audio = _seal(
                key,
                base64.b64encode(audio).decode("ascii"),
                self._voice_aad(child_id, text_hash, "audio"),
            )
            cur.execute(
                "INSERT INTO recordings"
                " (team_id, child_id, language, text_hash, info, audio)"
                " VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (team_id, child_id, language, text_hash)"
                " DO UPDATE SET info = excluded.info, audio = excluded.audio",
                (self.team, child_id, language, text_hash, sealed_info, sealed_audio),
            )
            self._audit(cur, "voice_saved", child_id)
        return info

    def delete_recorded_voice(self, child_id: str, language: str, text: str) -> bool:
        """Erase the recorded voice for ``text``; False if there was none."""
        with self._tx() as cur:
            self._key(cur, child_id, lock=True)
            cur.execute(
                "DELETE FROM recordings WHERE team_id = %s AND child_id = %s"
                " AND language = %s AND text_hash = %s",
                (self.team, child_id, language, _text_hash(language, text)),
            )
            gone = cur.rowcount > 0
            if gone:
                self._audit(cur, "voice_deleted", child_id)
        return gone

    def _voice_aad(self, child_id: str, text_hash: str, part: str) -> bytes:
        return _aad(f"voice-{part}", self.team, child_id, text_hash)

    # --- consent ------------------------------------------------------------------
    def load_consent(self, child_id: str) -> ConsentRecord:
        """The child's consents and their history; a child moved in before
        schema 3 has none and keeps the ones its sessions held."""
        with self._tx() as cur:
            return self._load_consent(cur, child_id)

    def _load_consent(self, cur: psycopg.Cursor[Any], child_id: str) -> ConsentRecord:
        key = self._key(cur, child_id)
        cur.execute(
            "SELECT payload FROM consents WHERE team_id = %s AND child_id = %s",
            (self.team, child_id),
        )
        row = cur.fetchone()
        if row is not None:
            return ConsentRecord.from_doc(
                _open(key, bytes(row[0]), _aad("consent", self.team, child_id))
            )
        cur.execute(
            "SELECT id, payload FROM sessions WHERE team_id = %s AND child_id = %s",
            (self.team, child_id),
        )
        sessions = [
            Session.from_doc(
                _open(key, bytes(payload), self._session_aad(child_id, session_id))
            )
            for session_id, payload in cur.fetchall()
        ]
        return ConsentRecord.migrated(sessions)

    def save_consent(self, child_id: str, record: ConsentRecord) -> None:
        """Write the child's consent record."""
        with self._tx() as cur:
            self._save_consent(cur, child_id, record)

    def _save_consent(
        self, cur: psycopg.Cursor[Any], child_id: str, record: ConsentRecord
    ) -> None:
        key = self._key(cur, child_id)
        payload = _seal(key, record.to_doc(), _aad("consent", self.team, child_id))
        cur.execute(
            "INSERT INTO consents (team_id, child_id, payload) VALUES (%s, %s, %s)"
            " ON CONFLICT (team_id, child_id) DO UPDATE SET payload = excluded.payload",
            (self.team, child_id, payload),
        )
        self._audit(cur, "consent_saved", child_id)

    def update_consent(
        self, child_id: str, change: Callable[[ConsentRecord], ConsentRecord]
    ) -> ConsentRecord:
        """Read, change and save the consent under the child's row lock."""
        with self._tx() as cur:
            self._key(cur, child_id, lock=True)
            record = change(self._load_consent(cur, child_id))
            self._save_consent(cur, child_id, record)
            return record

    # --- the plan and the meeting sheets ------------------------------------------
    def load_plan(self, child_id: str) -> Plan:
        """The child's plan (an empty one before the first meeting)."""
        with self._tx() as cur:
            return self._load_plan(cur, child_id)

    def _load_plan(self, cur: psycopg.Cursor[Any], child_id: str) -> Plan:
        key = self._key(cur, child_id)
        cur.execute(
            "SELECT payload FROM plans WHERE team_id = %s AND child_id = %s",
            (self.team, child_id),
        )
        row = cur.fetchone()
        if row is None:
            return Plan()
        return Plan.from_doc(
            _open(key, bytes(row[0]), _aad("plan", self.team, child_id))
        )

    def save_plan(self, child_id: str, plan: Plan) -> None:
        """Write the child's plan."""
        with self._tx() as cur:
            self._save_plan(cur, child_id, plan)

    def _save_plan(self, cur: psycopg.Cursor[Any], child_id: str, plan: Plan) -> None:
        key = self._key(cur, child_id)
        payload = _seal(key, plan.to_doc(), _aad("plan", self.team, child_id))
        cur.execute(
            "INSERT INTO plans (team_id, child_id, payload) VALUES (%s, %s, %s)"
            " ON CONFLICT (team_id, child_id) DO UPDATE SET payload = excluded.payload",
            (self.team, child_id, payload),
        )
        self._audit(cur, "plan_saved", child_id)

    def update_plan(self, child_id: str, change: Callable[[Plan], Plan]) -> Plan:
        """Read, change and save the plan under the child's row lock."""
        with self._tx() as cur:
            self._key(cur, child_id, lock=True)
            plan = change(self._load_plan(cur, child_id))
            self._save_plan(cur, child_id, plan)
            return plan

    def _meeting_aad(self, child_id: str, session_id: str) -> bytes:
        return _aad("meeting", self.team, child_id, session_id)

    def load_meeting(self, child_id: str, session_id: str) -> MeetingSheets:
        """The meeting sheets of a session (empty until filled in)."""
        with self._tx() as cur:
            return self._load_meeting(cur, child_id, session_id)

    def _load_meeting(
        self, cur: psycopg.Cursor[Any], child_id: str, session_id: str
    ) -> MeetingSheets:
        key = self._key(cur, child_id)
        cur.execute(
            "SELECT payload FROM meetings"
            " WHERE team_id = %s AND child_id = %s AND session_id = %s",
            (self.team, child_id, session_id),
        )
        row = cur.fetchone()
        if row is None:
            return MeetingSheets()
        doc = _open(key, bytes(row[0]), self._meeting_aad(child_id, session_id))
        return MeetingSheets.from_doc(doc)

    def meetings(self, child_id: str) -> dict[str, MeetingSheets]:
        """Every filled-in meeting sheet of the child, by session id."""
        with self._tx() as cur:
            key = self._key(cur, child_id)
            cur.execute(
                "SELECT session_id, payload FROM meetings"
                " WHERE team_id = %s AND child_id = %s",
                (self.team, child_id),
            )
            rows = cur.fetchall()
        return {
            sid: MeetingSheets.from_doc(
                _open(key, bytes(payload), self._meeting_aad(child_id, sid))
            )
            for sid, payload in rows
        }

    def update_meeting(
        self,
        child_id: str,
        session_id: str,
        change: Callable[[MeetingSheets], MeetingSheets],
    ) -> MeetingSheets:
        """Read, change and save a session's sheets under the child's row lock."""
        with self._tx() as cur:
            key = self._key(cur, child_id, lock=True)
            sheets = change(self._load_meeting(cur, child_id, session_id))
            payload = _seal(
                key, sheets.to_doc(), self._meeting_aad(child_id, session_id)
            )
            cur.execute(
                "INSERT INTO meetings (team_id, child_id, session_id, payload)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (team_id, child_id, session_id)"
                " DO UPDATE SET payload = excluded.payload",
                (self.team, child_id, session_id, payload),
            )
            self._audit(cur, "meeting_saved", child_id)
            return sheets

    def _unreadable_errors(self) -> tuple[type[BaseException], ...]:
        return (NotFoundError, ValueError)
