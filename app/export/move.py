"""Move a whole store between a laptop and a team server, in the versioned JSON.

A move file is one JSON document::

    {"format": "min-rost-move", "format_version": 1, "created_at": "…",
     "children": [{"child": <child>, "plan": <plan or null>,
                   "sessions": [<export document>, …]}, …]}

Each session is carried as exactly the export file of one session
(``json_export.export_doc``, format ``min-rost-export`` 3, with the name and
the notes, recipient "own file") and is checked on the way in by the same
``validate_export`` as a single import: every field against the schema, a
newer version refused. The child and its plan travel once per child, so a
child without sessions moves too. Revisions belong to the records, not to the
answers: the target counts its own from 1.

*Bara för mig* answers never leave a session through an export document. A
store holding any refuses to be moved (nothing is written) unless
``drop_private=True`` says to leave them behind, so nothing is lost silently;
``docs/team-server.md`` says why they must not go to a team server yet.

Moving in refuses a file naming a child that the target has already, before
anything is written; the writes go through the ``Store`` seam inside
``store.atomic()`` (one transaction on the server, ``FolderUndo`` in a data
folder), so a failure half-way leaves the target as it was, and the same code
moves a data folder to PostgreSQL and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import Child, ConsentRecord, Recipient, Session
from app.export.json_export import dumps, export_doc
from app.export.json_import import ImportRejected, parse, validate_export
from app.storage.store import NotFoundError, Store

__all__ = [
    "MOVE_FORMAT",
    "MOVE_VERSION",
    "MoveRefused",
    "MoveReport",
    "move_in",
    "move_out",
    "move_out_bytes",
]

MOVE_FORMAT = "min-rost-move"
MOVE_VERSION = 1


class MoveRefused(ValueError):
    """A move that cannot be made; nothing was written. ``msg_sv`` says why."""

    def __init__(self, msg_sv: str) -> None:
        super().__init__(msg_sv)
        self.msg_sv = msg_sv


@dataclass(frozen=True)
class MoveReport:
    """What a move carried."""

    children: int
    sessions: int
    child_ids: tuple[str, ...] = ()
    """The children moved in, in the file's order."""


def move_out(
    store: Store, *, drop_private: bool = False, created_at: datetime | None = None
) -> dict[str, Any]:
    """The move document of every child in ``store`` (reads only)."""
    when = created_at or datetime.now(UTC)
    entries = []
    private = 0
    for child in store.list_children():
        sessions = store.sessions(child.id)
        sheets = store.meetings(child.id)
        private += sum(1 for s in sessions if s.private)
        plan = store.load_plan(child.id)
        consent = store.load_consent(child.id)
        entries.append(
            {
                "child": child.to_doc(),
                # The child's consent and its history (#19), also for a child
                # without sessions; each session's export carries it as well.
                "consent": consent.to_doc() if consent != ConsentRecord() else None,
                "plan": plan.to_doc() if plan != Plan() else None,
                "sessions": [
                    export_doc(
                        child,
                        session,
                        include_name=True,
                        include_notes=True,
                        recipient=Recipient.OWN_FILE,
                        other_name="",
                        created_at=when,
                        meeting=sheets.get(session.id),
                        consent=consent,
                    )
                    for session in sessions
                ],
            }
        )
    if private and not drop_private:
        raise MoveRefused(
            f"{private} sessioner har svar som barnet valde Bara för mig. De "
            "flyttas inte med, så inget flyttades."
        )
    return {
        "format": MOVE_FORMAT,
        "format_version": MOVE_VERSION,
        "created_at": when.isoformat(timespec="seconds"),
        "children": entries,
    }


def move_out_bytes(store: Store, *, drop_private: bool = False) -> bytes:
    """The move file's bytes (canonical JSON, as the export files)."""
    return dumps(move_out(store, drop_private=drop_private))


def _checked(
    doc: Any,
) -> list[
    tuple[Child, Plan, list[tuple[Session, MeetingSheets | None]], ConsentRecord | None]
]:
    """Every child, plan and session of a move document, checked; writes nothing."""
    if not isinstance(doc, dict) or doc.get("format") != MOVE_FORMAT:
        raise MoveRefused("Filen är ingen flyttfil från Min röst.")
    version = doc.get("format_version")
    if type(version) is not int or not 1 <= version <= MOVE_VERSION:
        raise MoveRefused(
            "Flyttfilen har en version som den här Min röst inte klarar; "
            "uppdatera Min röst och försök igen."
        )
    entries = doc.get("children")
    if not isinstance(entries, list):
        raise MoveRefused("Flyttfilen saknar listan över elever.")
    found = []
    seen: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("sessions"), list):
            raise MoveRefused("En elev i flyttfilen går inte att läsa.")
        try:
            child = Child.from_doc(entry["child"])
            raw_plan = entry.get("plan")
            plan = Plan.from_doc(raw_plan) if raw_plan is not None else Plan()
        except (ValueError, KeyError, TypeError):
            raise MoveRefused("En elev i flyttfilen går inte att läsa.") from None
        if child.id in seen:
            raise MoveRefused("Samma elev står två gånger i flyttfilen.")
        seen.add(child.id)
        sessions = []
        for raw in entry["sessions"]:
            try:
                imported = validate_export(raw)
            except ImportRejected as exc:
                raise MoveRefused(exc.msg_sv) from None
            if imported.child.id != child.id or imported.session.child_id != child.id:
                raise MoveRefused("En session i flyttfilen hör till en annan elev.")
            sessions.append((imported.session, imported.meeting))
        if consent_doc := entry.get("consent"):
            try:
                consent = ConsentRecord.from_doc(consent_doc)
            except (ValueError, KeyError, TypeError):
                raise MoveRefused("En elev i flyttfilen går inte att läsa.") from None
        else:
            consent = None
        found.append((child, plan, sessions, consent))
    return found


def move_in(store: Store, source: bytes | dict[str, Any]) -> MoveReport:
    """Store every child of a move file in ``store``.

    Everything is checked first, and a child that ``store`` holds already is
    refused before anything is written (``MoveRefused``).
    """
    doc = source if isinstance(source, dict) else parse(source)
    found = _checked(doc)
    for child, _plan, _sessions, _consent in found:
        try:
            store.get_child(child.id)
        except NotFoundError:
            continue
        raise MoveRefused(
            "En elev i flyttfilen finns redan här, så inget flyttades och inget "
            "har ändrats."
        )
    sessions = 0
    with store.atomic():
        for child, plan, carried, consent in found:
            store.add_child(child)
            for session, meeting in carried:
                store.save_session(session)
                if meeting is not None:
                    store.update_meeting(child.id, session.id, lambda _o, m=meeting: m)
                sessions += 1
            if plan != Plan():
                store.save_plan(child.id, plan)
            if consent is not None:
                store.save_consent(child.id, consent)
    return MoveReport(
        children=len(found),
        sessions=sessions,
        child_ids=tuple(child.id for child, _p, _s, _c in found),
    )
