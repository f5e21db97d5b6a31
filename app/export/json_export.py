"""The versioned JSON export of one session (``docs/export-format.md``).

Export writes the session as ``Session.to_doc`` stores it, minus what must not
leave (answers marked *bara för mig*, notes and the display name unless
chosen), with the session's meeting sheets and the child's plan (format 2), as
canonical JSON (sorted keys, two-space indent, UTF-8), so the same session
always gives the same bytes. ``app.export.json_import`` reads it back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import Child, Recipient, Session
from app.domain.summary import without_private

FORMAT_NAME = "min-rost-export"
FORMAT_VERSION = 4
"""Version 2 added ``plan`` and ``meeting``, version 3 whose each answer is
(``origin``, ``time_origin``, ``grid.origins``), version 4 the meeting's
``agenda``, the plan's goals and links to the child's answers, and the child's
evaluation of the plan; older files are still read."""


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
) -> dict[str, Any]:
    """The export document of one session (plain JSON-able values).

    ``plan`` is the child's plan as it is now and ``meeting`` the session's
    *Inför möte* / *Efter mötet* sheets; either is ``null`` in the file when
    not given or still empty.
    """
    shown = without_private(session)
    if not include_notes:
        shown = replace(shown, notes="")
    child_doc = child.to_doc()
    if not include_name:
        child_doc.pop("display_name")
    return {
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
        "child": child_doc,
        "session": shown.to_doc(),
        "plan": _plan_doc(plan, session)
        if plan is not None and plan != Plan()
        else None,
        "meeting": meeting.to_doc()
        if meeting is not None and meeting != MeetingSheets()
        else None,
    }


def _plan_doc(plan: Plan, session: Session) -> dict[str, Any]:
    """The plan as stored, without links to answers the child kept *bara för
    mig* in this session (which answers are private is private too)."""
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
