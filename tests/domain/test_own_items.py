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
