"""Every store behind the ``Store`` seam, for the tests that hold for all of them.

``repo_kind`` is ``file`` (the embedded folder, plaintext), ``file-encrypted``
(the folder behind a PIN, as the app runs it) or ``postgres`` (the team server
on the session's throwaway cluster, its own database per test). ``make_repo``
opens another handle on the same store (a second screen, thread or process);
``store_digest`` hashes everything the store holds, to show a refused write
changed nothing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator

import psycopg
import pytest

from app.domain.staff import Role
from app.storage.crypto import KdfParams, Vault
from app.storage.postgres import APP_ROLE, MasterKey, PostgresRepository
from app.storage.repository import Repository
from app.storage.store import Store

TEAM = "team-a"
COUNSELLOR = "kurator-1"
"""The signed-in counsellor the behaviour tests act as on the server."""
FAST_KDF = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
TABLES = (
    "children",
    "child_keys",
    "sessions",
    "plans",
    "meetings",
    "settings",
    "active_sessions",
    "audit",
    "consents",
    "recordings",
    "case_access",
    "break_glass",
)


def add_user(
    owner_conninfo: str,
    user_id: str,
    *,
    team: str = TEAM,
    role: Role = Role.COUNSELLOR,
    name: str = "",
) -> None:
    """Put an invented member of staff in ``users`` (as sign-in would)."""
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute(
            "INSERT INTO users (team_id, id, issuer, subject, name, role)"
            " VALUES (%s, %s, 'https://idp.test', %s, %s, %s)",
            (team, user_id, f"sub-{user_id}", name or user_id, role.value),
        )


def assign_sql(owner_conninfo: str, child_id: str, user_id: str, team: str = TEAM):
    """Assign a user to a child directly in the database (as an admin would)."""
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute(
            "INSERT INTO case_access (team_id, child_id, user_id, assigned_by)"
            " VALUES (%s, %s, %s, 'app')",
            (team, child_id, user_id),
        )


@pytest.fixture(params=["file", "file-encrypted", "postgres"])
def repo_kind(request) -> str:
    """Which store a behaviour test runs against."""
    return request.param


@pytest.fixture
def make_repo(request, repo_kind, tmp_path) -> Iterator[Callable[[], Store]]:
    """Open a handle on this test's store: the first call makes it, each later
    call opens the same data again."""
    opened: list[Store] = []
    if repo_kind == "postgres":
        cluster = request.getfixturevalue("pg_cluster")
        database = request.getfixturevalue("pg_database")
        master = MasterKey(os.urandom(32))
        add_user(cluster.conninfo(database), COUNSELLOR)

        def make() -> Store:
            # As a signed-in counsellor: each child the tests add is theirs.
            repo = PostgresRepository(
                cluster.conninfo(database, APP_ROLE),
                team=TEAM,
                master_key=master,
                actor=COUNSELLOR,
            )
            opened.append(repo)
            return repo

    else:
        vault = None
        if repo_kind == "file-encrypted":
            vault, _ = Vault.create(
                tmp_path, "korrekt häst", recovery=False, kdf=FAST_KDF
            )

        def make() -> Store:
            repo = Repository(tmp_path, vault=vault)
            opened.append(repo)
            return repo

    yield make
    for repo in opened:
        if isinstance(repo, PostgresRepository):
            repo.close()


@pytest.fixture
def repo(make_repo) -> Store:
    """The store under test (see ``repo_kind``)."""
    return make_repo()


def _digest_postgres(conninfo: str) -> dict[str, str]:
    found = {}
    with psycopg.connect(conninfo) as conn:
        for table in TABLES:
            rows = conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            found[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return found


@pytest.fixture
def store_digest(request, repo_kind, tmp_path) -> Callable[[Store], dict[str, str]]:
    """A hash of everything the store holds: every file, or every table's rows."""

    def digest(repo: Store) -> dict[str, str]:
        if repo_kind == "postgres":
            cluster = request.getfixturevalue("pg_cluster")
            database = request.getfixturevalue("pg_database")
            return _digest_postgres(cluster.conninfo(database))
        return {
            str(p.relative_to(tmp_path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(tmp_path.rglob("*"))
            if p.is_file()
        }

    return digest


# --- a throwaway PKCS#11 token (SoftHSM2) for the key-custody tests ----------------
@pytest.fixture(scope="session")
def softhsm():
    """One SoftHSM2 token for the run with AES master keys ``mk-1`` and ``mk-2``
    (sensitive, not extractable). Fails (never skips) when it cannot be made."""
    from tools.softhsm import SoftHsm, SoftHsmError

    try:
        hsm = SoftHsm().start()
    except SoftHsmError as exc:
        pytest.fail(f"the throwaway PKCS#11 token could not be made: {exc}")
    yield hsm
    hsm.stop()
