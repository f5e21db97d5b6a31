"""Faults of the data folder in the UI: a notice appears, never a dead click."""

from conftest import FAST_HASHER, unlock
from harness import Harness

from app.domain.models import Child, Session
from app.security import PIN_ATTEMPTS
from app.ui.app import build_main
from tests.folder_faults import disk_full, read_only

GARBAGE = bytes(range(256)) * 2


def a_child(repo) -> Child:
    """A child with a session saved twice (so its file has a readable .bak)."""
    child = Child.new("F. G.")
    repo.add_child(child)
    session = Session.new(child.id)
    repo.save_session(session)
    repo.save_session(session)
    return child


def test_a_damaged_counter_record_shows_a_notice_on_the_click(repo, pinned, app_main):
    """The child's write counter record is garbled (and its backup): say so."""
    child = a_child(repo)
    record = repo.data_dir / "counters" / f"children.{child.id}.json"
    record.write_bytes(GARBAGE)
    record.with_name(record.name + ".bak").write_bytes(GARBAGE)
    with Harness(app_main) as h:
        unlock(h)
        h.click(f"child-{child.id}")
        assert h.exists("fault-notice")
        assert "kontrollposter" in " ".join(h.texts())
        assert "F. G." not in " ".join(h.texts())
        h.click("corrupt-back")
        assert h.exists("add-child")


def test_the_log_opens_though_a_childs_counter_record_is_damaged(
    repo, pinned, app_main
):
    """A child that cannot be read is left out of the retention list, not a crash."""
    child = a_child(repo)
    record = repo.data_dir / "counters" / f"children.{child.id}.json"
    record.write_bytes(GARBAGE)
    record.with_name(record.name + ".bak").write_bytes(GARBAGE)
    with Harness(app_main) as h:
        unlock(h)
        h.click("audit")
        assert h.exists("audit-text")
        assert not h.exists(f"overdue-{child.id}")


def test_a_deleted_child_file_shows_a_notice_and_offers_its_backup(
    repo, pinned, app_main
):
    """A child file removed outside the app is damage: its backup comes back."""
    child = a_child(repo)
    repo.child_path(child.id).unlink()
    with Harness(app_main) as h:
        unlock(h)
        h.click(f"child-{child.id}")
        assert h.exists("corrupt-notice")
        assert "saknas i datamappen" in " ".join(h.texts())
        h.click("restore-backup")
        assert "Den senaste säkerhetskopian används nu." in " ".join(h.texts())
    assert repo.get_child(child.id) == child


def test_a_damaged_counter_record_during_a_tap_shows_the_childs_notice(
    repo, active, app_main
):
    """In child mode a tap that cannot be saved says so gently; no mark is shown."""
    child, _ = active
    record = repo.data_dir / "counters" / f"children.{child.id}.json"
    with Harness(app_main, route="/barn/bra-pa") as h:
        record.write_bytes(GARBAGE)
        record.with_name(record.name + ".bak").write_bytes(GARBAGE)
        h.click("pen-good_at")
        h.click("tile-maths")
        assert h.exists("notice")


def test_a_read_only_folder_opens_to_read_and_says_nothing_new_is_saved(
    repo, pinned, monkeypatch
):
    """The unlock writes nothing it needs; a write then shows a calm notice."""
    child = a_child(repo)
    read_only(monkeypatch, repo.data_dir)
    main = build_main(repo, hasher=FAST_HASHER, idle_watch=False)
    with Harness(main) as h:
        unlock(h)
        assert h.exists(f"child-{child.id}")
        assert h.exists("read-only-note")
        h.type("child-name", "H. I.")
        h.click("add-child")
        assert h.exists("fault-notice")
        assert "skrivskyddad" in h.find("fault-text").value
        h.click("fault-ok")
        assert h.route == "/"
    monkeypatch.undo()
    assert [c.id for c in repo.list_children()] == [child.id]


def test_the_unlock_on_a_full_disk_opens_the_workspace_with_a_note(
    repo, pinned, monkeypatch
):
    """A right PIN after a wrong one cannot reset the counter: it opens anyway."""
    repo.set_setting(PIN_ATTEMPTS, {"failed": 1, "not_before": 0})
    disk_full(monkeypatch, repo.data_dir)
    main = build_main(repo, hasher=FAST_HASHER, idle_watch=False)
    with Harness(main) as h:
        unlock(h)
        assert h.exists("add-child")
        assert "Disken är full" in " ".join(h.texts())
