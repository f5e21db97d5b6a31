"""Compare-and-set saves: a copy read before another save never overwrites it.

Every test runs against each store (``repo_kind``: files, encrypted files,
PostgreSQL).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.domain.models import Child, Level, Recipient, Session
from app.export.json_io import export_doc
from app.storage.store import StaleSessionError


@pytest.fixture
def stored(repo):
    """A child and a session saved once: (child, session, revision)."""
    child = Child.new("T. E.")
    repo.add_child(child)
    session = Session.new(child.id)
    return child, session, repo.save_session(session)


def toggled(session: Session, item: str, level: Level = Level.FUN) -> Session:
    """The session with one grid mark toggled."""
    return replace(session, grid=session.grid.toggle(item, level))


def test_each_save_bumps_the_revision_it_was_read_at(repo, stored):
    """Saved, read, saved again: the revision counts the saves."""
    child, session, first = stored
    assert repo.load_session(child.id, session.id).revision == first
    second = repo.save_session(toggled(session, "maths"), expected_revision=first)
    assert second == first + 1
    assert repo.load_session(child.id, session.id).revision == second


def test_a_save_from_an_outdated_copy_is_refused_and_changes_no_byte(
    repo, stored, store_digest
):
    """Tablet and laptop read revision 1; the tablet saves; the laptop's save
    is refused with what is stored, and the store is exactly as before."""
    _child, session, read_at = stored
    repo.save_session(toggled(session, "maths"), expected_revision=read_at)
    before = store_digest(repo)
    with pytest.raises(StaleSessionError) as refused:
        repo.save_session(toggled(session, "music"), expected_revision=read_at)
    assert store_digest(repo) == before
    assert dict(refused.value.stored.session.grid.marks) == {"maths": (Level.FUN,)}
    assert refused.value.stored.revision == read_at + 1


def test_the_revision_belongs_to_the_record_not_to_the_answers(repo, stored):
    """Neither the session a screen gets nor its export carries the revision."""
    child, session, read_at = stored
    repo.save_session(toggled(session, "maths"), expected_revision=read_at)
    loaded = repo.load_session(child.id, session.id)
    assert loaded.revision == read_at + 1
    assert loaded.session.extra == {}
    assert repo.get_session(child.id, session.id) == loaded.session
    exported = export_doc(
        repo.get_child(child.id),
        loaded.session,
        include_name=False,
        include_notes=True,
        recipient=Recipient.OWN_FILE,
        other_name="",
        created_at=datetime.now(UTC),
    )
    assert "_revision" not in str(exported)


def test_threads_saving_compare_and_set_lose_no_change(repo, stored, make_repo):
    """Eight screens (threads, each its own repository) mark one item each,
    re-reading when refused: all eight marks are stored."""
    child, session, _ = stored
    items = ["maths", "music", "pe", "english", "writing", "science", "wake_up"]
    items.append("group_work")
    barrier = threading.Barrier(len(items))
    errors: list[BaseException] = []

    screens = {item: make_repo() for item in items}

    def screen(item: str) -> None:
        mine = screens[item]
        try:
            barrier.wait()
            while True:
                current = mine.load_session(child.id, session.id)
                try:
                    mine.save_session(
                        toggled(current.session, item),
                        expected_revision=current.revision,
                    )
                    return
                except StaleSessionError:
                    continue
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=screen, args=(i,)) for i in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    marks = repo.get_session(child.id, session.id).grid.marks
    assert sorted(marks) == sorted(items)
