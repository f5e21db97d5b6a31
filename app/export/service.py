"""One call for the UI and the CLI: export a session for a recipient.

``export_session`` checks consent first, builds the PDF, text or JSON in
memory, writes one audit entry (ids and format only, never content) and
returns the bytes with a generated file name. On a data folder that cannot be
written (read-only, or a full disk) the export still succeeds, because reading
and exporting must keep working there; ``ExportResult.logged`` is then False
and the caller must say that the export is not in the log. ``export_meeting_sheet`` does
the same for the one-page child sheets (*Inför möte*, *Efter mötet*) and the
plan, in the family's language. Neither keeps state between calls, so the UI
can run them in a worker thread.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import Child, ConsentRecord, Recipient, Session, utcnow
from app.domain.sharing import (
    ConsentMissing as ConsentMissing,  # re-exported: the UI and CLI catch it here
)
from app.domain.sharing import (
    check_consent as check_consent,
)
from app.domain.sharing import (
    for_recipient,
    withheld_count,
)
from app.domain.summary import (
    changes,
    child_voice_parts,
    plan_lines,
    voice_sections,
    without_private,
)
from app.export import json_export
from app.export.filenames import export_filename, sheet_filename
from app.export.header import (
    PRIVATE_NOTE,
    Header,
    build_header,
    header_lines,
)
from app.export.json_import import MAX_BYTES as MAX_IMPORT_BYTES
from app.export.pdf import PdfContent, render_pdf
from app.export.sheets import SheetKind, render_sheet, sheet_language
from app.storage.audit import AuditLog
from app.storage.errors import is_unwritable
from app.storage.repository import Repository

Format = Literal["pdf", "json", "text"]


@dataclass(frozen=True)
class ExportRequest:
    """What one export of a session asks for: the format, for whom, what it shows.

    The export panel, the command line and the tests each build one; the
    service checks the consent against it and every writer reads it.
    """

    fmt: Format = "pdf"
    recipient: Recipient = Recipient.OWN_FILE
    other_name: str = ""
    """Who *Annan mottagare* is (must be named in a consent)."""
    include_name: bool = False
    """The child's name instead of the case reference or initials."""
    include_notes: bool = False
    """The counsellor's own notes, at the end."""
    include_voices: bool = False
    """The child's recorded voices (JSON only: a PDF or a text cannot hold sound)."""
    counsellor: str = ""
    now: datetime | None = None
    """The export's time (tests, reproducible exports); None: the moment of export."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "recipient", Recipient(self.recipient))

    def at(self) -> datetime:
        """The export's time."""
        return self.now or utcnow()


MIME: dict[str, str] = {
    "pdf": "application/pdf",
    "json": "application/json",
    "text": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class ExportResult:
    """A finished export: a generated file name, the bytes and their MIME type."""

    filename: str
    data: bytes
    mime: str
    language: str = "sv"
    """The language the export is written in (a sheet asked for in a language
    without a catalog yet comes out in Swedish, and says so here)."""
    logged: bool = True
    """False when the data folder could not take the audit entry (read-only
    or full): the export happened but is not in ``audit.log``."""


def _log_export(repo: Repository, child_id: str, **details: str) -> bool:
    """Record an export in the audit log; False if the folder cannot be written."""
    try:
        AuditLog(repo.data_dir).record("export", child_id, **details)
    except OSError as exc:
        if not is_unwritable(exc):
            raise
        return False
    return True


def _record_export(repo: Repository, child_id: str, **details: str) -> bool:
    """Whether the export is in the audit: on the team server its row was
    written with the data (``Store.export_data``), and the process's folder
    only keeps a note for the page's *Exporterad* chip (the app may not read
    the audit); in a data folder the audit log's line."""
    if not repo.audits_exports:
        return _log_export(repo, child_id, **details)
    if repo.data_dir is not None:
        with contextlib.suppress(OSError):
            AuditLog(repo.data_dir).record("export", child_id, **details)
    return True


def previous_session(repo: Repository, session: Session) -> Session | None:
    """The child's session just before ``session``, if there is one."""
    earlier = [
        s
        for s in repo.sessions(session.child_id)
        if s.started < session.started and s.id != session.id
    ]
    return earlier[-1] if earlier else None


def shared_with(
    session: Session, consent: ConsentRecord | None, request: ExportRequest
) -> Session:
    """The session as the request's recipient may get it (``sharing.may_see``)."""
    if consent is None:
        consent = ConsentRecord.migrated([session])
    return for_recipient(session, consent, request.recipient, request.other_name)


def plan_shown(plan: Plan | None, session: Session) -> Plan | None:
    """The plan without links to answers ``session`` (as the recipient may get
    it, ``shared_with``) marks private: last time's words for an answer the
    child now keeps from this recipient are not cited either."""
    if plan is None:
        return None
    return replace(
        plan,
        points=tuple(
            replace(p, answers=tuple(k for k in p.answers if k not in session.private))
            for p in plan.points
        ),
    )


def _header(
    child: Child,
    session: Session,
    previous: Session | None,
    request: ExportRequest,
    consent: ConsentRecord | None,
) -> Header:
    record = consent if consent is not None else ConsentRecord.migrated([session])
    return build_header(
        child,
        session,
        previous,
        recipient=request.recipient,
        other_name=request.other_name,
        include_name=request.include_name,
        counsellor=request.counsellor,
        now=request.at(),
        consent=record,
        withheld=withheld_count(session, record, request.recipient, request.other_name),
    )


def text_export(
    child: Child,
    session: Session,
    previous: Session | None,
    request: ExportRequest,
    *,
    meeting: MeetingSheets | None = None,
    plan: Plan | None = None,
    consent: ConsentRecord | None = None,
) -> bytes:
    """The plain-text export: the header lines, *Barnets röst* as the recipient
    may read it, the plan (with the answers each point responds to that the
    recipient may see), notes if chosen."""
    header = _header(child, session, previous, request, consent)
    session = shared_with(session, consent, request)
    previous = shared_with(previous, consent, request) if previous else None
    plan = plan_shown(plan, session)
    lines = ["Barnets röst – Min röst", ""]
    lines += [f"{caption}: {text}" for caption, text in header_lines(header)]
    lines += ["", "Barnets röst", ""]
    lines += [p + "\n" for p in child_voice_parts(session, previous, meeting)]
    lines.append(PRIVATE_NOTE)
    planned = plan_lines(plan, session, previous) if plan is not None else []
    if planned:
        lines += ["", "Planen", "", *planned]
    if request.include_notes and session.notes.strip():
        lines += ["", "Samtalsledarens anteckningar", "", session.notes.strip()]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def pdf_export(
    child: Child,
    session: Session,
    previous: Session | None,
    request: ExportRequest,
    *,
    meeting: MeetingSheets | None = None,
    plan: Plan | None = None,
    consent: ConsentRecord | None = None,
) -> PdfContent:
    """What the PDF of a session shows (answers the recipient may not see
    already gone), with the child's meeting wishes in *Barnets röst* and the
    plan when given. ``consent`` None: the session's own (files before #19)."""
    header = _header(child, session, previous, request, consent)
    session = shared_with(session, consent, request)
    previous = shared_with(previous, consent, request) if previous else None
    plan = plan_shown(plan, session)
    return PdfContent(
        header=header,
        session=without_private(session),
        voice=voice_sections(session, meeting),
        changes=changes(previous, session) if previous else None,
        notes=session.notes.strip() if request.include_notes else "",
        plan=plan,
        previous=without_private(previous) if previous else None,
    )


class VoicesTooLarge(ValueError):
    """A JSON export with voices larger than an import accepts: nothing made."""


def export_session(
    repo: Repository, child_id: str, session_id: str, request: ExportRequest
) -> ExportResult:
    """Export one session as ``request`` asks; raises ConsentMissing when refused."""
    fmt = request.fmt
    if fmt not in MIME:
        raise ValueError(f"unknown export format {fmt!r}")
    recipient = request.recipient
    # The store checks the consent and gives out only what the recipient may
    # see (on the team server in one transaction with the export's audit row).
    got = repo.export_data(
        child_id,
        session_id,
        recipient=recipient,
        other_name=request.other_name,
        what=fmt,
        voices=fmt == "json" and request.include_voices,
    )
    child, session, consent = got.child, got.session, got.consent
    moment = request.at()
    request = replace(request, now=moment)
    meeting = got.meeting
    if fmt == "json":
        data = json_export.dumps(
            json_export.export_doc(
                child,
                shared_with(session, consent, request),
                created_at=moment,
                consent=consent,
                withheld=got.withheld,
                plan=got.plan,
                meeting=meeting,
                recipient=recipient,
                other_name=request.other_name,
                include_name=request.include_name,
                include_notes=request.include_notes,
                voices=list(got.voices) if request.include_voices else None,
            )
        )
        if len(data) > MAX_IMPORT_BYTES:
            raise VoicesTooLarge(
                "Exporten blir för stor för att kunna importeras igen "
                f"(över {MAX_IMPORT_BYTES // (1024 * 1024)} MiB) med de "
                "inspelade rösterna. Exportera utan dem, eller ta bort några "
                "inspelningar först."
            )
    elif fmt == "pdf":
        content = pdf_export(
            child,
            session,
            got.previous,
            request,
            meeting=meeting,
            plan=got.plan,
            consent=consent,
        )
        data = render_pdf(content)
    else:
        data = text_export(
            child,
            session,
            got.previous,
            request,
            meeting=meeting,
            plan=got.plan,
            consent=consent,
        )
    logged = _record_export(
        repo, child_id, session_id=session_id, recipient=recipient.value, format=fmt
    )
    return ExportResult(
        export_filename(child, session, fmt), data, MIME[fmt], logged=logged
    )


SHEET_KINDS: tuple[SheetKind, ...] = ("before", "after", "plan", "agenda", "parents")


def export_meeting_sheet(
    repo: Repository,
    child_id: str,
    session_id: str,
    *,
    kind: SheetKind,
    language: str = "sv",
    recipient: Recipient = Recipient.OWN_FILE,
    other_name: str = "",
) -> ExportResult:
    """A one-page child sheet, or the plan, as a PDF in ``language``.

    ``kind`` is ``"before"`` (*Inför möte*), ``"after"`` (*Efter mötet*, with
    the plan in child language) or ``"plan"`` (the plan alone, for guardians).
    The fixed texts are translated through the language's catalog; a language
    without one comes out in Swedish (``ExportResult.language`` says which).
    The consent rule is the child's, as for :func:`export_session`: the own
    file needs none, every other recipient needs a consent in force.
    Raises ConsentMissing or GlyphMissing; writes one audit entry.
    """
    if kind not in SHEET_KINDS:
        raise ValueError(f"unknown sheet kind {kind!r}")
    recipient = Recipient(recipient)
    got = repo.export_data(
        child_id,
        session_id,
        recipient=recipient,
        other_name=other_name,
        what=f"sheet:{kind}",
    )
    child, session = got.child, got.session
    used = sheet_language(language)
    data = render_sheet(kind, sheets=got.meeting, plan=got.plan, language=used)
    logged = _record_export(
        repo,
        child_id,
        session_id=session_id,
        recipient=recipient.value,
        format="pdf",
        file_kind=kind,
    )
    return ExportResult(
        sheet_filename(child, session, kind, used), data, MIME["pdf"], used, logged
    )
