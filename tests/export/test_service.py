"""Exports are made for a recipient, with consent, audited, and safe in threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from app.domain.models import Consent, ConsentGiver, Recipient, Session
from app.export.service import (
    ConsentMissing,
    ExportRequest,
    export_meeting_sheet,
    export_session,
)
from app.i18n import LANGUAGES
from app.storage.audit import AuditLog
from tests.export.conftest import NOW, with_session


def consent(*recipients: Recipient, other: str = "", withdrawn: bool = False):
    return Consent(
        id="c0ffee01",
        given_by=(ConsentGiver.CHILD, ConsentGiver.GUARDIAN),
        recipients=recipients,
        given_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        other_recipient=other,
        withdrawn_at=datetime(2026, 11, 21, tzinfo=UTC) if withdrawn else None,
    )


def test_own_file_needs_no_consent(filled):
    """The counsellor's own case file is the default and needs no consent."""
    repo, child, session = filled
    session = with_session(repo, session, consents=())
    result = export_session(repo, child.id, session.id, ExportRequest(fmt="text"))
    assert result.mime == "text/plain; charset=utf-8"
    assert "Mottagare: Egen akt" in result.data.decode()
    assert "Inget samtycke till att dela svaren" in result.data.decode()


@pytest.mark.parametrize("fmt", ["pdf", "json", "text"])
def test_export_to_a_recipient_without_consent_is_refused_with_the_reason(filled, fmt):
    """No consent for BUP: ConsentMissing names BUP and why; nothing is audited."""
    repo, child, session = filled
    session = with_session(repo, session, consents=(consent(Recipient.SCHOOL),))
    before = AuditLog(repo.data_dir).entries()
    with pytest.raises(ConsentMissing) as caught:
        export_session(
            repo, child.id, session.id, ExportRequest(fmt=fmt, recipient=Recipient.BUP)
        )
    assert "BUP" in caught.value.msg_sv
    assert "inget samtycke" in caught.value.msg_sv
    assert AuditLog(repo.data_dir).entries() == before


def test_a_withdrawn_consent_no_longer_covers_the_recipient(filled):
    """Withdrawn consent is refused, and the message says it was withdrawn."""
    repo, child, session = filled
    session = with_session(
        repo, session, consents=(consent(Recipient.SCHOOL, withdrawn=True),)
    )
    with pytest.raises(ConsentMissing, match="återkallats"):
        export_session(
            repo,
            child.id,
            session.id,
            ExportRequest(fmt="pdf", recipient=Recipient.SCHOOL),
        )


def test_another_recipient_must_be_named_as_in_the_consent(filled):
    """*Annan mottagare* needs a name, and the name the consent gives."""
    repo, child, session = filled
    session = with_session(
        repo, session, consents=(consent(Recipient.OTHER, other="Habiliteringen"),)
    )
    with pytest.raises(ConsentMissing, match="Skriv vem mottagaren är"):
        export_session(
            repo,
            child.id,
            session.id,
            ExportRequest(fmt="text", recipient=Recipient.OTHER),
        )
    with pytest.raises(ConsentMissing, match="Logopeden"):
        export_session(
            repo,
            child.id,
            session.id,
            ExportRequest(
                fmt="text", recipient=Recipient.OTHER, other_name="Logopeden"
            ),
        )
    result = export_session(
        repo,
        child.id,
        session.id,
        ExportRequest(
            fmt="text", recipient=Recipient.OTHER, other_name="habiliteringen"
        ),
    )
    assert "Mottagare: habiliteringen" in result.data.decode()


def test_a_covered_recipient_is_named_in_the_export_and_the_audit_log(filled):
    """With consent for the school, the export says Skolan and the log says school."""
    repo, child, session = filled
    session = with_session(repo, session, consents=(consent(Recipient.SCHOOL),))
    result = export_session(
        repo,
        child.id,
        session.id,
        ExportRequest(fmt="text", recipient=Recipient.SCHOOL, now=NOW),
    )
    text = result.data.decode()
    assert "Mottagare: Skolan" in text
    assert "svaren får delas med skolan" in text
    entry = AuditLog(repo.data_dir).entries()[-1]
    assert (entry.action, entry.child_id) == ("export", child.id)
    assert entry.details == {
        "session_id": session.id,
        "recipient": "school",
        "format": "text",
    }


def test_text_export_holds_the_paragraph_and_no_private_answer(filled):
    """The text export is the header and Barnets röst; private answers are absent."""
    repo, child, session = filled
    text = export_session(
        repo, child.id, session.id, ExportRequest(fmt="text")
    ).data.decode()
    assert "Barnets röst" in text
    assert "En vanlig dag går eleven" in text
    assert "Sedan samtalet" in text
    assert "att busa" not in text  # the demo child's private grid answer
    assert child.display_name not in text


def test_exports_run_side_by_side_in_threads(filled):
    """Two PDF exports in parallel threads both finish with the same content."""
    repo, child, session = filled
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [
            pool.submit(
                export_session,
                repo,
                child.id,
                session.id,
                ExportRequest(fmt="pdf", now=NOW),
            )
            for _ in range(4)
        ]
        results = [f.result() for f in futures]
    sizes = {len(r.data) for r in results}
    assert len(sizes) == 1
    assert all(r.data.startswith(b"%PDF") for r in results)


def test_an_unknown_format_is_a_programming_error(filled):
    """Only pdf, json and text exist."""
    repo, child, session = filled
    with pytest.raises(ValueError, match="unknown export format"):
        export_session(repo, child.id, session.id, ExportRequest(fmt="docx"))  # type: ignore[arg-type]


def test_first_session_has_no_follow_up_part(repo):
    """A child's first session exports without a comparison."""
    from tests.export.conftest import add_demo

    child = add_demo(repo, count=2)[1]  # the second demo child has one session
    [session] = repo.sessions(child.id)
    text = export_session(
        repo, child.id, session.id, ExportRequest(fmt="text")
    ).data.decode()
    assert "Sedan samtalet" not in text
    assert "Jämförs med" not in text


@pytest.mark.skipif(
    "language" not in Session.__dataclass_fields__, reason="no Session.language"
)
def test_export_is_swedish_and_names_the_language_the_child_used(filled):
    """A child who answered in Arabic gets a Swedish export that says so."""
    repo, child, session = filled
    session = with_session(repo, session, language="ar")
    text = export_session(
        repo, child.id, session.id, ExportRequest(fmt="text")
    ).data.decode()
    assert "Elevens språk: arabiska (svaren visas här på svenska)" in text
    assert "En vanlig dag går eleven" in text


def test_meeting_sheet_for_the_own_file_needs_no_consent_and_is_audited(filled):
    """A sheet for the own file needs no consent; one audit line: pdf and its kind."""
    repo, child, session = filled
    session = with_session(repo, session, consents=())
    result = export_meeting_sheet(repo, child.id, session.id, kind="after")
    assert result.mime == "application/pdf"
    assert result.data.startswith(b"%PDF")
    assert result.language == "sv"
    assert result.filename.endswith("_efter-motet-sv.pdf")
    assert result.filename.startswith(child.case_ref.lower())
    entry = AuditLog(repo.data_dir).entries()[-1]
    assert (entry.action, entry.child_id) == ("export", child.id)
    assert entry.details == {
        "session_id": session.id,
        "recipient": "own_file",
        "format": "pdf",
        "file_kind": "after",
    }


@pytest.mark.parametrize("kind", ["before", "after", "plan"])
def test_meeting_sheet_for_a_recipient_without_consent_is_refused(filled, kind):
    """No consent for BUP on the session: refused with the reason, nothing audited."""
    repo, child, session = filled
    session = with_session(repo, session, consents=(consent(Recipient.SCHOOL),))
    before = AuditLog(repo.data_dir).entries()
    with pytest.raises(ConsentMissing, match="inget samtycke"):
        export_meeting_sheet(
            repo, child.id, session.id, kind=kind, recipient=Recipient.BUP
        )
    assert AuditLog(repo.data_dir).entries() == before


def test_meeting_sheet_for_a_consented_recipient_is_made(filled):
    """With consent for the school the plan can go to the school."""
    repo, child, session = filled
    session = with_session(repo, session, consents=(consent(Recipient.SCHOOL),))
    result = export_meeting_sheet(
        repo, child.id, session.id, kind="plan", recipient=Recipient.SCHOOL
    )
    assert result.filename.endswith("_plan-sv.pdf")
    assert AuditLog(repo.data_dir).entries()[-1].details["recipient"] == "school"


def test_a_sheet_is_made_in_the_language_asked_for_when_it_has_a_catalog(filled):
    """Arabic comes out Arabic; a language without a catalog comes out Swedish."""
    repo, child, session = filled
    arabic = export_meeting_sheet(
        repo, child.id, session.id, kind="before", language="ar"
    )
    assert arabic.language == ("ar" if "ar" in LANGUAGES else "sv")
    assert arabic.filename.endswith(f"_infor-mote-{arabic.language}.pdf")
    german = export_meeting_sheet(
        repo, child.id, session.id, kind="before", language="de"
    )
    assert german.language == "sv"
    assert german.filename.endswith("_infor-mote-sv.pdf")


def test_an_unknown_sheet_kind_is_a_programming_error(filled):
    """Only before, after, plan, agenda and parents exist."""
    repo, child, session = filled
    with pytest.raises(ValueError, match="unknown sheet kind"):
        export_meeting_sheet(repo, child.id, session.id, kind="minutes")  # type: ignore[arg-type]


def test_text_export_ends_barnets_rost_with_the_meeting_wishes(filled):
    """The text export says what the child wants the adults to know."""
    repo, child, session = filled
    text = export_session(
        repo, child.id, session.id, ExportRequest(fmt="text")
    ).data.decode()
    assert "Det här vill eleven att de vuxna på mötet vet: ”Jag vill inte" in text
    assert "Eleven vill vara med på mötet." in text


def test_an_export_request_names_its_recipient_as_a_recipient():
    """A recipient given by its stored value (as a form sends it) is the
    Recipient itself, so the consent check and the header see one value."""
    request = ExportRequest(fmt="text", recipient="bup")
    assert request.recipient is Recipient.BUP
    assert ExportRequest(now=NOW).at() == NOW


def test_text_export_lists_the_plan_with_the_answers_each_point_responds_to(filled):
    """Goals, coordinator and each point with the child's answer it cites."""
    repo, child, session = filled
    from app.domain.meeting import PlanOwner

    key = next(iter(session.grid.marks))
    repo.update_plan(
        child.id,
        lambda p: p.set_goals("Må bättre", "Börja enskilt", "Kim").add_point(
            PlanOwner.SCHOOL,
            "Lugn plats på rasten",
            child_text="Du får en lugn plats.",
            answers=(f"grid:{key}",),
        ),
    )
    text = export_session(
        repo, child.id, session.id, ExportRequest(fmt="text")
    ).data.decode()
    assert "Långsiktigt mål: Må bättre" in text
    assert "Samordnare: Kim" in text
    assert "Skolan ska: Lugn plats på rasten (Planerad)" in text
    assert "  Svarar på barnets svar: " in text
    assert "  Barnets version: Du får en lugn plats." in text


def test_the_case_file_pdf_shows_the_childs_evaluation_of_a_point(filled):
    """A rated point's card says *Elevens utvärdering: Bättre*."""
    import io

    import pypdf

    from app.domain.meeting import PlanOwner
    from app.domain.models import Evaluation

    repo, child, session = filled
    plan = repo.update_plan(
        child.id,
        lambda p: p.add_point(PlanOwner.STUDENT, "Gå till första lektionen"),
    )
    point = plan.points[-1]
    with_session(repo, session, evaluations={point.id: Evaluation.BETTER})
    data = export_session(repo, child.id, session.id, ExportRequest(fmt="pdf")).data
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Elevens utvärdering: Bättre" in text
