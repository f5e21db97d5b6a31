"""Feelings and own items chosen by picture alone, through every export."""

from __future__ import annotations

import json

from app.domain import day as d
from app.domain.models import (
    DayAnswers,
    Feeling,
    Felt,
    GridAnswers,
    Level,
    make_custom_item,
    name_own_item,
)
from app.export.json_io import import_file
from app.export.service import ExportRequest, export_session
from app.storage.repository import Repository
from tests.export.conftest import NOW, with_session
from tests.export.test_pdf import pdf_text, squash


def felt_day() -> DayAnswers:
    """Worried on the bus to school, calm with grandma, a wordless own place."""
    day, _entry = d.add_entry(DayAnswers(), "bus_to_school", d.hm(8))
    day = d.toggle_pick(day, "persons.day", "grandparent")
    day, _own = d.add_own_item(day, "places.day", "", "library")
    day = d.set_feeling(day, "bus_to_school", Feeling.WORRIED)
    return d.set_feeling(day, "grandparent", Feeling.CALM)


def test_feelings_and_wordless_items_survive_export_and_import(filled, tmp_path):
    """Format 4 carries both (and whose a word added later is); a fresh data
    folder reads back the same answers."""
    repo, child, session = filled
    grid = GridAnswers().add_custom(make_custom_item("", "pet"), Level.FUN)
    grid = grid.add_custom(make_custom_item("", "drawing"))
    session = with_session(
        repo, session, day=felt_day(), grid=grid, private=frozenset()
    )
    # The counsellor named one later: format 4 keeps whose the word is.
    session = name_own_item(session, grid.custom_items[1].id, "Måla")
    repo.save_session(session)
    data = export_session(
        repo, child.id, session.id, ExportRequest(fmt="json", now=NOW)
    ).data
    doc = json.loads(data)
    assert doc["format_version"] == 4
    assert doc["session"]["day"]["feelings"]["grandparent"] == {
        "feeling": "calm",
        "origin": "child",
    }
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, data)
    (again,) = fresh.sessions(child.id)
    assert again.day == session.day
    assert again.grid == session.grid
    assert again.day.feelings["bus_to_school"] == Felt(Feeling.WORRIED)


def test_the_text_export_says_the_feelings_and_the_pictures_labels(filled):
    """The case file text names the feelings plainly and a wordless own item
    by its picture's label."""
    repo, child, session = filled
    grid = GridAnswers().add_custom(make_custom_item("", "drawing"), Level.GOOD_AT)
    session = with_session(
        repo, session, day=felt_day(), grid=grid, private=frozenset()
    )
    text = export_session(
        repo, child.id, session.id, ExportRequest(fmt="text", now=NOW)
    ).data.decode()
    assert (
        "Eleven känner sig orolig när det är dags att åka buss och lugn med "
        "mor- eller farföräldrar." in text
    )
    assert "på biblioteket" in text
    assert "är bra på att rita och måla" in text


def test_the_pdf_says_the_feelings_and_the_pictures_labels(filled):
    """The PDF case file carries the feeling sentence and, in the grid table,
    a wordless own item under its picture's label."""
    repo, child, session = filled
    grid = GridAnswers().add_custom(make_custom_item("", "pet"), Level.FUN)
    session = with_session(
        repo, session, day=felt_day(), grid=grid, private=frozenset()
    )
    text = pdf_text(
        export_session(
            repo, child.id, session.id, ExportRequest(fmt="pdf", now=NOW)
        ).data
    )
    assert squash("orolig när det är dags att åka buss och lugn med") in text
    assert squash("Husdjur") in text
