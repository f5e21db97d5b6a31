"""*Viktigast för mig*: up to three starred answers open the case file."""

from dataclasses import replace

from app.domain import day as d
from app.domain.models import Level, Session, day_answer_key, grid_answer_key
from app.domain.summary import child_voice_parts, voice_sections


def filled() -> Session:
    """A session with grid marks and day answers (invented)."""
    session = Session.new("c0ffee")
    grid = session.grid.toggle("maths", Level.FUN).toggle("music", Level.DISLIKE)
    day = d.toggle_pick(session.day, "places.want", "friends_home")
    day = d.toggle_pick(day, "persons.more", "friend")
    return replace(session, grid=grid, day=day)


def test_at_most_three_answers_can_be_starred():
    """A fourth star is not given; taking one away makes room again."""
    keys = [grid_answer_key("maths"), grid_answer_key("music")]
    keys += [day_answer_key("places.want"), day_answer_key("persons.more")]
    session = filled()
    for key in keys:
        session = session.toggle_star(key)
    assert session.starred == tuple(keys[:3])
    session = session.toggle_star(keys[0]).toggle_star(keys[3])
    assert session.starred == (keys[1], keys[2], keys[3])
    assert Session.from_doc(session.to_doc()).starred == session.starred


def test_the_paragraph_opens_with_the_starred_answers_in_the_childs_order():
    """The first paragraph is the starred answers, the latest star last; the
    details follow."""
    session = filled().toggle_star(day_answer_key("persons.more"))
    session = session.toggle_star(grid_answer_key("music"))
    first, *rest = child_voice_parts(session)
    assert first.startswith("Viktigast för eleven: ")
    assert first.index("kompisar") < first.index("Musik: gillar inte alls.")
    assert "matte" in rest[0].lower()
    assert voice_sections(session)[0].title == "Viktigast för eleven"


def test_a_private_answer_is_not_shown_even_when_starred():
    """*Bara för mig* wins over a star: the answer does not reach the file."""
    key = day_answer_key("places.want")
    session = replace(filled().toggle_star(key), private=frozenset({key}))
    assert not child_voice_parts(session)[0].startswith("Viktigast")


def test_the_starred_answers_stay_within_120_words():
    """A starred answer too long for 120 words is left to the details below;
    the others still open the paragraph."""
    session = Session.new("c0ffee")
    day = session.day
    for item in ("get_up", "breakfast", "lessons", "school_break", "lunch"):
        for n in range(6):
            day, _ = d.add_entry(day, item, d.hm(6 + n, 0))
    places = ("home", "park", "shop", "library", "outdoors", "friends_home")
    for place in places:
        day = d.toggle_pick(day, "places.day", place)
    session = replace(session, day=day)
    for key in ("day:activities.day", "day:places.day"):
        session = session.toggle_star(key)
    first, *rest = child_voice_parts(session)
    assert first.startswith("Viktigast för eleven: På dagarna är eleven hemma")
    assert len(first.split()) <= 120 + 3  # the title's three words
    assert "En vanlig dag" not in first
    assert "En vanlig dag" in rest[0]
