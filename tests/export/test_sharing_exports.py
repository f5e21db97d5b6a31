"""Every export for a recipient holds exactly what the child allowed it (#19)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.domain.catalog import ALL_ITEMS
from app.domain.models import Recipient
from app.domain.sharing import set_not_to
from app.export import json_io
from app.export.json_import import import_file
from app.export.service import (
    ConsentMissing,
    ExportRequest,
    export_meeting_sheet,
    export_session,
    pdf_export,
)
from app.storage.repository import Repository
from tests.export.conftest import NOW
from tests.export.test_json_io import as_format_3
from tests.export.test_pdf import pdf_text

HIDDEN = "grid:wake_up"
"""The demo child's answer kept from the parents (``app.export.demo``)."""
WORDS = ALL_ITEMS["wake_up"].label


def _export(repo, child, session, fmt, recipient):
    request = ExportRequest(fmt=fmt, recipient=recipient, now=NOW)
    return export_session(repo, child.id, session.id, request).data


def test_the_demo_child_keeps_one_answer_from_the_parents(filled):
    """The fixture this file relies on: one answer not to the parents, consent
    for the school and the parents."""
    repo, child, session = filled
    assert session.not_to == {HIDDEN: frozenset({Recipient.PARENTS})}
    consent = repo.load_consent(child.id)
    assert consent.covers(Recipient.SCHOOL)
    assert consent.covers(Recipient.PARENTS)


def test_the_paragraph_for_the_parents_leaves_out_what_the_child_kept_from_them(
    filled,
):
    """The text export for Föräldrarna lacks the answer; the school's has it;
    each says how many answers are left out, never which."""
    repo, child, session = filled
    school = _export(repo, child, session, "text", Recipient.SCHOOL).decode()
    parents = _export(repo, child, session, "text", Recipient.PARENTS).decode()
    private = len(session.private)
    assert WORDS.lower() in school.lower()
    assert WORDS.lower() not in parents.lower()
    assert f"{private} av elevens svar finns inte med" in school
    assert f"{private + 1} av elevens svar finns inte med" in parents
    assert "Mottagare: Föräldrarna/vårdnadshavarna" in parents


def test_the_pdf_for_the_parents_leaves_out_what_the_child_kept_from_them(filled):
    """The PDF for Föräldrarna has no marks on the answer, nor its sentence;
    the school's PDF has both; the parents' PDF says one more is left out."""
    repo, child, session = filled
    consent = repo.load_consent(child.id)
    contents = {
        r: pdf_export(
            child,
            session,
            None,
            ExportRequest(recipient=r, now=NOW),
            consent=consent,
        )
        for r in (Recipient.SCHOOL, Recipient.PARENTS)
    }
    assert "wake_up" in contents[Recipient.SCHOOL].session.grid.marks
    assert "wake_up" not in contents[Recipient.PARENTS].session.grid.marks
    sentences = {
        r: " ".join(s for v in c.voice for s in v.sentences).lower()
        for r, c in contents.items()
    }
    assert WORDS.lower() in sentences[Recipient.SCHOOL]
    assert WORDS.lower() not in sentences[Recipient.PARENTS]
    parents = pdf_text(_export(repo, child, session, "pdf", Recipient.PARENTS))
    assert f"{len(session.private) + 1}avelevenssvarfinnsintemed" in parents


def test_the_json_for_the_parents_leaves_out_the_answer_and_counts_it(filled):
    """JSON format 4: the hidden answer is not in the parents' file, the count
    is; the school's file carries the child's choice for that answer."""
    repo, child, session = filled
    school = json.loads(_export(repo, child, session, "json", Recipient.SCHOOL))
    parents = json.loads(_export(repo, child, session, "json", Recipient.PARENTS))
    assert "wake_up" in school["session"]["grid"]["marks"]
    assert "wake_up" not in parents["session"]["grid"]["marks"]
    assert school["session"]["not_to"] == {HIDDEN: ["parents"]}
    assert parents["session"]["not_to"] == {}
    assert parents["withheld"] == school["withheld"] + 1
    assert parents["format_version"] == 4


def test_export_to_a_recipient_without_consent_is_refused_in_swedish(filled):
    """BUP has no consent: refused, and the reason names BUP."""
    repo, child, session = filled
    with pytest.raises(ConsentMissing, match="BUP: det finns inget samtycke"):
        _export(repo, child, session, "pdf", Recipient.BUP)
    with pytest.raises(ConsentMissing, match="inget samtycke"):
        export_meeting_sheet(
            repo, child.id, session.id, kind="after", recipient=Recipient.BUP
        )


def test_withdrawing_on_the_child_stops_the_next_export_at_once(filled):
    """Withdrawn on the child's page: the parents' export is refused at once,
    the message says it was withdrawn; the school's still goes."""
    repo, child, session = filled
    record = repo.load_consent(child.id)
    (cid,) = [c.id for c in record.active if Recipient.PARENTS in c.recipients]
    repo.update_consent(
        child.id,
        lambda r: r.change(
            cid,
            datetime(2026, 11, 24, tzinfo=UTC),
            recipients=tuple(
                x for x in r.active[0].recipients if x is not Recipient.PARENTS
            ),
        ),
    )
    with pytest.raises(ConsentMissing, match="återkallats"):
        _export(repo, child, session, "text", Recipient.PARENTS)
    assert _export(repo, child, session, "text", Recipient.SCHOOL)


def test_a_format_3_file_with_consent_in_the_session_imports_as_the_childs(
    filled, tmp_path
):
    """An old export (consent per session, no choices) still imports, and its
    consent is the child's in the new folder."""
    repo, child, session = filled
    doc = json.loads(_export(repo, child, session, "json", Recipient.OWN_FILE))
    as_format_3(doc)  # every part format 4 brought goes, the consent too
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, json_io.dumps(doc))
    assert fresh.load_consent(child.id).covers(Recipient.PARENTS)


def test_the_childs_choices_survive_export_and_import(filled, tmp_path):
    """A format 4 file brings the choices per recipient and the consent."""
    repo, child, session = filled
    data = _export(repo, child, session, "json", Recipient.OWN_FILE)
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, data)
    (back,) = fresh.sessions(child.id)
    assert back.not_to == session.not_to
    assert fresh.load_consent(child.id) == repo.load_consent(child.id)


def test_a_choice_made_after_the_export_request_is_obeyed(filled):
    """The export reads the choices on disk at the moment of export."""
    repo, child, session = filled
    changed = set_not_to(session, ["grid:maths"], Recipient.SCHOOL, told=False)
    repo.save_session(changed)
    school = json.loads(_export(repo, child, changed, "json", Recipient.SCHOOL))
    marked = "maths" in session.grid.marks
    assert "maths" not in school["session"]["grid"]["marks"]
    assert marked
