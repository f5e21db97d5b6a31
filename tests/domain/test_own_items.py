"""Own items chosen by picture alone: marked at once, named by their picture."""

from dataclasses import replace

from app.domain import day as d
from app.domain import summary
from app.domain.models import (
    DayAnswers,
    GridAnswers,
    Level,
    Origin,
    Session,
    make_custom_item,
)


def test_a_grid_own_item_comes_marked_with_the_pen_in_hand():
    """Added with a pen: the new item carries that colour at once, as the
    child's mark; added without one, it is unmarked."""
    item = make_custom_item("", "pet")
    grid = GridAnswers().add_custom(item, Level.FUN)
    assert grid.levels(item.id) == (Level.FUN,)
    assert grid.origin(item.id) is Origin.CHILD
    assert GridAnswers().add_custom(item).levels(item.id) == ()


def test_an_own_item_may_be_made_of_a_picture_alone():
    """Blank typing keeps no word; the item is its picture."""
    item = make_custom_item("  ", "drawing")
    assert (item.label, item.typed) == ("", False)


def test_the_case_file_names_a_wordless_own_item_by_its_picture():
    """No word typed: the paragraph and the tables use the picture's label."""
    pet, drawing = make_custom_item("", "pet"), make_custom_item("", "drawing")
    grid = GridAnswers().add_custom(pet, Level.FUN).add_custom(drawing, Level.GOOD_AT)
    text = " ".join(summary.grid_sentences(grid))
    assert "det som bilden ”Husdjur” visar" in text
    assert "är bra på att rita och måla" in text
    rows = {r[0]: r[1] for r in summary.grid_rows(grid)}
    assert (rows[pet.id], rows[drawing.id]) == ("Husdjur", "Rita/måla")


def test_a_wordless_own_place_reads_as_its_picture_in_the_day():
    """An own place chosen by the bus picture reads "på bussen"."""
    day, _own = d.add_own_item(DayAnswers(), "places.day", "", "bus")
    voice = summary.child_voice(replace(Session.new("c"), day=day))
    assert "På dagarna är eleven på bussen." in voice


def test_a_wordless_own_activity_is_in_the_timeline_sentence():
    """The timeline says what the chosen picture shows, with its time."""
    day, own = d.add_own_item(DayAnswers(), "activities.day", "", "pet")
    (entry,) = day.timeline
    day = d.retime_entry(day, entry.id, d.hm(16))
    assert summary.timeline_sentence(day) == (
        "En vanlig dag gör eleven det som bilden ”Husdjur” visar kl. 16:00."
    )
    assert own in {
        c.id
        for c in summary.without_private(
            replace(Session.new("c"), day=day)
        ).day.custom_items
    }


def test_the_counsellor_adds_the_word_later_and_it_stays_theirs():
    """A word added in the workspace names the item; the case file shows it
    as the counsellor's word, never as the child's typing."""
    from app.domain.models import name_own_item

    item = make_custom_item("", "pet")
    session = replace(Session.new("c"), grid=GridAnswers().add_custom(item, Level.FUN))
    named = name_own_item(session, item.id, "  Rida ")
    (own,) = named.grid.custom_items
    assert (own.label, own.named_by) == ("Rida", Origin.COUNSELLOR)
    assert Session.from_doc(named.to_doc()) == named
    text = " ".join(summary.grid_sentences(named.grid))
    assert "”Rida” (samtalsledarens ord)" in text


def test_only_a_wordless_own_item_can_be_named_later():
    """The child's own typed word is never overwritten; a blank word is refused."""
    import pytest

    from app.domain.models import ValidationError, name_own_item

    typed = make_custom_item("Klättra", "play_outside")
    wordless = make_custom_item("", "pet")
    session = replace(
        Session.new("c"),
        grid=GridAnswers().add_custom(typed).add_custom(wordless),
    )
    with pytest.raises(KeyError):
        name_own_item(session, typed.id, "Annat")
    with pytest.raises(ValidationError):
        name_own_item(session, wordless.id, "   ")
