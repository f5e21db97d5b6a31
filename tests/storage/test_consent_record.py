"""The family's consent is kept on the child and carried to every session (#19)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.domain.models import (
    Child,
    Consent,
    ConsentGiver,
    ConsentRecord,
    Recipient,
    Session,
)

GIVEN = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def _consent(cid: str, *recipients: Recipient) -> Consent:
    return Consent(
        id=cid,
        given_by=(ConsentGiver.GUARDIANS,),
        recipients=recipients,
        given_at=GIVEN,
    )


def test_consents_of_old_sessions_are_read_as_the_childs(make_repo):
    """A store from before #19 (consent per session) still loads: its consents
    are the child's, and hold for a session started afterwards (files,
    encrypted files and PostgreSQL alike)."""
    repo = make_repo()
    child = Child.new("Elev Påhittad")
    repo.add_child(child)
    old = replace(Session.new(child.id), consents=(_consent("a", Recipient.SCHOOL),))
    repo.save_session(old)
    repo.save_session(Session.new(child.id))
    record = repo.load_consent(child.id)
    assert [c.id for c in record.consents] == ["a"]
    assert record.covers(Recipient.SCHOOL)


def test_consent_recorded_before_the_first_session_is_kept(make_repo):
    """Consent can be recorded for a child with no session yet, and survives a
    restart; a withdrawal written later is what a new read sees (every store)."""
    repo = make_repo()
    child = Child.new("Elev Påhittad")
    repo.add_child(child)
    repo.update_consent(child.id, lambda r: r.give(_consent("p", Recipient.PARENTS)))
    assert make_repo().load_consent(child.id).covers(Recipient.PARENTS)
    repo.update_consent(child.id, lambda r: r.withdraw("p", GIVEN))
    again = make_repo().load_consent(child.id)
    assert not again.covers(Recipient.PARENTS)
    assert again == ConsentRecord.from_doc(again.to_doc())
