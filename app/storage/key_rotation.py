"""Master-key rotation: rewrap every child's data key under a new master key.

Only ``child_keys`` changes: each row's data key is unwrapped by the master
key its ``key_id`` names and wrapped again by the ring's current key; the
children's records (sealed by the data keys) are not touched.

How the teams are walked, given row-level security:

1. The **owner** of the tables lists the teams that have keys not yet under
   the new key (migration 8 lets the owner read ``child_keys`` across teams;
   a superuser or a BYPASSRLS role may too). Nothing else is done as owner.
2. Each team is then rewrapped as ``minrost_operator`` (the administrators'
   role, which sees one whole team at a time: ``app.team`` set per
   transaction), in batches of ``batch_size`` rows: one transaction per
   batch, rows locked (``FOR UPDATE``), each row's ``key_id`` and
   ``wrapped`` changed in one ``UPDATE``, an audit row
   (``master_key_rotated``) in the same transaction.

So a run stopped anywhere (killed, a lost connection, a key that will not
unwrap) leaves every row either under its old key or under the new one, both
named by ``key_id``: with old and new keys configured every child opens, and
a second run takes up what is left. When ``remaining`` is 0 the old key can
be removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg

from app.storage.master_keys import KeyRing
from app.storage.postgres import child_key_aad

__all__ = ["RotationReport", "rotate_master_key"]


class OwnerCannotList(RuntimeError):
    """The owner's connection cannot see every team's keys."""


@dataclass(frozen=True)
class RotationReport:
    """Counts only: what a rotation did and what is left."""

    teams: int
    """Teams that had keys to rewrap when the run began."""
    rewrapped: int
    """Data keys rewrapped by this run."""
    already: int
    """Data keys that were under the new key before this run."""
    remaining: int
    """Data keys not under the new key after this run (0: done)."""


def _pending(owner: psycopg.Connection, key_id: str) -> list[tuple[str, int, int]]:
    """(team, keys not under ``key_id``, all keys) per team, as the owner."""
    rows = owner.execute(
        "SELECT team_id, count(*) FILTER (WHERE key_id IS DISTINCT FROM %s),"
        " count(*) FROM child_keys GROUP BY team_id ORDER BY team_id",
        (key_id,),
    ).fetchall()
    return [(str(team), int(todo), int(total)) for team, todo, total in rows]


def _check_owner(owner: psycopg.Connection) -> None:
    row = owner.execute(
        "SELECT r.rolsuper OR r.rolbypassrls OR t.tableowner = current_user"
        " FROM pg_roles r, pg_tables t WHERE r.rolname = current_user"
        " AND t.tablename = 'child_keys' AND t.schemaname = current_schema()"
    ).fetchone()
    if not row or not row[0]:
        raise OwnerCannotList(
            "Ange ägarrollens anslutning (--database-admin): den roll som äger"
            " tabellerna ser alla teams nycklar, appens roll bara ett team."
        )


def rotate_master_key(
    owner_conninfo: str,
    operator_conninfo: str,
    keys: KeyRing,
    *,
    batch_size: int = 200,
    actor: str = "app",
    after_batch: Callable[[str, int], None] | None = None,
) -> RotationReport:
    """Rewrap every team's data keys under ``keys.current`` (see the module).

    ``keys`` must also hold every older master key still named in
    ``child_keys``; a key that is missing or does not unwrap stops the run
    with ``WrongMasterKey`` after the batches already committed.
    ``after_batch(team, rewrapped so far)`` is called after each commit.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    new_id = keys.key_id
    with psycopg.connect(owner_conninfo) as owner:
        _check_owner(owner)
        before = _pending(owner, new_id)
    already = sum(total - todo for _, todo, total in before)
    teams = [team for team, todo, _ in before if todo]
    rewrapped = 0
    with psycopg.connect(operator_conninfo) as conn:
        for team in teams:
            while True:
                with conn.transaction(), conn.cursor() as cur:
                    cur.execute("SELECT set_config('app.team', %s, true)", (team,))
                    cur.execute(
                        "SELECT child_id, key_id, wrapped FROM child_keys"
                        " WHERE team_id = %s AND key_id IS DISTINCT FROM %s"
                        " ORDER BY child_id LIMIT %s FOR UPDATE",
                        (team, new_id, batch_size),
                    )
                    rows = cur.fetchall()
                    if not rows:
                        break
                    for child_id, key_id, wrapped in rows:
                        aad = child_key_aad(team, child_id)
                        data_key = keys.unwrap(key_id, bytes(wrapped), aad)
                        cur.execute(
                            "UPDATE child_keys SET key_id = %s, wrapped = %s"
                            " WHERE team_id = %s AND child_id = %s",
                            (*keys.wrap(data_key, aad), team, child_id),
                        )
                    cur.execute(
                        "INSERT INTO audit (team_id, actor, action, child_id)"
                        " VALUES (%s, %s, 'master_key_rotated', NULL)",
                        (team, actor),
                    )
                rewrapped += len(rows)
                if after_batch is not None:
                    after_batch(team, rewrapped)
    with psycopg.connect(owner_conninfo) as owner:
        remaining = sum(todo for _, todo, _ in _pending(owner, new_id))
    return RotationReport(
        teams=len(teams), rewrapped=rewrapped, already=already, remaining=remaining
    )
