"""The audit log can be read and handed over as text, still without names."""

from __future__ import annotations

import json

from app.storage.audit import AuditLog


def test_the_exported_log_lists_every_entry_and_says_the_chain_is_whole(tmp_path):
    """One line per entry with time, actor, action, child id and details."""
    log = AuditLog(tmp_path)
    log.record("child_created", "c1")
    log.record("export", "c1", session_id="s1", recipient="school", format="pdf")
    log.record("unlock_failed", count=2)
    text = log.export_text()
    assert "Kedjan är hel" in text
    assert "Poster: 3 av 3" in text
    rows = [line.split("\t") for line in text.splitlines() if line.count("\t") == 4]
    assert [r[2] for r in rows[1:]] == ["child_created", "export", "unlock_failed"]
    assert rows[2][3:] == ["c1", "format=pdf, recipient=school, session_id=s1"]
    assert rows[3][3:] == ["-", "count=2"]


def test_the_export_of_a_broken_log_says_where_and_stops_there(tmp_path):
    """An edited line is named; entries after it are not presented as checked."""
    log = AuditLog(tmp_path)
    for action in ("child_created", "export", "child_erased"):
        log.record(action, "c1")
    lines = log.path.read_text().splitlines()
    doc = json.loads(lines[1])
    doc["action"] = "import"
    lines[1] = json.dumps(doc, sort_keys=True)
    log.path.write_text("\n".join(lines) + "\n")
    text = log.export_text()
    assert "BRUTEN vid rad 2" in text
    assert "child_erased" not in text
    assert "Poster: 1 av 1" in text


def test_the_export_can_be_limited_to_one_child(tmp_path):
    """child_id keeps only that child's lines (for a subject access request)."""
    log = AuditLog(tmp_path)
    log.record("child_created", "c1")
    log.record("child_created", "c2")
    text = log.export_text(child_id="c2")
    assert "\tc2\t" in text
    assert "\tc1\t" not in text
    assert "Poster: 1 av 2" in text


def test_an_empty_log_exports_a_header_only(tmp_path):
    """No log file yet: the export says there are no entries."""
    text = AuditLog(tmp_path).export_text()
    assert "Poster: 0 av 0" in text
    assert "Kedjan är hel" in text


def test_exporting_the_log_can_itself_be_logged(tmp_path):
    """'audit_exported' is an allowed action (who handed the log out, when)."""
    log = AuditLog(tmp_path)
    log.record("audit_exported", format="text")
    assert log.entries()[-1].action == "audit_exported"
