"""What every store behind the ``Store`` seam does, run against each of them.

``repo_kind`` (tests/storage/conftest.py): files, encrypted files, PostgreSQL.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.meeting import MeetingSheets, Participation, Plan, PlanOwner
from app.domain.models import Child, Level, Session
from app.storage.store import NotFoundError, StaleSessionError


def child_at(when: datetime, name: str) -> Child:
    """An invented child registered at ``when``."""
    return replace(Child.new(name), created=when)


def test_children_read_back_as_saved_oldest_first(repo, make_repo):
    """Two children added newest first are listed oldest first, as saved,
    by another handle on the same store too."""
    start = datetime(2026, 3, 1, tzinfo=UTC)
    newer = child_at(start + timedelta(days=2), "B. B.")
    older = replace(child_at(start, "A. A."), case_ref="Dnr 12")
    repo.add_child(newer)
    repo.add_child(older)
    again = make_repo()
    assert again.list_children() == [older, newer]
    assert again.get_child(older.id) == older


def test_adding_a_child_again_replaces_its_document_and_keeps_its_sessions(repo):
    """A changed name is saved over the old one; the sessions stay."""
    child = Child.new("A. A.")
    repo.add_child(child)
    session = Session.new(child.id)
    repo.save_session(session)
    renamed = replace(child, display_name="A. B.")
    repo.add_child(renamed)
    assert repo.list_children() == [renamed]
    assert repo.sessions(child.id) == [session]


def test_an_unknown_child_or_session_is_not_found(repo):
    """Reading or saving under an id that is not stored raises NotFoundError."""
    child = Child.new("A. A.")
    repo.add_child(child)
    with pytest.raises(NotFoundError):
        repo.get_child("0123456789abcdef")
    with pytest.raises(NotFoundError):
        repo.sessions("0123456789abcdef")
    with pytest.raises(NotFoundError):
        repo.load_session(child.id, "0123456789abcdef")
    with pytest.raises(NotFoundError):
        repo.load_plan("0123456789abcdef")
    with pytest.raises(NotFoundError):
        repo.save_session(Session.new("0123456789abcdef"))
    with pytest.raises(NotFoundError):
        repo.save_session(Session.new(child.id), expected_revision=1)


def test_sessions_come_oldest_first_and_saves_without_a_revision_always_win(repo):
    """A blind save counts as a save too: revisions 1, 2; sessions by start."""
    child = Child.new("A. A.")
    repo.add_child(child)
    first = Session.new(child.id)
    second = replace(Session.new(child.id), started=first.started + timedelta(1))
    assert repo.save_session(second) == 1
    assert repo.save_session(first) == 1
    marked = replace(first, grid=first.grid.toggle("maths", Level.BORING_HARD))
    assert repo.save_session(marked) == 2
    assert repo.sessions(child.id) == [marked, second]
    assert repo.load_session(child.id, first.id).revision == 2


def test_update_session_from_threads_loses_no_change(repo, make_repo):
    """Six handles each add one mark through ``update_session`` at once:
    the child's lock serialises them, so all six marks are stored."""
    child = Child.new("A. A.")
    repo.add_child(child)
    session = Session.new(child.id)
    repo.save_session(session)
    items = ["maths", "music", "pe", "english", "writing", "science"]
    handles = {item: make_repo() for item in items}
    barrier = threading.Barrier(len(items))
    errors: list[BaseException] = []

    def mark(item: str) -> None:
        try:
            barrier.wait()
            handles[item].update_session(
                child.id,
                session.id,
                lambda s: replace(s, grid=s.grid.toggle(item, Level.FUN)),
            )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=mark, args=(i,)) for i in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    stored = repo.load_session(child.id, session.id)
    assert sorted(stored.session.grid.marks) == sorted(items)
    assert stored.revision == 1 + len(items)


def test_a_stale_update_inside_update_session_is_never_written(repo):
    """``update_session`` saves compare-and-set: the revision moves by one."""
    child = Child.new("A. A.")
    repo.add_child(child)
    session = Session.new(child.id)
    read_at = repo.save_session(session)
    repo.update_session(child.id, session.id, lambda s: replace(s, notes="x"))
    with pytest.raises(StaleSessionError):
        repo.save_session(session, expected_revision=read_at)
    assert repo.get_session(child.id, session.id).notes == "x"


def test_plan_and_meeting_sheets_belong_to_their_child(repo, make_repo):
    """The plan and a session's sheets read back through another handle; the
    other child has none."""
    child, other = Child.new("A"), Child.new("B")
    repo.add_child(child)
    repo.add_child(other)
    session = Session.new(child.id)
    repo.save_session(session)
    assert repo.load_plan(child.id) == Plan()
    repo.update_plan(child.id, lambda p: p.add_point(PlanOwner.STUDENT, "Lunch"))
    sheets = repo.update_meeting(
        child.id,
        session.id,
        lambda m: (
            MeetingSheets(participation=Participation.ATTEND)
            .add_participant("teacher", "Lärare L")
            .add_topic("Rasterna")
        ),
    )
    fresh = make_repo()
    assert [p.text for p in fresh.load_plan(child.id).points] == ["Lunch"]
    assert fresh.load_meeting(child.id, session.id) == sheets
    assert fresh.meetings(child.id) == {session.id: sheets}
    assert fresh.load_plan(other.id) == Plan()
    assert fresh.meetings(other.id) == {}
    replaced = Plan().add_point(PlanOwner.SCHOOL, "Rastvakt")
    fresh.save_plan(child.id, replaced)
    assert repo.load_plan(child.id) == replaced


def test_erasing_a_child_leaves_no_trace_of_it(repo, make_repo):
    """Erased: not listed, not found, and its sessions, plan and sheets are gone
    even if a child with the same id is added again."""
    child, other = Child.new("A"), Child.new("B")
    repo.add_child(child)
    repo.add_child(other)
    session = Session.new(child.id)
    repo.save_session(session)
    repo.save_plan(child.id, Plan().add_point(PlanOwner.STUDENT, "Lunch"))
    repo.update_meeting(child.id, session.id, lambda m: m.add_topic("Rasterna"))
    repo.erase_child(child.id)
    fresh = make_repo()
    assert fresh.list_children() == [other]
    with pytest.raises(NotFoundError):
        fresh.get_child(child.id)
    fresh.add_child(child)
    assert fresh.sessions(child.id) == []
    assert fresh.load_plan(child.id) == Plan()
    assert fresh.meetings(child.id) == {}


def test_settings_keep_json_values_and_fall_back_to_the_default(repo, make_repo):
    """A setting reads back as saved (numbers, dicts, None); unknown: default."""
    assert repo.get_setting("idle_minutes", 5) == 5
    repo.set_setting("idle_minutes", 10)
    repo.set_setting("pin_attempts", {"failed": 2, "not_before": 12.5})
    repo.set_setting("pin_hash", None)
    fresh = make_repo()
    assert fresh.get_setting("idle_minutes") == 10
    assert fresh.get_setting("pin_attempts") == {"failed": 2, "not_before": 12.5}
    assert fresh.get_setting("pin_hash", "x") is None
    repo.set_retention_months(36)
    assert fresh.retention_months() == 36


def test_the_session_in_progress_is_shown_only_to_its_device(repo):
    """Set by one browser: that browser (or a call without a device) gets it,
    another does not; cleared, nobody does."""
    child = Child.new("A")
    repo.add_child(child)
    session = Session.new(child.id)
    repo.save_session(session)
    assert repo.active() is None
    repo.set_active(child.id, session.id, device="tablet-1")
    assert repo.active(device="tablet-1") == (child.id, session.id)
    assert repo.active() == (child.id, session.id)
    assert repo.active(device="tablet-2") is None
    assert repo.active(device="") is None
    repo.clear_active()
    assert repo.active(device="tablet-1") is None


def test_a_failed_atomic_block_leaves_the_store_as_it_was(repo, store_digest):
    """A child, a session and a plan written in ``atomic()``, then an error:
    nothing of it stays, every byte or row as before."""
    kept = Child.new("A")
    repo.add_child(kept)
    before = store_digest(repo)
    child = Child.new("B")

    def half_way() -> None:
        with repo.atomic():
            repo.add_child(child)
            repo.save_session(Session.new(child.id))
            repo.save_plan(child.id, Plan().add_point(PlanOwner.STUDENT, "Lunch"))
            raise RuntimeError("halvvägs")

    with pytest.raises(RuntimeError, match="halvvägs"):
        half_way()
    assert store_digest(repo) == before
    assert repo.list_children() == [kept]


def test_a_successful_atomic_block_keeps_every_write(repo, make_repo):
    """The same block without an error: everything is there for another handle,
    and a refused save inside it does not undo the rest."""
    child = Child.new("B")
    with repo.atomic():
        repo.add_child(child)
        session = Session.new(child.id)
        read_at = repo.save_session(session)
        repo.save_session(replace(session, notes="först"), expected_revision=read_at)
        with pytest.raises(StaleSessionError):
            repo.save_session(replace(session, notes="sen"), expected_revision=read_at)
    fresh = make_repo()
    assert fresh.get_child(child.id) == child
    assert fresh.get_session(child.id, session.id).notes == "först"


def test_a_child_erased_and_added_again_elsewhere_reads_back(repo, make_repo):
    """Another screen erases a child and brings it back (an import with the
    same id): this handle, which read it before, reads the new records."""
    child = Child.new("A")
    repo.add_child(child)
    repo.save_session(Session.new(child.id))
    assert len(repo.sessions(child.id)) == 1
    other = make_repo()
    other.erase_child(child.id)
    other.add_child(child)
    again = Session.new(child.id)
    other.save_session(again)
    assert repo.sessions(child.id) == [again]
    repo.update_session(child.id, again.id, lambda s: replace(s, notes="x"))
    assert other.get_session(child.id, again.id).notes == "x"
