"""The audit log and retention in the workspace."""

from dataclasses import replace
from datetime import UTC, datetime

from conftest import unlock
from harness import Harness

from app.domain.models import Child, Session


def test_the_log_is_readable_and_downloadable_without_names(repo, pinned, app_main):
    """The log lists what happened by id; downloading it is itself logged."""
    child = Child.new("Namn Namnsson")
    repo.add_child(child)
    with Harness(app_main) as h:
        unlock(h)
        h.click("audit")
        text = h.find("audit-text").value
        assert "unlocked" in text
        assert "Namn" not in text
        h.click("audit-download")
        (saved,) = [i for i in h.invocations if i.name == "save_file"]
        assert b"unlocked" in saved.args["src_bytes"]
    assert "audit_exported" in (repo.data_dir / "audit.log").read_text()


def test_children_past_retention_are_listed_but_not_erased(repo, pinned, app_main):
    """A child last seen three years ago is listed; nothing is deleted."""
    long_ago = datetime(2023, 1, 10, tzinfo=UTC)
    old = replace(Child.new("Gammal"), created=long_ago)
    repo.add_child(old)
    repo.save_session(replace(Session.new(old.id), started=long_ago))
    recent = Child.new("Ny")
    repo.add_child(recent)
    repo.save_session(Session.new(recent.id))
    with Harness(app_main) as h:
        unlock(h)
        h.click("audit")
        assert h.exists(f"overdue-{old.id}")
        assert not h.exists(f"overdue-{recent.id}")
        h.click(f"overdue-{old.id}")
        assert h.route == f"/arbete/barn/{old.id}"
    assert {c.id for c in repo.list_children()} == {old.id, recent.id}


def test_a_torn_last_line_is_named_in_the_log_view(repo, pinned, app_main):
    """A half line from a full disk: the unlock works and the view says where it is."""
    log = repo.data_dir / "audit.log"
    log.write_bytes(log.read_bytes() + b'{"action": "export", "at": "20')
    with Harness(app_main) as h:
        unlock(h)
        h.click("audit")
        text = h.find("audit-text").value
    (kept,) = repo.data_dir.glob("audit.log.torn-*")
    assert f"har lagts åt sidan i filen {kept.name}" in text
    assert "Kedjan är hel" in text
