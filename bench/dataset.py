"""Invented children and sessions on disk, in the app's layout or TinyDB's.

Uses ``app.export.demo`` (the demo-data generator) when it is there, so the
sessions look the way children answer; otherwise a small generator of its own.
Every child is invented: "Elev A1", "Elev B1"…, never a real person.

Seeding writes each child's file once (all its sessions together) through the
app's own ``locked_database``, so the files are byte for byte what the app
writes, without paying one fsync per stored session.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from app.domain import catalog
from app.domain.models import Child, GridAnswers, Level, Session, utcnow
from app.security import PinGuard
from app.storage.crypto import Vault
from app.storage.repository import Repository
from app.storage.safe_storage import locked_database
from tests.browser.server import seed_child_mode

PIN = "482913"
"""The PIN of every seeded data folder (the browser tests use the same)."""

try:  # the demo-data generator is written by another engineer
    from app.export import demo as _demo
except ImportError:  # pragma: no cover - only before demo.py exists
    _demo = None


def generator_name() -> str:
    """Which generator made the sessions, for the report."""
    return "app.export.demo" if _demo is not None else "bench.dataset (fallback)"


def _fallback_session(child: Child, rng: random.Random, started: datetime) -> Session:
    """A session with about two thirds of the grid marked and a note."""
    grid = GridAnswers()
    for item in catalog.GRID_ITEMS:
        if rng.random() < 0.66:
            for level in rng.sample(list(Level), rng.randint(1, 2)):
                grid = grid.toggle(item.id, level)
    return Session(
        id=f"{rng.getrandbits(64):016x}",
        child_id=child.id,
        started=started,
        grid=grid,
        notes="Påhittad anteckning för prestandamätning.",
    )


def invented(
    children: int, sessions: int, *, seed: int = 11
) -> list[tuple[Child, list[Session]]]:
    """``children`` invented children with ``sessions`` sessions each, oldest
    first, one week apart."""
    rng = random.Random(seed)
    now = utcnow().replace(hour=9, minute=15, second=0, microsecond=0)
    out: list[tuple[Child, list[Session]]] = []
    if _demo is not None:
        base = _demo.demo_children(children, seed=seed, now=now)
        for index, (child, demo_sessions) in enumerate(base):
            profile = _demo.PROFILES[index % len(_demo.PROFILES)]
            latest = demo_sessions[-1]
            made = [
                _demo.demo_session(
                    child,
                    profile,
                    rng,
                    now - timedelta(days=7 * (sessions - k)),
                    earlier=k < sessions - 1,
                )
                for k in range(sessions)
            ]
            if made:
                made[-1] = replace(made[-1], consents=latest.consents)
            first = made[0].started if made else now
            out.append((replace(child, created=first - timedelta(minutes=5)), made))
        return out
    for index in range(children):
        letter, number = chr(ord("A") + index % 26), index // 26 + 1
        child = Child.new(f"Elev {letter}{number}", f"NT-{index:04d}")
        made = [
            _fallback_session(child, rng, now - timedelta(days=7 * (sessions - k)))
            for k in range(sessions)
        ]
        out.append((child, made))
    return out


@dataclass(frozen=True)
class Seeded:
    """A seeded data folder and the child whose session the benchmarks tap."""

    data_dir: Path
    children: list[Child]
    child: Child
    """The tapped child: the middle one, so neither first nor last in the index."""
    session: Session
    """A new, empty session of ``child``: the one being answered."""
    vault: Vault | None = None
    """The unlocked keys when the folder was seeded encrypted."""


def seed_app_layout(
    data_dir: Path,
    people: list[tuple[Child, list[Session]]],
    *,
    active: bool = False,
    pin: bool = False,
    encrypt: bool = False,
) -> Seeded:
    """Write ``people`` in the app's layout; start a new session for the middle
    child (as *Ny session* does) and optionally hand the device over to it.

    ``encrypt`` does what the app does at its first run: the PIN creates the
    key file (Argon2id at the app's own cost) and every file is written through
    the vault; ``Seeded.vault`` then holds the unlocked keys.
    """
    repo = Repository(data_dir)
    if encrypt:
        PinGuard(repo, encrypt=True).set_pin(PIN, recovery=False)
        assert repo.vault is not None
        open_db = repo.vault.database
    else:
        open_db = locked_database
    for child, sessions in people:
        with open_db(repo.child_path(child.id)) as db:
            db.table("child").insert(child.to_doc())
            db.table("sessions").insert_multiple(s.to_doc() for s in sessions)
    with open_db(repo.index_path) as db:
        db.table("children").insert_multiple(c.to_doc() for c, _ in people)
    child = people[len(people) // 2][0]
    session = Session.new(child.id)
    repo.save_session(session)
    if pin and not encrypt:
        PinGuard(repo).set_pin(PIN)
    if active:
        seed_child_mode(repo, child.id, session.id)
    return Seeded(data_dir, [c for c, _ in people], child, session, repo.vault)


class SharedTinyDB:
    """TinyDB's default ``JSONStorage`` on one file holding every child.

    The comparison the issue asks for: what the app would cost had it kept one
    ``db.json`` the way TinyDB's documentation starts. Quacks like the part of
    ``Repository`` that ``SessionStore.toggle_rating`` uses (``save_session``).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data_dir = path.parent
        self.db = TinyDB(path)  # JSONStorage, default arguments

    def save_session(
        self, session: Session, *, expected_revision: int | None = None
    ) -> int:
        """Upsert one session document (TinyDB reads and rewrites the file).

        One writer only: no compare-and-set, the revision is just counted.
        """
        self.db.table("sessions").upsert(session.to_doc(), Query().id == session.id)
        return (expected_revision or 0) + 1

    def close(self) -> None:
        """Close the file handle."""
        self.db.close()


def seed_shared_tinydb(
    path: Path, people: list[tuple[Child, list[Session]]]
) -> tuple[SharedTinyDB, Child, Session]:
    """Write every child and session into one TinyDB file; start a session for
    the middle child. Returns the open database, that child and its session."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = TinyDB(path)
    db.table("children").insert_multiple(c.to_doc() for c, _ in people)
    db.table("sessions").insert_multiple(
        s.to_doc() for _, sessions in people for s in sessions
    )
    db.close()
    shared = SharedTinyDB(path)
    child = people[len(people) // 2][0]
    session = Session.new(child.id)
    shared.save_session(session)
    return shared, child, session


def file_size(path: Path) -> int:
    """Size of a file, 0 if it is missing."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def folder_size(path: Path) -> int:
    """Total size of the files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def describe(people: list[tuple[Child, list[Session]]]) -> dict[str, Any]:
    """How many children and sessions ``people`` holds."""
    return {
        "children": len(people),
        "sessions": sum(len(s) for _, s in people),
    }
