"""The audit log: chained, append-only, and never holding names or answers."""

import json

import pytest

from app.storage.audit import AuditChainBroken, AuditLog


def test_entries_are_chained_and_read_back_in_order(tmp_path):
    """Each entry carries the hash of the one before it."""
    log = AuditLog(tmp_path)
    a = log.record("session_started", "c1", session_id="s1")
    b = log.record("export", "c1", session_id="s1", recipient="school", format="pdf")
    entries = log.entries()
    assert [e.action for e in entries] == ["session_started", "export"]
    assert entries[1].prev == a.hash
    assert entries[1].hash == b.hash


def test_an_edited_entry_breaks_the_chain_where_it_was_edited(tmp_path):
    """Changing a recorded recipient is detected at that line."""
    log = AuditLog(tmp_path)
    log.record("session_started", "c1")
    log.record("export", "c1", recipient="school")
    log.record("child_erased", "c1")
    lines = log.path.read_text().splitlines()
    doc = json.loads(lines[1])
    doc["details"]["recipient"] = "bup"
    lines[1] = json.dumps(doc, sort_keys=True)
    log.path.write_text("\n".join(lines) + "\n")
    with pytest.raises(AuditChainBroken) as exc:
        log.entries()
    assert exc.value.line == 2


def test_a_removed_entry_breaks_the_chain(tmp_path):
    """Deleting a line (hiding an export) is detected."""
    log = AuditLog(tmp_path)
    for action in ("session_started", "export", "child_erased"):
        log.record(action, "c1")
    lines = log.path.read_text().splitlines()
    log.path.write_text(lines[0] + "\n" + lines[2] + "\n")
    with pytest.raises(AuditChainBroken):
        log.entries()


def test_free_text_details_are_refused_so_no_name_or_answer_can_enter(tmp_path):
    """Only known technical keys are accepted; a 'name' detail raises."""
    log = AuditLog(tmp_path)
    with pytest.raises(ValueError, match="may not hold"):
        log.record("child_created", "c1", name="Elev T")
    with pytest.raises(ValueError, match="unknown audit action"):
        log.record("wrote_note", "c1")
    assert not log.path.exists()
