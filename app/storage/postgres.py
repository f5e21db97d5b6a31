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
  master key that the database never sees, with the id of the master key that
  wrapped them (``app.storage.master_keys``: an HSM through PKCS#11, a systemd
  credential or key file, or ``MINROST_MASTER_KEY`` for development;
  ``app.storage.key_rotation`` rewraps them under a new one). Erasing a child
  deletes its rows and its wrapped key.
- **Compare-and-set.** ``sessions.revision`` is the same counter as the file
  store's ``_revision``: a save naming the revision it read is one ``UPDATE …
  WHERE revision = %s``; a stale one changes no row and is refused.
- **Audit, insert-only.** Every read and every change of a child's data
  appends a row (actor, action, child id, an id-only detail: never a name or
  an answer) in the same transaction as the read or the change: no row, no
  data. Reads of the same thing by the same user are logged once per
  ``read_window`` (``docs/team-server.md``, audit). An export is given out
  only after its consent check, in one transaction with its audit row
  (``export_data``). The app's role may only insert into ``audit``.

Schema migrations are plain versioned SQL files (``app/storage/sql/NNNN_*.sql``)
applied in order by ``migrate`` as the database owner; ``docs/team-server.md``
says why not Alembic.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import re
import threading
import time
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
from app.domain.models import Child, ConsentRecord, Recipient, Session
from app.domain.sharing import check_consent
from app.domain.staff import Role, StaffUser
from app.domain.summary import without_only_me
from app.storage.errors import NotPermitted, PrivateAnswersError
from app.storage.master_keys import (
    MASTER_KEY_ENV,
    KeyRing,
    LocalKey,
    MasterKeySource,
    WrongMasterKey,
    as_key_ring,
)
from app.storage.notify import SavesListener, notify_saved
from app.storage.retention import RetentionCandidate, past_retention
from app.storage.store import (
    MAX_RECORDING_BYTES,
    RECORDING_MIMES,
    ExportData,
    NotFoundError,
    Recording,
    RecordingInfo,
    RecordingTooLarge,
    SavedElsewhere,
    StaleSessionError,
    Store,
    StoredSession,
    export_data_for,
    recording_doc,
    recording_info,
)

__all__ = [
    "APP_ROLE",
    "AUDITOR_ENV",
    "AUDITOR_ROLE",
    "DATABASE_ENV",
    "MASTER_KEY_ENV",
    "OPERATOR_ROLE",
    "Access",
    "AuditReader",
    "AuditRow",
    "DatabaseUnavailable",
    "KeyRing",
    "MasterKey",
    "NotPermitted",
    "PostgresRepository",
    "PrivateAnswersError",
    "SchemaOutdated",
    "UnsafeRole",
    "WrongMasterKey",
    "check_app_role",
    "child_key_aad",
    "connected_role",
    "migrate",
    "prune_audit",
    "schema_version",
]

APP_ROLE = "minrost_app"
"""The role the app connects as: owns nothing, may not bypass row-level security."""
AUDITOR_ROLE = "minrost_auditor"
"""The role that reads the audit (loggkontroll): SELECT on ``audit`` only."""
AUDITOR_ENV = "MINROST_DATABASE_AUDITOR"
"""The auditor's connection string, for the admin's audit screen."""
DATABASE_ENV = "MINROST_DATABASE"
"""The app's connection string (``postgresql://minrost_app@…/minrost``)."""

READ_WINDOW_SECONDS = 600.0
"""Reads of the same record by the same user within this many seconds are
logged once (``docs/team-server.md``, audit: what is logged)."""
KEY_BYTES = 32
NONCE_BYTES = 12
_MIGRATION = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


ADMIN_ACTOR = "app"
"""What audit rows name for an administrator command (no user)."""
OPERATOR_ROLE = "minrost_operator"
"""The role administrator commands connect as (move-in, move-out): the whole
team, like the app before schema 6; owns nothing, may not bypass row-level
security, and the app's role cannot become it."""
MIN_REASON_LENGTH = 20
"""A break-glass reason shorter than this is refused (also by the database)."""
BREAK_GLASS_HOURS = 8
"""How long a break-glass grant lasts: a working day (the database allows 12)."""


@dataclass(frozen=True)
class Access:
    """Why the current user sees a child: assigned, or break-glass until when."""

    assigned: bool
    break_glass_until: datetime | None = None


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
MasterKey = LocalKey
"""The development master key (``MINROST_MASTER_KEY``); ``app.storage.master_keys``
has the key file, systemd credential and PKCS#11 (HSM) sources."""


def _aad(kind: str, team: str, child_id: str, record: str = "") -> bytes:
    parts = [kind, team, child_id, record]
    return b"min-rost/pg/v1\x00" + "\x00".join(parts).encode("utf-8")


def child_key_aad(team: str, child_id: str) -> bytes:
    """What a wrapped data key is bound to: its team and child."""
    return _aad("child-key", team, child_id)


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


# --- the audit's retention ---------------------------------------------------------
AUDIT_KEEP_YEARS = 5
"""The audit's default and least retention (``docs/team-server.md``, audit)."""


def prune_audit(owner_conninfo: str, *, keep_years: int = AUDIT_KEEP_YEARS) -> int:
    """Delete audit rows older than ``keep_years`` years, as the database owner
    (every team's rows; the app's role can never delete); return how many.

    The retention's floor (five years unless the municipality decided
    otherwise) is the command's to enforce; this refuses only nonsense.
    """
    if keep_years < 1:
        raise ValueError("keep at least one year")
    with psycopg.connect(owner_conninfo) as conn, conn.transaction():
        cur = conn.execute(
            "DELETE FROM audit WHERE at < now() - make_interval(years => %s)",
            (keep_years,),
        )
        return cur.rowcount


def connected_role(conninfo: str) -> str:
    """The database role a connection string signs in as."""
    with psycopg.connect(conninfo) as conn:
        row = conn.execute("SELECT current_user").fetchone()
    return str(row[0]) if row else ""


# --- the audit, read for loggkontroll ------------------------------------------
@dataclass(frozen=True)
class AuditRow:
    """One audit row: when, who, what, which child (never a name or answer)."""

    at: datetime
    actor: str
    action: str
    child_id: str | None
    detail: str | None = None
    """A session id, a setting's kind, an export's ``<session id>/<format>``."""
    recipient: str | None = None
    """Who an export went to (a ``Recipient`` value)."""
    user_name: str = ""
    """The actor's name from ``users`` ("" for ``app`` or a user since gone)."""


class AuditReader:
    """Searches one team's audit as ``minrost_auditor`` (reads, never writes).

    The auditor's connection is apart from the app's on purpose: the app's
    role cannot read the audit at all, so neither a bug nor an injected query
    in the app's own work can show who looked at which child.
    """

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
        newest_first: bool = False,
    ) -> list[AuditRow]:
        """The team's rows, oldest first (or newest), narrowed by child, user
        and time (``until`` excluded), each with its user's name beside the id."""
        where = ["a.team_id = %s"]
        params: list[Any] = [self.team]
        for column, op, value in (
            ("a.child_id", "=", child_id),
            ("a.actor", "=", actor),
            ("a.at", ">=", since),
            ("a.at", "<", until),
        ):
            if value is not None:
                where.append(f"{column} {op} %s")
                params.append(value)
        params.append(limit)
        with self._connect() as conn, conn.transaction():
            conn.execute("SELECT set_config('app.team', %s, true)", (self.team,))
            rows = conn.execute(
                "SELECT a.at, a.actor, a.action, a.child_id, a.detail, a.recipient,"
                " coalesce(u.name, '') FROM audit a LEFT JOIN users u"
                " ON u.team_id = a.team_id AND u.id = a.actor WHERE "
                + " AND ".join(where)
                + (
                    " ORDER BY a.at DESC, a.id DESC LIMIT %s"
                    if newest_first
                    else " ORDER BY a.at, a.id LIMIT %s"
                ),
                params,
            ).fetchall()
        return [AuditRow(*row) for row in rows]

    @contextmanager
    def _connect(self) -> Iterator[psycopg.Connection[Any]]:
        """The auditor's connection; an unreachable database is a storage
        fault (``DatabaseUnavailable``), as for the app's own store."""
        try:
            with psycopg.connect(self.conninfo) as conn:
                yield conn
        except psycopg.OperationalError as exc:
            raise DatabaseUnavailable() from exc

    def users(self) -> list[tuple[str, str]]:
        """(id, name) of the team's users, by name: whom to search for."""
        with self._connect() as conn, conn.transaction():
            conn.execute("SELECT set_config('app.team', %s, true)", (self.team,))
            rows = conn.execute(
                "SELECT id, name FROM users WHERE team_id = %s ORDER BY name, id",
                (self.team,),
            ).fetchall()
        return [(str(i), str(n)) for i, n in rows]


# --- the repository -----------------------------------------------------------------
class PostgresRepository(Store):
    """One team's children on a PostgreSQL server (see the module docstring)."""

    def __init__(
        self,
        conninfo: str | ConnectionPool,
        *,
        team: str,
        master_key: MasterKeySource | KeyRing,
        actor: str = "app",
        pool_size: int = 4,
        data_dir: Path | None = None,
        timeout: float = 10.0,
        read_window: float = READ_WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not team:
            raise ValueError("a team is required")
        self.data_dir = data_dir
        """This process's own folder (the log of its PIN unlocks until sign-in
        exists); holds no child data."""
        self.team = team
        self.actor = actor
        """Who the audit rows name: the signed-in user's id, or ``app`` for an
        administrator command."""
        self.user: str | None = None if actor == ADMIN_ACTOR else actor
        """The user row-level security acts for (``app.user``): the signed-in
        user; None for ``app``, which as ``minrost_app`` sees no child at all
        (administrator commands connect as ``minrost_operator``)."""
        self.keys = as_key_ring(master_key)
        """The master keys: the current one wraps every new data key; older
        ones (during a rotation) still unwrap what they wrapped."""
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
        self.read_window = read_window
        """Seconds within which a second read of the same record by this
        repository's user writes no second audit row (0: every read)."""
        self._clock = clock
        self._reads_logged: dict[tuple[str, str | None, str | None], float] = {}
        self._reads_lock = threading.Lock()
        self._reads_pending: ContextVar[
            list[tuple[str, str | None, str | None]] | None
        ] = ContextVar(f"minrost-pg-reads-{id(self)}", default=None)

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
        pending: list[tuple[str, str | None, str | None]] = []
        token = self._reads_pending.set(pending)
        try:
            with self.pool.connection() as conn, conn.transaction():
                cur = conn.cursor()
                cur.execute(
                    "SELECT set_config('app.team', %s, true),"
                    " set_config('app.user', %s, true)",
                    (self.team, self.user or ""),
                )
                yield cur
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise DatabaseUnavailable() from exc
        finally:
            self._reads_pending.reset(token)
        # Committed: only now do these reads count as logged.
        self._remember_reads(pending)

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

    def _audit(
        self,
        cur: psycopg.Cursor[Any],
        action: str,
        child_id: str | None,
        *,
        detail: str | None = None,
        recipient: str | None = None,
    ) -> None:
        """Append one audit row in the caller's transaction (ids only)."""
        cur.execute(
            "INSERT INTO audit (team_id, actor, action, child_id, detail, recipient)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            (self.team, self.actor, action, child_id, detail, recipient),
        )

    def _audit_read(
        self,
        cur: psycopg.Cursor[Any],
        action: str,
        child_id: str | None,
        detail: str | None = None,
    ) -> None:
        """Log a read in its transaction, unless this user's same read was
        logged (and committed) less than ``read_window`` seconds ago."""
        key = (action, child_id, detail)
        with self._reads_lock:
            last = self._reads_logged.get(key)
        if last is not None and self._clock() - last < self.read_window:
            return
        self._audit(cur, action, child_id, detail=detail)
        pending = self._reads_pending.get()
        if pending is not None:
            pending.append(key)

    def _remember_reads(self, keys: list[tuple[str, str | None, str | None]]) -> None:
        if not keys or self.read_window <= 0:
            return
        now = self._clock()
        with self._reads_lock:
            if len(self._reads_logged) > 10_000:  # keep the memory bounded
                self._reads_logged = {
                    k: t
                    for k, t in self._reads_logged.items()
                    if now - t < self.read_window
                }
            for key in keys:
                self._reads_logged[key] = now

    def _key_aad(self, child_id: str) -> bytes:
        return child_key_aad(self.team, child_id)

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
            "SELECT key_id, wrapped FROM child_keys"
            " WHERE team_id = %s AND child_id = %s",
            (self.team, child_id),
        )
        row = cur.fetchone()
        if row is None:
            raise NotFoundError(child_id)
        return self._unwrap(child_id, row[0], bytes(row[1]))

    def _unwrap(self, child_id: str, key_id: str | None, wrapped: bytes) -> bytes:
        """The data key of ``wrapped`` (unwrapped once per process), by the
        master key ``key_id`` names; ``WrongMasterKey`` if it does not open."""
        key = self._keys.get((child_id, wrapped))
        if key is None:
            key = self.keys.unwrap(key_id, wrapped, self._key_aad(child_id))
            self._keys[(child_id, wrapped)] = key
        return key

    def _wrap(self, child_id: str, key: bytes) -> tuple[str, bytes]:
        """(key id, wrapped key) of a new data key, under the current master key."""
        return self.keys.wrap(key, self._key_aad(child_id))

    def check_keys(self) -> dict[str | None, int]:
        """Children per master key id; ``WrongMasterKey`` (or its
        ``MasterKeyMissing``) unless one data key of each id unwraps.

        What a start checks, so a missing or wrong master key is said at once
        in one sentence, not on the first child opened.
        """
        with self._tx() as cur:
            cur.execute(
                "SELECT key_id, count(*), min(child_id) FROM child_keys"
                " WHERE team_id = %s GROUP BY key_id",
                (self.team,),
            )
            groups = cur.fetchall()
            for key_id, _count, child_id in groups:
                cur.execute(
                    "SELECT wrapped FROM child_keys"
                    " WHERE team_id = %s AND child_id = %s",
                    (self.team, child_id),
                )
                row = cur.fetchone()
                assert row is not None
                self._unwrap(child_id, key_id, bytes(row[0]))
        return {key_id: int(count) for key_id, count, _ in groups}

    # --- children -------------------------------------------------------------
    def list_children(self) -> list[Child]:
        """Return every child of the team, oldest first."""
        with self._tx() as cur:
            children = self._list_children(cur)
            self._audit_read(cur, "children_listed", None)
        return children

    def _list_children(self, cur: psycopg.Cursor[Any]) -> list[Child]:
        cur.execute(
            "SELECT c.id, c.payload, k.key_id, k.wrapped FROM children c"
            " JOIN child_keys k ON k.team_id = c.team_id AND k.child_id = c.id"
            " WHERE c.team_id = %s",
            (self.team,),
        )
        rows = cur.fetchall()
        children = []
        for child_id, payload, key_id, wrapped in rows:
            key = self._unwrap(child_id, key_id, bytes(wrapped))
            doc = _open(key, bytes(payload), _aad("child", self.team, child_id))
            children.append(Child.from_doc(doc))
        return sorted(children, key=lambda c: c.created)

    def add_child(self, child: Child) -> None:
        """Store a new child with a new data key (or replace its document)."""
        with self._tx() as cur:
            cur.execute(
                "SELECT key_id, wrapped FROM child_keys"
                " WHERE team_id = %s AND child_id = %s",
                (self.team, child.id),
            )
            row = cur.fetchone()
            if row is None:
                key = os.urandom(KEY_BYTES)
                wrapped: tuple[str, bytes] | None = self._wrap(child.id, key)
            else:
                key = self._unwrap(child.id, row[0], bytes(row[1]))
                wrapped = None
            payload = _seal(key, child.to_doc(), _aad("child", self.team, child.id))
            # Two statements, not an upsert: a new child becomes visible to
            # the user who adds it only once the insert's trigger assigned them.
            if wrapped is None:
                cur.execute(
                    "UPDATE children SET payload = %s WHERE team_id = %s AND id = %s",
                    (payload, self.team, child.id),
                )
            else:
                cur.execute(
                    "INSERT INTO children (team_id, id, payload) VALUES (%s, %s, %s)",
                    (self.team, child.id, payload),
                )
            if wrapped is not None:
                cur.execute(
                    "INSERT INTO child_keys (team_id, child_id, key_id, wrapped)"
                    " VALUES (%s, %s, %s, %s)",
                    (self.team, child.id, *wrapped),
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
                    "INSERT INTO child_keys (team_id, child_id, key_id, wrapped)"
                    " VALUES (%s, %s, %s, %s)",
                    (self.team, child.id, *self._wrap(child.id, key)),
                )
                for session in sessions:
                    self._save_session(cur, session, None, audit=False)
                self._audit(cur, "child_added", child.id)

    def get_child(self, child_id: str) -> Child:
        """Return one child of the team or raise NotFoundError."""
        with self._tx() as cur:
            child = self._get_child(cur, child_id)
            self._audit_read(cur, "child_read", child_id)
        return child

    def _get_child(self, cur: psycopg.Cursor[Any], child_id: str) -> Child:
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

    # --- who may see which child (schema 6) -----------------------------------------
    def team_users(self) -> list[StaffUser]:
        """The team's staff (``users``), by name."""
        with self._tx() as cur:
            cur.execute(
                "SELECT id, team_id, role, name, issuer, subject FROM users"
                " WHERE team_id = %s ORDER BY name, id",
                (self.team,),
            )
            rows = cur.fetchall()
        return [
            StaffUser(
                id=r[0],
                team=r[1],
                role=Role(r[2]),
                name=r[3],
                issuer=r[4],
                subject=r[5],
            )
            for r in rows
        ]

    def is_admin(self) -> bool:
        """Whether the current user is the team's admin (read from ``users``)."""
        with self._tx() as cur:
            cur.execute("SELECT minrost_is_admin(%s)", (self.team,))
            row = cur.fetchone()
        return bool(row and row[0])

    def assigned(self, child_id: str) -> list[str]:
        """Ids of the users assigned to the child, first assigned first (an
        admin sees them all; a counsellor only their own assignment)."""
        with self._tx() as cur:
            cur.execute(
                "SELECT user_id FROM case_access WHERE team_id = %s AND child_id = %s"
                " ORDER BY assigned_at, user_id",
                (self.team, child_id),
            )
            return [str(r[0]) for r in cur.fetchall()]

    def assign(self, child_id: str, user_id: str) -> None:
        """Assign a user of the team to the child (the admin only: the database
        refuses anyone else with ``NotPermitted``)."""
        try:
            with self._tx() as cur:
                cur.execute(
                    "INSERT INTO case_access (team_id, child_id, user_id, assigned_by)"
                    " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    (self.team, child_id, user_id, self.actor),
                )
                if cur.rowcount:
                    self._audit(cur, "assigned", child_id)
        except psycopg.errors.InsufficientPrivilege as exc:
            raise NotPermitted("only the team's admin assigns counsellors") from exc
        except psycopg.errors.ForeignKeyViolation as exc:
            raise NotFoundError(child_id) from exc

    def unassign(self, child_id: str, user_id: str) -> bool:
        """Take a user off the child (the admin only); False if not assigned."""
        with self._tx() as cur:
            cur.execute(
                "DELETE FROM case_access"
                " WHERE team_id = %s AND child_id = %s AND user_id = %s",
                (self.team, child_id, user_id),
            )
            gone = cur.rowcount > 0
            if gone:
                self._audit(cur, "unassigned", child_id)
                return True
            cur.execute("SELECT minrost_is_admin(%s)", (self.team,))
            row = cur.fetchone()
        if self.user is not None and not (row and row[0]):
            raise NotPermitted("only the team's admin assigns counsellors")
        return False

    def break_glass(self, child_id: str, reason: str) -> datetime:
        """Open the child for the current user for ``BREAK_GLASS_HOURS`` with a
        stated reason (at least ``MIN_REASON_LENGTH`` characters): the grant
        keeps the reason, an audit row ``break_glass`` names user and child, in
        one transaction. Returns when the grant ends."""
        reason = " ".join(reason.split())
        if len(reason) < MIN_REASON_LENGTH:
            raise ValueError("a break-glass reason is too short")
        if self.user is None:
            raise NotPermitted("break-glass is for a signed-in user")
        try:
            with self._tx() as cur:
                cur.execute(
                    "INSERT INTO break_glass"
                    " (team_id, child_id, user_id, reason, until)"
                    " VALUES (%s, %s, %s, %s, now() + make_interval(hours => %s))"
                    " RETURNING until",
                    (self.team, child_id, self.user, reason, BREAK_GLASS_HOURS),
                )
                row = cur.fetchone()
                assert row is not None
                cur.execute(
                    "SELECT 1 FROM children WHERE team_id = %s AND id = %s",
                    (self.team, child_id),
                )
                if cur.fetchone() is None:
                    raise NotFoundError(child_id)
                self._audit(cur, "break_glass", child_id)
        except psycopg.errors.InsufficientPrivilege as exc:
            raise NotPermitted("not a user of this team") from exc
        return row[0]

    def access(self, child_id: str) -> Access | None:
        """Whether the current user sees the child, and why: assigned, or a
        break-glass grant (until when); None when they do not."""
        with self._tx() as cur:
            cur.execute(
                "SELECT EXISTS (SELECT 1 FROM case_access WHERE team_id = %s"
                "   AND child_id = %s AND user_id = minrost_user()),"
                " (SELECT max(until) FROM break_glass WHERE team_id = %s"
                "   AND child_id = %s AND user_id = minrost_user()"
                "   AND since <= now() AND now() < until)",
                (self.team, child_id, self.team, child_id),
            )
            row = cur.fetchone()
        assert row is not None
        if not row[0] and row[1] is None:
            return None
        return Access(assigned=bool(row[0]), break_glass_until=row[1])

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
            # The key's kind only: a per-browser key ends in the device's id.
            self._audit(cur, "setting_changed", None, detail=key.split(":")[0])

    # --- the session in progress ----------------------------------------------------
    def set_active(self, child_id: str, session_id: str, *, device: str) -> None:
        """Remember which session the browser ``device`` shows the child; other
        devices of the team keep theirs (many tablets in child mode at once)."""
        with self._tx() as cur:
            cur.execute(
                "INSERT INTO active_sessions"
                " (team_id, device, child_id, session_id, held_by)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (team_id, device) DO UPDATE"
                " SET child_id = excluded.child_id, session_id = excluded.session_id,"
                " held_by = excluded.held_by, since = now()",
                (self.team, device, child_id, session_id, self.user),
            )
            self._audit(cur, "child_mode_entered", child_id, detail=session_id)

    def child_mode_holder(self, device: str) -> StaffUser | None:
        """The counsellor who handed ``device`` to a child (schema 9), if it is
        in child mode and they are still a user of the team: the tablet works
        on as them, nobody being signed in on it."""
        with self._tx() as cur:
            cur.execute(
                "SELECT u.id, u.role, u.name, u.issuer, u.subject"
                " FROM active_sessions a JOIN users u"
                " ON u.team_id = a.team_id AND u.id = a.held_by"
                " WHERE a.team_id = %s AND a.device = %s",
                (self.team, device),
            )
            row = cur.fetchone()
        if row is None:
            return None
        user_id, role, name, issuer, subject = row
        return StaffUser(
            id=user_id,
            team=self.team,
            role=Role(role),
            name=name,
            issuer=issuer,
            subject=subject,
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
                "DELETE FROM active_sessions WHERE "
                + " AND ".join(where)
                + " RETURNING child_id, session_id",
                params,
            )
            for left_child, left_session in cur.fetchall():
                self._audit(cur, "child_mode_left", left_child, detail=left_session)

    # --- sessions ---------------------------------------------------------------
    def _session_aad(self, child_id: str, session_id: str) -> bytes:
        return _aad("session", self.team, child_id, session_id)

    def sessions(self, child_id: str) -> list[Session]:
        """Return a child's sessions, oldest first."""
        with self._tx() as cur:
            found = self._sessions(cur, child_id)
            self._audit_read(cur, "sessions_read", child_id)
        return found

    def _sessions(self, cur: psycopg.Cursor[Any], child_id: str) -> list[Session]:
        key = self._key(cur, child_id)
        cur.execute(
            "SELECT id, payload, held_by FROM sessions"
            " WHERE team_id = %s AND child_id = %s",
            (self.team, child_id),
        )
        rows = cur.fetchall()
        found = [
            self._as_seen(
                Session.from_doc(
                    _open(key, bytes(payload), self._session_aad(child_id, session_id))
                ),
                held_by,
            )
            for session_id, payload, held_by in rows
        ]
        return sorted(found, key=lambda s: s.started)

    def _as_seen(self, session: Session, held_by: str | None) -> Session:
        """*Bara för mig*: the answers the child kept private go to the user who
        held the session only (``sessions.held_by``); everyone else gets the
        session without them."""
        if held_by == self.user or not session.private:
            return session
        return without_only_me(session)

    def load_session(self, child_id: str, session_id: str) -> StoredSession:
        """Return one session with its revision, or raise NotFoundError."""
        with self._tx() as cur:
            stored = self._load_session(cur, child_id, session_id)
            self._audit_read(cur, "session_read", child_id, session_id)
            return stored

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
            "SELECT revision, payload, held_by FROM sessions"
            " WHERE team_id = %s AND child_id = %s AND id = %s",
            (self.team, child_id, session_id),
        )
        row = cur.fetchone()
        if row is None:
            raise NotFoundError(session_id)
        doc = _open(key, bytes(row[1]), self._session_aad(child_id, session_id))
        return StoredSession(self._as_seen(Session.from_doc(doc), row[2]), int(row[0]))

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
        self._check_holder(cur, key, child_id, session.id)
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
            self._audit(cur, "session_saved", child_id, detail=session.id)
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

    def _check_holder(
        self, cur: psycopg.Cursor[Any], key: bytes, child_id: str, session_id: str
    ) -> None:
        """Refuse a save by anyone but the holder of a session whose stored copy
        keeps *Bara för mig* answers: their copy lacks them (``_as_seen``), so
        saving it would erase what the child said."""
        cur.execute(
            "SELECT held_by, payload FROM sessions"
            " WHERE team_id = %s AND child_id = %s AND id = %s",
            (self.team, child_id, session_id),
        )
        row = cur.fetchone()
        if row is None or row[0] == self.user:
            return
        stored = _open(key, bytes(row[1]), self._session_aad(child_id, session_id))
        if stored.get("private"):
            raise PrivateAnswersError(session_id)

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
            found = self._recorded_voices(cur, child_id)
            self._audit_read(cur, "voices_listed", child_id)
        return found

    def _recorded_voices(
        self, cur: psycopg.Cursor[Any], child_id: str
    ) -> dict[tuple[str, str], RecordingInfo]:
        key = self._key(cur, child_id)
        cur.execute(
            "SELECT text_hash, info FROM recordings"
            " WHERE team_id = %s AND child_id = %s",
            (self.team, child_id),
        )
        found = {}
        for text_hash, sealed in cur.fetchall():
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
            row = self._recorded_voice(cur, child_id, language, text_hash)
            if row is None:
                return None
            self._audit_read(cur, "voice_read", child_id, language)
        return row

    def _recorded_voice(
        self, cur: psycopg.Cursor[Any], child_id: str, language: str, text_hash: str
    ) -> Recording | None:
        key = self._key(cur, child_id)
        cur.execute(
            "SELECT info, audio FROM recordings WHERE team_id = %s"
            " AND child_id = %s AND language = %s AND text_hash = %s",
            (self.team, child_id, language, text_hash),
        )
        row = cur.fetchone()
        if row is None:
            return None
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
            self._audit(cur, "voice_saved", child_id, detail=language)
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
                self._audit(cur, "voice_deleted", child_id, detail=language)
        return gone

    def _voice_aad(self, child_id: str, text_hash: str, part: str) -> bytes:
        return _aad(f"voice-{part}", self.team, child_id, text_hash)

    # --- consent ------------------------------------------------------------------
    def load_consent(self, child_id: str) -> ConsentRecord:
        """The child's consents and their history; a child moved in before
        schema 3 has none and keeps the ones its sessions held."""
        with self._tx() as cur:
            record = self._load_consent(cur, child_id)
            self._audit_read(cur, "consent_read", child_id)
            return record

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
            plan = self._load_plan(cur, child_id)
            self._audit_read(cur, "plan_read", child_id)
            return plan

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
            sheets = self._load_meeting(cur, child_id, session_id)
            self._audit_read(cur, "meeting_read", child_id, session_id)
            return sheets

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
            self._audit_read(cur, "meetings_read", child_id)
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
            self._audit(cur, "meeting_saved", child_id, detail=session_id)
            return sheets

    # --- retention and exports ------------------------------------------------
    def past_retention(self, now: datetime | None = None) -> list[RetentionCandidate]:
        """Children whose last session is older than the retention period (one
        read of every child's sessions, logged as one row)."""
        with self._tx() as cur:
            records = []
            for child in self._list_children(cur):
                try:
                    records.append((child, self._sessions(cur, child.id)))
                except self._unreadable_errors():
                    continue
            self._audit_read(cur, "retention_listed", None)
        return past_retention(
            records, now=now or datetime.now(UTC), months=self.retention_months()
        )

    def record_audit_search(
        self, *, child_id: str | None = None, user_id: str | None = None
    ) -> None:
        """Log that this user searched the team's audit (loggkontroll of
        loggkontroll): the child and the user searched for, ids only. Written
        before the search, so a search that cannot be logged does not run."""
        with self._tx() as cur:
            self._audit(cur, "audit_searched", child_id, detail=user_id)

    audits_exports = True
    """``export_data`` writes the export's audit row in its transaction."""

    def export_data(
        self,
        child_id: str,
        session_id: str,
        *,
        recipient: Recipient,
        other_name: str = "",
        what: str,
        voices: bool = False,
    ) -> ExportData:
        """An export's data, checked and logged in one transaction.

        Reads the child's consent record, refuses with ``ConsentMissing``
        (nothing logged, nothing given out) unless it covers ``recipient``,
        cuts every session down to what the recipient may see
        (``sharing.for_recipient``) and writes the export's audit row (who,
        which child, which session, which recipient, ``what``) before the
        commit: when that row cannot be written, the transaction fails and no
        data leaves the repository.
        """
        recipient = Recipient(recipient)
        with self._tx() as cur:
            consent = self._load_consent(cur, child_id)
            check_consent(consent, recipient, other_name)
            child = self._get_child(cur, child_id)
            session = self._load_session(cur, child_id, session_id).session
            found: list[tuple[str, str, str, bytes]] = []
            if voices:
                for language, text in sorted(self._recorded_voices(cur, child_id)):
                    recording = self._recorded_voice(
                        cur, child_id, language, _text_hash(language, text)
                    )
                    if recording is not None:
                        found.append(
                            (language, text, recording.info.mime, recording.audio)
                        )
            data = export_data_for(
                child,
                session,
                self._sessions(cur, child_id),
                consent,
                recipient=recipient,
                other_name=other_name,
                plan=self._load_plan(cur, child_id),
                meeting=self._load_meeting(cur, child_id, session_id),
                voices=tuple(found),
            )
            self._audit(
                cur,
                "export",
                child_id,
                detail=f"{session_id}/{what}",
                recipient=recipient.value,
            )
        return data

    def _unreadable_errors(self) -> tuple[type[BaseException], ...]:
        return (NotFoundError, ValueError)  # WrongMasterKey is a ValueError

    # --- staff (from sign-in) ----------------------------------------------------
    def upsert_user(
        self, *, issuer: str, subject: str, name: str, role: Role
    ) -> StaffUser:
        """Record a signed-in person in this team (``users``): their app id,
        kept for the same issuer + subject, name and role as the provider now
        says, and ``last_seen``; the audit gets a ``signed_in`` row naming
        them, in the same transaction."""
        new_id = "u-" + os.urandom(16).hex()
        with self._tx() as cur:
            cur.execute(
                "INSERT INTO users (team_id, id, issuer, subject, name, role)"
                " VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (team_id, issuer, subject) DO UPDATE SET"
                " name = excluded.name, role = excluded.role, last_seen = now()"
                " RETURNING id",
                (self.team, new_id, issuer, subject, name, role.value),
            )
            row = cur.fetchone()
            assert row is not None
            # Loggkontroll sees each sign-in under the person's own id.
            cur.execute(
                "INSERT INTO audit (team_id, actor, action) VALUES (%s, %s, %s)",
                (self.team, str(row[0]), "signed_in"),
            )
        return StaffUser(
            id=str(row[0]),
            team=self.team,
            role=role,
            name=name,
            issuer=issuer,
            subject=subject,
        )
