"""The sharing rule: per answer × per recipient × the family's consent (#19)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.domain.models import (
    AnswerStatus,
    Consent,
    ConsentEventKind,
    ConsentGiver,
    ConsentRecord,
    DayAnswers,
    GridAnswers,
    Level,
    PromptAnswer,
    Recipient,
    Session,
)
from app.domain.sharing import (
    Exercise,
    Share,
    answer_keys,
    for_recipient,
    may_see,
    set_exercise_share,
    set_not_to,
    set_share,
    share_of,
    withheld_count,
)
from app.domain.summary import child_voice, without_private

GIVEN = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
LATER = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)

MATHS = "grid:maths"
SPEAK = "grid:speak_in_class"
PLACES = "day:places.day"
TIMELINE = "day:activities.day"


def _consent(*recipients: Recipient, other: str = "", cid: str = "c1") -> Consent:
    return Consent(
        id=cid,
        given_by=(ConsentGiver.CHILD, ConsentGiver.GUARDIANS),
        recipients=recipients,
        given_at=GIVEN,
        other_recipient=other,
    )


def _session() -> Session:
    grid = (
        GridAnswers()
        .toggle("maths", Level.GOOD_AT)
        .toggle("speak_in_class", Level.DISLIKE)
    )
    day = DayAnswers(
        answers={
            "places.day": PromptAnswer(picks=("library",)),
            "persons.more": PromptAnswer(status=AnswerStatus.DONT_KNOW),
        }
    )
    return Session(id="s1", child_id="c", started=GIVEN, grid=grid, day=day)


SCHOOL_AND_PARENTS = ConsentRecord(
    consents=(_consent(Recipient.SCHOOL, Recipient.PARENTS),)
)


def test_every_answer_goes_to_everyone_the_consent_allows_by_default():
    """With no choice made, each recipient with consent sees every answer."""
    s = _session()
    for key in answer_keys(s):
        assert may_see(s, SCHOOL_AND_PARENTS, Recipient.SCHOOL, key)
        assert may_see(s, SCHOOL_AND_PARENTS, Recipient.PARENTS, key)
        assert share_of(s, key) is Share.EVERYONE


def test_a_recipient_without_consent_sees_no_answer():
    """BUP is not in the consent: it may see nothing, whatever the child chose."""
    s = _session()
    assert not any(
        may_see(s, SCHOOL_AND_PARENTS, Recipient.BUP, k) for k in answer_keys(s)
    )
    assert withheld_count(s, SCHOOL_AND_PARENTS, Recipient.BUP) == len(answer_keys(s))


def test_not_to_parents_hides_one_answer_from_the_parents_only():
    """*Not to Föräldrarna* on one answer: the school still sees it, the parents
    see every other answer."""
    s = set_not_to(_session(), [SPEAK], Recipient.PARENTS, told=False)
    assert may_see(s, SCHOOL_AND_PARENTS, Recipient.SCHOOL, SPEAK)
    assert not may_see(s, SCHOOL_AND_PARENTS, Recipient.PARENTS, SPEAK)
    assert may_see(s, SCHOOL_AND_PARENTS, Recipient.PARENTS, MATHS)
    assert share_of(s, SPEAK) is Share.SOME
    assert withheld_count(s, SCHOOL_AND_PARENTS, Recipient.PARENTS) == 1
    assert withheld_count(s, SCHOOL_AND_PARENTS, Recipient.SCHOOL) == 0


def test_only_me_hides_an_answer_from_everyone_and_the_own_file():
    """*Bara för mig*: no recipient, not even the counsellor's own file, sees it."""
    s = set_share(_session(), [PLACES], Share.ONLY_ME)
    for r in Recipient:
        assert not may_see(s, SCHOOL_AND_PARENTS, r, PLACES)
    assert may_see(s, SCHOOL_AND_PARENTS, Recipient.OWN_FILE, MATHS)


def test_the_own_file_needs_no_consent_and_ignores_not_to():
    """The counsellor's own documentation sees every answer not kept private."""
    s = set_not_to(_session(), [SPEAK], Recipient.SCHOOL, told=False)
    assert may_see(s, ConsentRecord(), Recipient.OWN_FILE, SPEAK)


def test_withdrawal_stops_a_recipient_at_once():
    """Withdrawn consent: the recipient sees nothing from then on."""
    s = _session()
    withdrawn = SCHOOL_AND_PARENTS.withdraw("c1", LATER)
    assert not may_see(s, withdrawn, Recipient.SCHOOL, MATHS)
    assert not withdrawn.covers(Recipient.PARENTS)
    assert withdrawn.withdrawn_for(Recipient.PARENTS)


def test_changing_a_consent_keeps_its_history():
    """Removing the parents from a consent ends it and starts a new one for the
    school; the history shows both, oldest first."""
    changed = SCHOOL_AND_PARENTS.change("c1", LATER, recipients=(Recipient.SCHOOL,))
    assert changed.covers(Recipient.SCHOOL)
    assert not changed.covers(Recipient.PARENTS)
    kinds = [e.kind for e in changed.history()]
    assert kinds == [
        ConsentEventKind.GIVEN,
        ConsentEventKind.WITHDRAWN,
        ConsentEventKind.GIVEN,
    ]
    assert ConsentRecord.from_doc(changed.to_doc()) == changed


def test_a_confirmation_belongs_to_its_session():
    """*Gäller samtycket fortfarande?* confirmed for one session is not another's."""
    record = SCHOOL_AND_PARENTS.confirm("s1", LATER)
    assert record.confirmed_for("s1")
    assert not record.confirmed_for("s2")
    assert record.history()[-1].kind is ConsentEventKind.CONFIRMED


def test_a_named_other_recipient_must_match_and_can_be_left_out():
    """*Annan* needs the name in the consent; leaving out *Annan* hides from it."""
    record = ConsentRecord(consents=(_consent(Recipient.OTHER, other="Fritidsgården"),))
    s = _session()
    assert may_see(s, record, Recipient.OTHER, MATHS, "fritidsgården")
    assert not may_see(s, record, Recipient.OTHER, MATHS, "Idrottsföreningen")
    hidden = set_not_to(s, [MATHS], Recipient.OTHER, told=False)
    assert not may_see(hidden, record, Recipient.OTHER, MATHS, "Fritidsgården")


def test_telling_someone_again_undoes_only_me():
    """Choosing to tell a recipient an answer kept *Bara för mig* shares it again."""
    s = set_share(_session(), [MATHS], Share.ONLY_ME)
    s = set_not_to(s, [MATHS], Recipient.SCHOOL, told=True)
    assert MATHS not in s.private
    assert may_see(s, SCHOOL_AND_PARENTS, Recipient.SCHOOL, MATHS)


def test_a_whole_exercise_is_set_at_once():
    """*Bara för mig* on the grid keeps every grid answer, no day answer."""
    s = set_exercise_share(_session(), Exercise.GRID, Share.ONLY_ME)
    assert s.private == {MATHS, SPEAK}
    back = set_exercise_share(s, Exercise.GRID, Share.EVERYONE)
    assert back.private == frozenset()


def test_the_own_file_cannot_be_left_out():
    """Only *Bara för mig* keeps an answer from the counsellor's own file."""
    with pytest.raises(ValueError, match="own case file"):
        set_not_to(_session(), [MATHS], Recipient.OWN_FILE, told=False)


def test_for_recipient_takes_out_exactly_what_the_recipient_may_not_see():
    """The parents' copy has no trace of the hidden answer; the school's has it."""
    s = set_not_to(_session(), [SPEAK], Recipient.PARENTS, told=False)
    parents = without_private(for_recipient(s, SCHOOL_AND_PARENTS, Recipient.PARENTS))
    school = without_private(for_recipient(s, SCHOOL_AND_PARENTS, Recipient.SCHOOL))
    assert "speak_in_class" not in parents.grid.marks
    assert "speak_in_class" in school.grid.marks
    assert "maths" in parents.grid.marks
    assert "Prata inför klassen" not in " ".join(
        child_voice(for_recipient(s, SCHOOL_AND_PARENTS, Recipient.PARENTS))
    )
    assert school.not_to == {SPEAK: frozenset({Recipient.PARENTS})}


def test_old_per_session_consents_move_to_the_child():
    """Consents that older versions kept per session become the child's, once
    each, withdrawn ones still withdrawn."""
    old = _consent(Recipient.SCHOOL, cid="a")
    gone = replace(_consent(Recipient.BUP, cid="b"), withdrawn_at=LATER)
    sessions = [
        replace(_session(), consents=(old,)),
        replace(_session(), id="s2", consents=(old, gone)),
    ]
    record = ConsentRecord.migrated(sessions)
    assert [c.id for c in record.consents] == ["a", "b"]
    assert record.covers(Recipient.SCHOOL)
    assert not record.covers(Recipient.BUP)


def test_not_to_choices_survive_a_round_trip():
    """The child's choices are stored with the session and read back."""
    s = set_not_to(_session(), [SPEAK, MATHS], Recipient.PARENTS, told=False)
    assert Session.from_doc(s.to_doc()) == s
    assert (
        "not_to"
        not in Session.from_doc(
            {k: v for k, v in s.to_doc().items() if k != "not_to"}
        ).extra
    )
