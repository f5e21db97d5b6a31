"""Fixtures for the export tests: a data folder with invented, filled-in children,
their meeting sheets and plans."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.models import Child, Session
from app.export.demo import demo_children, demo_meeting
from app.storage.repository import Repository

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
"""A fixed "now" so exports are reproducible."""


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    """An empty data folder."""
    return Repository(tmp_path / "data")


def add_demo(repo: Repository, count: int = 3, seed: int = 11) -> list[Child]:
    """Store ``count`` invented children with their sessions, the latest session's
    meeting sheets and (for the first and third) a plan; return the children."""
    children = []
    for index, (child, sessions) in enumerate(demo_children(count, seed=seed, now=NOW)):
        repo.add_child(child)
        for session in sessions:
            repo.save_session(session)
        plan, sheets = demo_meeting(index, sessions[-1])
        if plan.points:
            repo.save_plan(child.id, plan)
        repo.update_meeting(child.id, sessions[-1].id, lambda _old, s=sheets: s)
        children.append(child)
    return children


@pytest.fixture
def filled(repo: Repository) -> tuple[Repository, Child, Session]:
    """A child with an earlier and a latest session (both exercises, consent,
    notes, an own item and private answers)."""
    child = add_demo(repo)[0]
    session = repo.sessions(child.id)[-1]
    assert len(repo.sessions(child.id)) == 2
    return repo, child, session


def with_session(repo: Repository, session: Session, **changes: object) -> Session:
    """Save a changed copy of ``session`` and return it."""
    new = replace(session, **changes)
    repo.save_session(new)
    return new
