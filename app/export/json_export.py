"""The versioned JSON export of one session (``docs/export-format.md``).

Export writes the session as ``Session.to_doc`` stores it, minus what must not
leave (answers marked *bara för mig*, notes and the display name unless
chosen), with the session's meeting sheets and the child's plan (format 2), as
canonical JSON (sorted keys, two-space indent, UTF-8), so the same session
always gives the same bytes. ``app.export.json_import`` reads it back.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import Child, ConsentRecord, Recipient, Session
from app.domain.summary import without_private

FORMAT_NAME = "min-rost-export"
FORMAT_VERSION = 4
"""The newest format written and read. Version 2 added ``plan`` and
``meeting``, version 3 whose each answer is (``origin``, ``time_origin``,
``grid.origins``), version 4 the answers to the help questions
(``activities.help`` …, picks among the kinds of help), the child's choice per
answer and recipient (``session.not_to``), the consent kept on the child
(``consent``, instead of ``session.consents``), how many answers the recipient
does not get (``withheld``), when the counsellor chose them the child's
recorded voices (``voices``), feelings (``day.feelings``) and own items chosen
by picture alone (``named_by``, ``own_item``), the meeting's ``agenda`` (and the
take-part choice ``show_view``), the plan's goals, child and family versions
and links to the child's answers, last time's confirmed answers
(``confirmed_last``) and the child's evaluation of the plan
(``session.evaluations``); older files are still read."""

Voice = tuple[str, str, str, bytes]
"""A recorded voice: (language, shown text, MIME type, audio)."""


def export_doc(
    child: Child,
    session: Session,
    *,
    include_name: bool,
    include_notes: bool,
    recipient: Recipient,
    other_name: str,
    created_at: datetime,
    plan: Plan | None = None,
    meeting: MeetingSheets | None = None,
    consent: ConsentRecord | None = None,
    withheld: int = 0,
    voices: Sequence[Voice] | None = None,
) -> dict[str, Any]:
    """The export document of one session (plain JSON-able values).

    ``session`` is already as the recipient may get it
    (``sharing.for_recipient``): what it marks private is left out here.
    ``plan`` is the child's plan as it is now and ``meeting`` the session's
    *Inför möte* / *Efter mötet* sheets; either is ``null`` in the file when
    not given or still empty. ``consent`` is the child's (None: the session's
    own, as files before #19 kept it). ``voices`` (only when the counsellor
    chose them) are the child's recorded voices, the audio in base64.
    """
    if consent is None:
        consent = ConsentRecord.migrated([session])
    shown = replace(without_private(session), consents=())
    if not include_notes:
        shown = replace(shown, notes="")
    child_doc = child.to_doc()
    if not include_name:
        child_doc.pop("display_name")
    doc = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "created_at": created_at.isoformat(timespec="seconds"),
        "recipient": {
            "kind": recipient.value,
            "name": " ".join(other_name.split())
            if recipient is Recipient.OTHER
            else "",
        },
        "includes": {"display_name": include_name, "notes": include_notes},
        "consent": consent.to_doc(),
        "withheld": withheld,
        "child": child_doc,
        "session": shown.to_doc(),
        "plan": _plan_doc(plan, session)
        if plan is not None and plan != Plan()
        else None,
        "meeting": meeting.to_doc()
        if meeting is not None and meeting != MeetingSheets()
        else None,
    }
    if voices is not None:
        doc["includes"]["voices"] = True
        doc["voices"] = [
            {
                "language": language,
                "text": text,
                "mime": mime,
                "audio": base64.b64encode(audio).decode("ascii"),
            }
            for language, text, mime, audio in sorted(voices)
        ]
    return doc


def _plan_doc(plan: Plan, session: Session) -> dict[str, Any]:
    """The plan as stored, without links to answers the child kept *bara för
    mig* in this session or that the recipient may not see (``for_recipient``
    marks those private): which answers are withheld is not told either."""
    doc = plan.to_doc()
    for point in doc["points"]:
        point["answers"] = [k for k in point["answers"] if k not in session.private]
    return doc


def dumps(doc: Mapping[str, Any]) -> bytes:
    """Canonical bytes of a document: sorted keys, indent 2, UTF-8, final newline."""
    text = json.dumps(
        doc, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False
    )
    return (text + "\n").encode("utf-8")
