"""The plan and the meeting sheets, stored in the child's own file.

The plan spans meetings, so it lives beside the child's sessions (table
``plan``); each session's *Inför möte* / *Efter mötet* sheets live in table
``meetings`` keyed by session id. Reads and writes go through the repository's
file access, so they get the same locking, crash safety and encryption.
"""

from __future__ import annotations

from collections.abc import Callable

from tinydb import Query

from app.domain.meeting import MeetingSheets, Plan
from app.storage.repository import Repository


def load_plan(repo: Repository, child_id: str) -> Plan:
    """The child's plan (an empty one before the first meeting)."""
    with repo._db(repo._existing(child_id)) as db:
        docs = db.table("plan").all()
    return Plan.from_doc(docs[0]) if docs else Plan()


def save_plan(repo: Repository, child_id: str, plan: Plan) -> None:
    """Write the child's plan durably."""
    with repo._db(repo._existing(child_id)) as db:
        table = db.table("plan")
        table.truncate()
        table.insert(plan.to_doc())


def update_plan(
    repo: Repository, child_id: str, change: Callable[[Plan], Plan]
) -> Plan:
    """Read, change and save the plan under the child's lock; return it."""
    from app.storage.safe_storage import lock_for

    with lock_for(repo.child_path(child_id)):
        plan = change(load_plan(repo, child_id))
        save_plan(repo, child_id, plan)
        return plan


def load_meeting(repo: Repository, child_id: str, session_id: str) -> MeetingSheets:
    """The meeting sheets of a session (empty until the counsellor fills them)."""
    with repo._db(repo._existing(child_id)) as db:
        doc = db.table("meetings").get(Query().session_id == session_id)
    return MeetingSheets.from_doc(doc["sheets"]) if doc else MeetingSheets()


def update_meeting(
    repo: Repository,
    child_id: str,
    session_id: str,
    change: Callable[[MeetingSheets], MeetingSheets],
) -> MeetingSheets:
    """Read, change and save a session's meeting sheets; return them."""
    from app.storage.safe_storage import lock_for

    with lock_for(repo.child_path(child_id)):
        sheets = change(load_meeting(repo, child_id, session_id))
        with repo._db(repo._existing(child_id)) as db:
            db.table("meetings").upsert(
                {"session_id": session_id, "sheets": sheets.to_doc()},
                Query().session_id == session_id,
            )
        return sheets


def has_last_time(repo: Repository, child_id: str) -> bool:
    """Whether a new session should start with *Det här bestämde vi sist*."""
    return bool(load_plan(repo, child_id).points) or len(repo.sessions(child_id)) > 1
