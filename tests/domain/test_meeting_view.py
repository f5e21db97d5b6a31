"""The meeting view shows only what the child allowed for the room."""

from dataclasses import replace

from app.domain.day import add_entry, toggle_pick
from app.domain.meeting import MeetingSheets, Participation
from app.domain.meeting_view import meeting_voice
from app.domain.models import Level, Recipient, Session


def _session() -> Session:
    session = Session.new("c1")
    grid = (
        session.grid.toggle("maths", Level.FUN)
        .toggle("school_lunch", Level.DISLIKE)
        .toggle("music", Level.GOOD_AT)
    )
    day, _e = add_entry(session.day, "breakfast", minutes=430)
    day = toggle_pick(day, "persons.more", "grandparent")
    day = toggle_pick(day, "persons.less", "teacher")
    return replace(
        session,
        grid=grid,
        day=day,
        starred=("grid:school_lunch", "grid:music"),
        private=frozenset({"grid:music", "day:persons.less"}),
    )


def test_the_meeting_view_never_shows_a_bara_for_mig_answer():
    """A private grid item, its star and a private day answer stay off the
    view; the rest is there as pictures, the child's words first."""
    sheets = MeetingSheets(
        child_wants_known="Jag vill  ha lugn på rasten.",
        participation=Participation.ANSWERS_READ,
    )
    voice = meeting_voice(_session(), sheets)
    assert voice.words == "Jag vill ha lugn på rasten."
    assert [(p.label, p.levels) for p in voice.starred] == [
        ("Skolmaten", (Level.DISLIKE,))
    ]
    shown_grid = {p.label for _level, pictures in voice.grid for p in pictures}
    assert shown_grid == {"Matte", "Skolmaten"}
    assert [p.minutes for p in voice.timeline] == [430]
    assert [q for q, _p in voice.day] == ["Finns det någon du vill träffa oftare?"]
    assert "Lärare" not in {p.label for _q, pics in voice.day for p in pics}


def test_the_meeting_view_leaves_out_answers_someone_in_the_room_may_not_see():
    """An answer the child chose not to tell some recipient (``not_to``), and its
    star, stay off the view: everyone in the room sees it, so only answers
    everyone may see are shown."""
    session = replace(
        _session(),
        private=frozenset(),
        not_to={
            "grid:school_lunch": frozenset({Recipient.PARENTS}),
            "day:persons.more": frozenset({Recipient.SCHOOL}),
        },
    )
    voice = meeting_voice(session, MeetingSheets())
    shown_grid = {p.label for _level, pictures in voice.grid for p in pictures}
    assert shown_grid == {"Matte", "Musik"}
    assert [p.label for p in voice.starred] == ["Musik"]
    assert [q for q, _p in voice.day] == ["Finns det någon du vill träffa mindre ofta?"]
