"""The meeting's agenda and the seven questions."""

from datetime import date, datetime

import pytest

from app.domain import catalog
from app.domain.agenda import BOOKLET_AGENDA, OWN_ITEM, Agenda
from app.domain.meeting import (
    SEVEN_QUESTIONS,
    MeetingSheets,
    Plan,
    seven_answers,
)
from app.domain.models import ValidationError
from app.i18n import Translator


def _role(role: str) -> str:
    return catalog.ALL_ITEMS[role].label


def test_a_new_meeting_gets_the_booklets_example_agenda_in_its_order():
    """Thirteen items, *Barnets röst* third, as in *Exempel på dagordning*."""
    agenda = MeetingSheets().agenda_or_booklet
    titles = [i.msgid for i in agenda.items]
    assert titles[0] == "Presentationsrunda"
    assert titles[2] == "Barnets röst"
    assert titles[-1] == "Slutord"
    assert len(titles) == 13 == len(BOOKLET_AGENDA)


def test_the_frame_and_own_items_are_kept_and_read_back():
    """Who leads, who takes notes, how notes are shared and the time survive
    a round trip; an own item goes before *Slutord*."""
    sheets = MeetingSheets().change_agenda(
        lambda a: a.with_frame(
            leader="  Rektor  Anna ",
            note_taker="Kurator",
            notes_shared="Per post inom en vecka",
            time_frame="13.00–14.30",
        ).add_item("Skolskjuts")
    )
    agenda = sheets.agenda
    assert agenda is not None
    assert agenda.leader == "Rektor Anna"
    assert agenda.items[-2].key == OWN_ITEM
    assert agenda.items[-2].text == "Skolskjuts"
    assert agenda.items[-1].key == "closing"
    assert MeetingSheets.from_doc(sheets.to_doc()) == sheets


def test_the_childs_voice_cannot_be_dropped_from_the_agenda():
    """Other items may go; *Barnets röst* is what the meeting is for."""
    agenda = Agenda.from_booklet().remove_item(0)
    assert agenda.items[0].key == "framing"
    voice = [i.key for i in agenda.items].index("childs_voice")
    with pytest.raises(ValidationError):
        agenda.remove_item(voice)


def test_the_seven_questions_are_answered_for_the_child_and_the_parents():
    """Each of the seven questions gets an answer built from the meeting:
    who comes, where, how notes are shared, the next meeting."""
    sheets = (
        MeetingSheets(when=datetime(2026, 12, 1, 13, 30), where="Skolans bibliotek")
        .add_participant("teacher", "Eva")
        .change_agenda(
            lambda a: a.with_frame(
                leader="",
                note_taker="",
                notes_shared="Vi skickar dem hem med posten",
                time_frame="",
            )
        )
    )
    plan = Plan().set_next_meeting(date(2027, 1, 12), "", "")
    _ = Translator("sv")
    for parents in (False, True):
        answers = seven_answers(_, sheets, plan, for_parents=parents, role_label=_role)
        assert [q for q, _a in answers] == list(SEVEN_QUESTIONS)
        assert "Eva" in answers[1][1]
        assert "Skolans bibliotek" in answers[2][1]
        assert answers[5][1] == "Vi skickar dem hem med posten"
        assert "2027" in answers[6][1]
    child = dict(seven_answers(_, sheets, plan, for_parents=False, role_label=_role))
    parents = dict(seven_answers(_, sheets, plan, for_parents=True, role_label=_role))
    assert "du" in child["Vad förväntas av mig?"].lower().split()
    assert "Barnets röst" in parents["Vilka frågor ska tas upp på mötet?"]


def test_the_seven_answers_are_in_the_familys_language():
    """The parents' answers come from the catalog of the family's language."""
    answers = seven_answers(
        Translator("en"),
        MeetingSheets(),
        Plan(),
        for_parents=True,
        role_label=_role,
    )
    assert answers[0][0] != SEVEN_QUESTIONS[0]
