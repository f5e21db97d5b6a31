"""Retention: who is past the period is listed; nothing is ever erased by it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.domain.models import Child, Session, ValidationError
from app.storage.repository import Repository
from app.storage.retention import (
    DEFAULT_RETENTION_MONTHS,
    add_months,
    last_activity,
    past_retention,
    retention_months_from,
    validate_retention_months,
)


def at(year: int, month: int, day: int) -> datetime:
    """A UTC moment at noon."""
    return datetime(year, month, day, 12, tzinfo=UTC)


def child_created(when: datetime, name: str = "X") -> Child:
    """A child registered at ``when``."""
    return replace(Child.new(name), created=when)


def session_at(child: Child, when: datetime, reviewed: datetime | None = None):
    """A session of ``child`` started at ``when``."""
    return replace(Session.new(child.id), started=when, reviewed_at=reviewed)


def test_months_are_calendar_months_and_the_end_of_a_month_is_clamped():
    """31 Jan + 1 month is the last day of February; years roll over."""
    assert add_months(at(2024, 1, 31), 1) == at(2024, 2, 29)
    assert add_months(at(2025, 1, 31), 1) == at(2025, 2, 28)
    assert add_months(at(2024, 11, 15), 24) == at(2026, 11, 15)
    assert add_months(at(2024, 12, 1), 1) == at(2025, 1, 1)


def test_last_activity_is_the_latest_session_start_or_review():
    """A review after the session counts; no sessions means the registration."""
    child = child_created(at(2020, 1, 1))
    assert last_activity(child, []) == at(2020, 1, 1)
    sessions = [
        session_at(child, at(2021, 5, 1)),
        session_at(child, at(2021, 3, 1), reviewed=at(2021, 9, 1)),
    ]
    assert last_activity(child, sessions) == at(2021, 9, 1)


def test_a_child_is_listed_only_once_the_whole_period_has_passed():
    """24 months after the last session: listed on the day, not the day before."""
    child = child_created(at(2020, 1, 1))
    records = [(child, [session_at(child, at(2022, 3, 10))])]
    assert past_retention(records, now=at(2024, 3, 9), months=24) == []
    [due] = past_retention(records, now=at(2024, 3, 10), months=24)
    assert (due.child_id, due.last_activity, due.due) == (
        child.id,
        at(2022, 3, 10),
        at(2024, 3, 10),
    )


def test_candidates_come_oldest_first():
    """The child who has waited longest is at the top of the list."""
    old = child_created(at(2018, 1, 1), "A")
    older = child_created(at(2017, 1, 1), "B")
    recent = child_created(at(2025, 1, 1), "C")
    found = past_retention(
        [(old, []), (older, []), (recent, [])], now=at(2026, 1, 1), months=24
    )
    assert [c.child_id for c in found] == [older.id, old.id]


@pytest.mark.parametrize("bad", [0, 121, -3, 2.5, "24", None, True])
def test_the_retention_setting_accepts_only_1_to_120_whole_months(bad):
    """Anything else is a ValidationError; a bad stored value means the default."""
    with pytest.raises(ValidationError):
        validate_retention_months(bad)
    assert retention_months_from(bad) == DEFAULT_RETENTION_MONTHS


def test_the_repository_lists_children_past_retention_and_erases_nothing(repo):
    """Every store: listed by the setting (default 24 months), nothing erased."""
    assert repo.retention_months() == 24
    old = child_created(at(2020, 1, 1), "Gammal")
    new = child_created(at(2020, 1, 1), "Ny")
    for child, when in ((old, at(2021, 6, 1)), (new, at(2025, 6, 1))):
        repo.add_child(child)
        repo.save_session(session_at(child, when))
    found = repo.past_retention(now=at(2026, 1, 1))
    assert [c.child_id for c in found] == [old.id]
    repo.set_retention_months(60)
    assert repo.past_retention(now=at(2026, 1, 1)) == []
    assert {c.id for c in repo.list_children()} == {old.id, new.id}
    assert repo.get_child(old.id) == old
    assert len(repo.sessions(old.id)) == 1
    with pytest.raises(ValidationError):
        repo.set_retention_months(0)


def test_an_unreadable_child_is_not_listed_for_erasure(tmp_path):
    """What cannot be read cannot be judged: a damaged file is left out."""
    repo = Repository(tmp_path)
    child = child_created(at(2015, 1, 1))
    repo.add_child(child)
    repo.child_path(child.id).write_bytes(b"{")
    assert repo.past_retention(now=at(2026, 1, 1)) == []
