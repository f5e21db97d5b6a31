"""Rules of the child's answers as plain data."""

from datetime import UTC, datetime

import pytest

from app.domain.models import (
    SCHEMA_VERSION,
    AnswerStatus,
    Child,
    DayAnswers,
    DayEntry,
    GridAnswers,
    Level,
    PromptAnswer,
    Session,
    UnsupportedVersionError,
    ValidationError,
    clean_text,
    make_custom_item,
)


def test_second_tap_on_a_marked_colour_removes_it():
    """Toggling the same level twice leaves the item unmarked."""
    grid = GridAnswers().toggle("maths", Level.FUN)
    assert grid.levels("maths") == (Level.FUN,)
    assert grid.toggle("maths", Level.FUN).levels("maths") == ()
    assert "maths" not in grid.toggle("maths", Level.FUN).marks


def test_a_tile_carries_several_colours_in_booklet_order():
    """Levels are kept in the booklet's order whatever order they were tapped in."""
    grid = GridAnswers().toggle("maths", Level.DISLIKE).toggle("maths", Level.GOOD_AT)
    assert grid.levels("maths") == (Level.GOOD_AT, Level.DISLIKE)


def test_marked_count_counts_items_not_marks():
    """Progress counts items with at least one mark, however many marks they carry."""
    grid = (
        GridAnswers()
        .toggle("maths", Level.FUN)
        .toggle("maths", Level.GOOD_AT)
        .toggle("music", Level.FUN)
    )
    assert grid.marked_count(["maths", "music", "pe"]) == 2


def test_removing_an_own_item_removes_its_marks():
    """An own item leaves no orphan marks behind."""
    item = make_custom_item("Klättra", "playing")
    grid = GridAnswers().add_custom(item).toggle(item.id, Level.FUN)
    grid = grid.remove_custom(item.id)
    assert grid.custom_items == ()
    assert item.id not in grid.marks


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  A. B.  ", "A. B."),
        ("Ali\u0000\u0007 Hassan", "Ali Hassan"),
        ("rad1\nrad2\ttab", "rad1 rad2 tab"),
        ("علي", "علي"),
        ("Zoë 🙂", "Zoë 🙂"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
    ],
)
def test_typed_names_are_tidied_but_keep_every_script(raw, expected):
    """Control characters and stray white space go; RTL text, emoji and ZWJ stay."""
    assert clean_text(raw, max_length=60) == expected


@pytest.mark.parametrize("raw", ["", "   ", "\u0000\u0001", "\u202e"])
def test_a_name_with_nothing_visible_is_refused(raw):
    """Empty (or invisible-only) input is an error, never an empty child name."""
    with pytest.raises(ValidationError) as exc:
        clean_text(raw, max_length=60)
    assert exc.value.msgid == "empty"


def test_a_too_long_name_is_refused_not_cut():
    """10,000 characters are refused with the limit, so the adult sees why."""
    with pytest.raises(ValidationError) as exc:
        Child.new("x" * 10_000)
    assert exc.value.msgid == "too_long"
    assert exc.value.params == {"max": 60}


def test_child_ids_are_random_and_not_derived_from_the_name():
    """Two children with the same initials get different ids holding no name."""
    a, b = Child.new("AB"), Child.new("AB")
    assert a.id != b.id
    assert "AB" not in a.id.upper() or len(a.id) == 16


def _full_session() -> Session:
    own = make_custom_item("Klättra", "playing")
    grid = GridAnswers().toggle("maths", Level.FUN).add_custom(own)
    grid = grid.toggle(own.id, Level.GOOD_AT)
    day = DayAnswers(
        timeline=(DayEntry("e1", "get_up", 7 * 60), DayEntry("e2", "lunch", 690)),
        answers={
            "places.day": PromptAnswer(("home", "school_place"), AnswerStatus.ANSWERED),
            "persons.less": PromptAnswer((), AnswerStatus.NO_ANSWER),
        },
    )
    return Session(
        id="s1",
        child_id="c1",
        started=datetime(2026, 11, 23, 9, 30, tzinfo=UTC),
        grid=grid,
        day=day,
        notes="anteckning",
        position="grid",
    )


def test_session_survives_a_round_trip_through_its_stored_form():
    """to_doc → from_doc gives back an equal session, with schema_version set."""
    session = _full_session()
    doc = session.to_doc()
    assert doc["schema_version"] == SCHEMA_VERSION
    assert Session.from_doc(doc) == session


def test_unknown_parts_from_a_newer_minor_version_are_kept():
    """Fields this version does not know are carried through, not dropped."""
    doc = _full_session().to_doc() | {"plan": {"school": ["x"]}}
    assert Session.from_doc(doc).to_doc()["plan"] == {"school": ["x"]}


def test_a_document_from_a_newer_schema_is_refused():
    """A file written by a newer Min röst is not half-read."""
    doc = _full_session().to_doc() | {"schema_version": SCHEMA_VERSION + 1}
    with pytest.raises(UnsupportedVersionError):
        Session.from_doc(doc)


def test_a_stored_timeline_is_sorted_by_clock_time():
    """Whatever order entries were stored in, the day reads from morning to night."""
    doc = {
        "timeline": [
            {"id": "b", "pictogram": "go_to_bed", "minutes": 21 * 60 + 30},
            {"id": "a", "pictogram": "get_up", "minutes": 7 * 60},
        ]
    }
    assert [e.id for e in DayAnswers.from_doc(doc).timeline] == ["a", "b"]


def test_consent_covers_only_named_recipients_until_withdrawn():
    """A consent for the school allows the school, not BUP, and ends when withdrawn."""
    from dataclasses import replace

    from app.domain.models import (
        Consent,
        ConsentGiver,
        ConsentRecord,
        Recipient,
    )

    consent = Consent(
        id="k1",
        given_by=(ConsentGiver.CHILD, ConsentGiver.GUARDIANS),
        recipients=(Recipient.SCHOOL, Recipient.OTHER),
        given_at=datetime(2026, 11, 23, tzinfo=UTC),
        other_recipient="Fritidsgården Norr",
    )
    record = ConsentRecord(consents=(consent,))
    assert record.covers(Recipient.SCHOOL)
    assert not record.covers(Recipient.BUP)
    assert record.covers(Recipient.OTHER, "fritidsgården norr")
    assert not record.covers(Recipient.OTHER, "Någon annan")
    assert record.covers(Recipient.OWN_FILE)
    later = record.withdraw("k1", datetime(2026, 11, 24, tzinfo=UTC))
    assert not later.covers(Recipient.SCHOOL)
    assert later.covers(Recipient.OWN_FILE)
    assert ConsentRecord.from_doc(later.to_doc()) == later
    session = replace(_full_session(), consents=(consent,))
    assert Session.from_doc(session.to_doc()) == session


def test_private_answers_and_review_survive_a_round_trip():
    """*Bara för mig* keys and the review time are stored with the session."""
    from dataclasses import replace

    session = replace(
        _full_session(),
        private=frozenset({"grid:maths", "day:persons.less"}),
        reviewed_at=datetime(2026, 11, 23, 10, tzinfo=UTC),
    )
    assert Session.from_doc(session.to_doc()) == session
