"""Write the bad-import corpus: valid exports broken in one way each.

    .venv/bin/python -m tests.export.bad_imports.generate

Each case names the file, how it breaks a valid export, and a piece of the
Swedish message the import must answer with. The files are kept in the repo
(``tests/export/bad_imports/*.json``) and a test checks they still match.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain.models import Recipient
from app.export.demo import demo_children, demo_meeting
from app.export.json_export import FORMAT_VERSION, dumps, export_doc

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def valid_doc() -> dict[str, Any]:
    """A valid export of an invented session with its meeting sheets and the
    child's plan, the same every time."""
    child, sessions = demo_children(1, seed=4242, now=NOW)[0]
    plan, meeting = demo_meeting(0, sessions[-1])
    return export_doc(
        child,
        sessions[-1],
        include_name=False,
        include_notes=True,
        recipient=Recipient.OWN_FILE,
        other_name="",
        created_at=NOW,
        plan=plan,
        meeting=meeting,
    )


VOICE = {"language": "so", "text": "Xisaab", "mime": "audio/wav", "audio": "UklGRg=="}
"""A recorded voice as format 4 writes it (invented, four bytes of audio)."""


def _voices(*voices: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """Make the file format 4 with these voices."""

    def change(doc: dict[str, Any]) -> None:
        doc["format_version"] = 4
        doc["includes"]["voices"] = True
        doc["voices"] = list(voices)

    return change


def _doc(change: Callable[[dict[str, Any]], None]) -> bytes:
    doc = valid_doc()
    change(doc)
    return dumps(doc)


def _text(change: Callable[[str], str]) -> bytes:
    return change(dumps(valid_doc()).decode()).encode()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _deep(doc: dict[str, Any]) -> None:
    nested: Any = "x"
    for _ in range(30):
        nested = [nested]
    doc["session"]["future_part"] = nested


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node: Any = doc
        for part in parents:
            node = node[part]
        del node[last]

    return change


def _first_pick(doc: dict[str, Any]) -> str:
    return next(k for k, v in doc["session"]["day"]["answers"].items() if v["picks"])


def _unknown_pick(doc: dict[str, Any]) -> None:
    doc["session"]["day"]["answers"][_first_pick(doc)]["picks"].append("unicorn")


def _picks_and_decline(doc: dict[str, Any]) -> None:
    doc["session"]["day"]["answers"][_first_pick(doc)]["status"] = "dont_know"


def _unknown_mark(doc: dict[str, Any]) -> None:
    doc["session"]["grid"]["marks"]["unicorn"] = ["fun"]


def _bad_level(doc: dict[str, Any]) -> None:
    doc["session"]["grid"]["marks"]["maths"] = ["awesome"]


def _empty_marks(doc: dict[str, Any]) -> None:
    doc["session"]["grid"]["marks"]["maths"] = []


def _unknown_prompt(doc: dict[str, Any]) -> None:
    doc["session"]["day"]["answers"]["secrets.all"] = {"picks": [], "status": None}


def _fifth_open_point(doc: dict[str, Any]) -> None:
    points = doc["plan"]["points"]
    school = [p for p in points if p["owner"] == "school"]
    for n in range(5 - len(school) + 1):
        points.append({**school[0], "id": f"extra{n}", "history": []})


def _as_format_1(doc: dict[str, Any]) -> None:
    doc["format_version"] = 1


def _duplicate_key(text: str) -> str:
    return text.replace('"format": ', '"format": "min-rost-export",\n  "format": ', 1)


def _session_key(raw: str, name: str = "future") -> Callable[[str], str]:
    def change(text: str) -> str:
        return text.replace('"session": {', f'"session": {{\n    "{name}": {raw},', 1)

    return change


def _escaped_quotes(_doc: bytes) -> bytes:
    # The old depth check backtracked on these for seconds (hours at 2 MB).
    return b'{"format": "' + b'\\"' * 16_000


MINUTES = "session/day/timeline/0/minutes"
ENTRY = "session/day/timeline/0/"


def _grid_origin_unmarked(doc: dict[str, Any]) -> None:
    doc["session"]["grid"]["origins"]["secret_item"] = "counsellor"


def _origin_in_format_2(doc: dict[str, Any]) -> None:
    doc["format_version"] = 2
    doc["session"].pop("starred")
    doc["session"]["grid"].pop("origins")
    for entry in doc["session"]["day"]["timeline"]:
        entry.pop("origin")
    for answer in doc["session"]["day"]["answers"].values():
        answer.pop("origin")


def _as_format_3(doc: dict[str, Any]) -> None:
    """A valid format 3 file: without anything format 4 added (the help
    answers, the consent on the child — back into the session —, ``withheld``,
    ``not_to``, voices, feelings and own items without a word, the agenda, the
    plan's goals, versions and links, the child's evaluations), so each case
    below fails for its own reason only."""
    doc["format_version"] = 3
    doc["session"]["consents"] = doc.pop("consent")["consents"]
    del doc["withheld"]
    del doc["session"]["not_to"]
    doc.pop("voices", None)
    doc["includes"].pop("voices", None)
    day = doc["session"]["day"]
    for prompt_id in [p for p in day["answers"] if p.endswith(".help")]:
        del day["answers"][prompt_id]
    day.pop("feelings", None)
    for entry in day["timeline"]:
        entry.pop("own_item", None)
    for part in (doc["session"]["grid"], day):
        for item in part["custom_items"]:
            item.pop("named_by", None)
    del doc["session"]["evaluations"]
    doc["meeting"].pop("agenda")
    for key in ("goal", "sub_goals", "coordinator"):
        doc["plan"].pop(key)
    for point in doc["plan"]["points"]:
        for key in (
            "answers",
            "child_text",
            "family_text",
            "family_language",
            "family_checked",
        ):
            point.pop(key)


def _agenda_in_format_3(doc: dict[str, Any]) -> None:
    _as_format_3(doc)
    doc["meeting"]["agenda"] = valid_doc()["meeting"]["agenda"]


def _evaluations_in_format_3(doc: dict[str, Any]) -> None:
    _as_format_3(doc)
    doc["session"]["evaluations"] = {doc["plan"]["points"][0]["id"]: "better"}


def _confirmed_last_in_format_3(doc: dict[str, Any]) -> None:
    _as_format_3(doc)
    item = next(iter(doc["session"]["grid"]["marks"]))
    doc["session"]["grid"]["origins"][item] = "confirmed_last"


def _grid_origin_last_time(doc: dict[str, Any]) -> None:
    item = next(iter(doc["session"]["grid"]["marks"]))
    doc["session"]["grid"]["origins"][item] = "last_time"


def _answer_origin_last_time(doc: dict[str, Any]) -> None:
    doc["session"]["day"]["answers"][_first_pick(doc)]["origin"] = "last_time"


def _show_view_in_format_3(doc: dict[str, Any]) -> None:
    _as_format_3(doc)
    doc["meeting"]["participation"] = "show_view"


def _goal_in_format_3(doc: dict[str, Any]) -> None:
    _as_format_3(doc)
    doc["plan"]["goal"] = "Må bättre"


def _child_text_in_format_3(doc: dict[str, Any]) -> None:
    _as_format_3(doc)
    doc["plan"]["points"][0]["child_text"] = "Du börjar kl. 9."


def _family_text_without_language(doc: dict[str, Any]) -> None:
    doc["plan"]["points"][0]["family_text"] = "تبدأ الساعة 9."


def _voices_in_format_3(doc: dict[str, Any]) -> None:
    """A format 3 file as it was but for recorded voices."""
    _as_format_3(doc)
    doc["voices"] = [VOICE]


def _help_in_format_3(doc: dict[str, Any]) -> None:
    """A format 3 file as it was but for the help answers."""
    answers = doc["session"]["day"]["answers"]
    helps = {p: a for p, a in answers.items() if p.endswith(".help")}
    assert "activities.help" in helps
    _as_format_3(doc)
    doc["session"]["day"]["answers"].update(helps)


def _not_to_in_format_3(doc: dict[str, Any]) -> None:
    """A format 3 file as it was but for ``not_to``, as a damaged or tampered
    file would have it."""
    not_to = doc["session"]["not_to"]
    _as_format_3(doc)
    doc["session"]["not_to"] = not_to


def _wish_as_help(doc: dict[str, Any]) -> None:
    doc["session"]["day"]["answers"]["places.help"] = {
        "picks": ["park"],
        "status": "answered",
        "origin": "child",
    }


def _help_as_wish(doc: dict[str, Any]) -> None:
    doc["session"]["day"]["answers"]["places.more"] = {
        "picks": ["help_quiet"],
        "status": "answered",
        "origin": "child",
    }


def _first_entry_item(doc: dict[str, Any]) -> str:
    return doc["session"]["day"]["timeline"][0]["pictogram"]


def _feeling(value: str, item: str | None = None) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        key = item or _first_entry_item(doc)
        feeling = {"feeling": value, "origin": "child"}
        doc["session"]["day"]["feelings"] = {key: feeling}

    return change


def _feelings_in_format_3(doc: dict[str, Any]) -> None:
    _as_format_3(doc)
    _feeling("calm")(doc)


def _wordless_own_item_in_format_3(doc: dict[str, Any]) -> None:
    _as_format_3(doc)
    doc["session"]["grid"]["custom_items"][0]["label"] = ""


def _wordless_feeling_face(doc: dict[str, Any]) -> None:
    # A face of the set is a picture with no name of its own in the booklet.
    doc["session"]["grid"]["custom_items"][0].update(label="", pictogram="happy")


OWN = "session/grid/custom_items/0/"
AGENDA = "meeting/agenda/"
POINT = "plan/points/0/"


def _first_not_to(doc: dict[str, Any]) -> str:
    return next(iter(doc["session"]["not_to"]))


def _not_to(
    value: Callable[[dict[str, Any]], Any],
) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["session"]["not_to"] = value(doc)

    return change


CASES: tuple[tuple[str, Callable[[], bytes], str], ...] = (
    (
        "agenda_in_format_3.json",
        lambda: _doc(_agenda_in_format_3),
        "”meeting.agenda” är okänt",
    ),
    (
        "plan_goal_in_format_3.json",
        lambda: _doc(_goal_in_format_3),
        "”plan.goal” är okänt",
    ),
    (
        "plan_child_text_in_format_3.json",
        lambda: _doc(_child_text_in_format_3),
        "har delar som kom i format 4",
    ),
    (
        "evaluations_in_format_3.json",
        lambda: _doc(_evaluations_in_format_3),
        "”session.evaluations” är okänt",
    ),
    (
        "confirmed_last_in_format_3.json",
        lambda: _doc(_confirmed_last_in_format_3),
        "”session.grid.origins.",
    ),
    (
        "show_view_in_format_3.json",
        lambda: _doc(_show_view_in_format_3),
        "”meeting.participation” har ett okänt värde",
    ),
    (
        "grid_origin_last_time.json",
        lambda: _doc(_grid_origin_last_time),
        "kan inte vara ett förslag",
    ),
    (
        "answer_origin_last_time.json",
        lambda: _doc(_answer_origin_last_time),
        "kan inte vara ett förslag",
    ),
    (
        "plan_family_text_without_language.json",
        lambda: _doc(_family_text_without_language),
        "ska ha både text och språk",
    ),
    (
        "plan_answer_not_a_key.json",
        lambda: _doc(_set(POINT + "answers", ["rasterna"])),
        "inte en svarsnyckel",
    ),
    (
        "plan_checked_without_translation.json",
        lambda: _doc(_set(POINT + "family_checked", True)),
        "är kontrollerad men saknas",
    ),
    (
        "plan_eleven_sub_goals.json",
        lambda: _doc(_set("plan/sub_goals", [f"Delmål {n}" for n in range(11)])),
        "har fler än 10 delar",
    ),
    (
        "agenda_unknown_item.json",
        lambda: _doc(_set(AGENDA + "items/0/key", "dance_off")),
        "okänt värde",
    ),
    (
        "agenda_own_item_without_text.json",
        lambda: _doc(_set(AGENDA + "items/0", {"key": "own", "text": ""})),
        "ska ha text bara för en egen punkt",
    ),
    (
        "agenda_booklet_item_with_text.json",
        lambda: _doc(_set(AGENDA + "items/0/text", "Något annat")),
        "ska ha text bara för en egen punkt",
    ),
    (
        "agenda_leader_control_char.json",
        lambda: _doc(_set(AGENDA + "leader", "Anna\u0007")),
        "otillåtna tecken",
    ),
    ("empty.json", lambda: b"", "inte giltig JSON"),
    ("truncated.json", lambda: dumps(valid_doc())[:300], "inte giltig JSON"),
    ("not_utf8.json", lambda: '{"format": "min-röst"}'.encode("latin-1"), "UTF-8"),
    ("top_level_list.json", lambda: b"[]\n", "ska vara ett objekt"),
    (
        "nan.json",
        lambda: _text(lambda t: t.replace('"minutes": 420', '"minutes": NaN', 1)),
        "NaN",
    ),
    (
        "infinity.json",
        lambda: _text(
            lambda t: t.replace('"format_version": 4', '"format_version": Infinity')
        ),
        "Infinity",
    ),
    ("duplicate_key.json", lambda: _text(_duplicate_key), "två gånger"),
    ("too_deep.json", lambda: _doc(_deep), "nästlat djupare"),
    (
        "wrong_format.json",
        lambda: _doc(_set("format", "some-other-app")),
        "ingen export från Min röst",
    ),
    (
        "newer_format.json",
        lambda: _doc(_set("format_version", FORMAT_VERSION + 1)),
        "nyare version",
    ),
    (
        "voices_in_format_3.json",
        lambda: _doc(_voices_in_format_3),
        "”voices” är okänt (finns först i format 4)",
    ),
    (
        "voice_not_base64.json",
        lambda: _doc(_voices({**VOICE, "audio": "inte base64!"})),
        "”voices[0].audio” är inte base64",
    ),
    (
        "voice_unknown_language.json",
        lambda: _doc(_voices({**VOICE, "language": "de"})),
        "”voices[0].language” har ett okänt värde",
    ),
    (
        "voice_twice.json",
        lambda: _doc(_voices(VOICE, VOICE)),
        "”voices[1]” finns två gånger",
    ),
    (
        "newer_schema.json",
        lambda: _doc(_set("session/schema_version", 99)),
        "nyare version",
    ),
    ("missing_session.json", lambda: _doc(_drop("session")), "”session” saknas"),
    (
        "unknown_top_field.json",
        lambda: _doc(_set("payload", "x")),
        "”payload” är okänt",
    ),
    ("unknown_pictogram_mark.json", lambda: _doc(_unknown_mark), "inte en känd bild"),
    ("unknown_pictogram_pick.json", lambda: _doc(_unknown_pick), "inte en känd bild"),
    (
        "unknown_custom_pictogram.json",
        lambda: _doc(_set(OWN + "pictogram", "dragon")),
        "inte en känd bild",
    ),
    (
        "unknown_timeline_pictogram.json",
        lambda: _doc(_set("session/day/timeline/0/pictogram", "dragon")),
        "inte en känd bild",
    ),
    ("unknown_prompt.json", lambda: _doc(_unknown_prompt), "ingen fråga"),
    ("bad_level.json", lambda: _doc(_bad_level), "okänt värde"),
    ("empty_marks.json", lambda: _doc(_empty_marks), "är tomt"),
    ("time_negative.json", lambda: _doc(_set(MINUTES, -5)), "klockslag"),
    ("time_after_midnight.json", lambda: _doc(_set(MINUTES, 1440)), "klockslag"),
    ("time_as_text.json", lambda: _doc(_set(MINUTES, "07:00")), "heltal"),
    ("time_as_fraction.json", lambda: _doc(_set(MINUTES, 420.5)), "heltal"),
    ("time_as_boolean.json", lambda: _doc(_set(MINUTES, True)), "heltal"),
    (
        "started_not_a_time.json",
        lambda: _doc(_set("session/started", "i går")),
        "tidpunkt",
    ),
    (
        "started_without_zone.json",
        lambda: _doc(_set("session/started", "2026-11-20T09:15:00")),
        "tidszon",
    ),
    (
        "path_in_child_id.json",
        lambda: _doc(_set("child/id", "../../etc/passwd")),
        "giltigt id",
    ),
    (
        "session_of_other_child.json",
        lambda: _doc(_set("session/child_id", "0123456789abcdef")),
        "hör inte till eleven",
    ),
    (
        "control_char_label.json",
        lambda: _doc(_set(OWN + "label", "Kl\u0000ättra")),
        "otillåtna tecken",
    ),
    ("picks_and_decline.json", lambda: _doc(_picks_and_decline), "både bilder och"),
    (
        "time_origin_unknown.json",
        lambda: _doc(_set(ENTRY + "time_origin", "teacher")),
        "”session.day.timeline[0].time_origin” har ett okänt värde",
    ),
    (
        "entry_origin_suggested.json",
        lambda: _doc(_set(ENTRY + "origin", "suggested")),
        "”session.day.timeline[0].origin” kan inte vara ett förslag",
    ),
    (
        "grid_origin_unmarked.json",
        lambda: _doc(_grid_origin_unmarked),
        "”session.grid.origins.secret_item” hör inte till något markerat",
    ),
    (
        "four_stars.json",
        lambda: _doc(
            _set("session/starred", ["grid:maths", "grid:pe", "grid:music", "day:x"])
        ),
        "”session.starred” har fler än 3 delar",
    ),
    (
        "origin_in_format_2.json",
        lambda: _doc(_origin_in_format_2),
        "”session.day.timeline[0].time_origin” är okänt",
    ),
    (
        "feeling_unknown.json",
        lambda: _doc(_feeling("bored")),
        "har ett okänt värde",
    ),
    (
        "feeling_of_unknown_item.json",
        lambda: _doc(_feeling("calm", "unicorn")),
        "”session.day.feelings.unicorn” är inte en känd bild",
    ),
    (
        "feelings_in_format_3.json",
        lambda: _doc(_feelings_in_format_3),
        "”session.day.feelings” är okänt",
    ),
    (
        "wordless_own_item_in_format_3.json",
        lambda: _doc(_wordless_own_item_in_format_3),
        "”session.grid.custom_items[0].label” är tomt",
    ),
    (
        "wordless_own_item_unnamed_picture.json",
        lambda: _doc(_wordless_feeling_face),
        "har varken ord eller en bild med namn",
    ),
    (
        "own_word_named_by_suggestion.json",
        lambda: _doc(_set(OWN + "named_by", "suggested")),
        "”session.grid.custom_items[0].named_by” kan inte vara ett förslag",
    ),
    (
        "bad_recipient.json",
        lambda: _doc(_set("consent/consents/0/recipients/0", "everyone")),
        "okänt värde",
    ),
    (
        "plan_unknown_owner.json",
        lambda: _doc(_set(POINT + "owner", "teachers")),
        "”plan.points[0].owner” har ett okänt värde",
    ),
    (
        "plan_follow_up_before_start.json",
        lambda: _doc(_set(POINT + "follow_up", "2020-01-01")),
        "”plan.points[0].follow_up” är före starten",
    ),
    (
        "plan_date_not_a_date.json",
        lambda: _doc(_set(POINT + "start", "1/12")),
        "inte ett datum (ÅÅÅÅ-MM-DD)",
    ),
    (
        "plan_five_open_points.json",
        lambda: _doc(_fifth_open_point),
        "fler än 4 öppna punkter under ”Skolan ska”",
    ),
    (
        "plan_bad_status.json",
        lambda: _doc(_set(POINT + "history/0/status", "forgotten")),
        "”plan.points[0].history[0].status” har ett okänt värde",
    ),
    (
        "plan_missing.json",
        lambda: _doc(_drop("plan")),
        "”plan” saknas",
    ),
    (
        "plan_in_format_1.json",
        lambda: _doc(_as_format_1),
        "finns först i format 2",
    ),
    (
        "meeting_unknown_role.json",
        lambda: _doc(_set("meeting/participants/0/role", "wizard")),
        "”meeting.participants[0].role” är inte en känd bild",
    ),
    (
        "meeting_bad_listened.json",
        lambda: _doc(_set("meeting/listened", "maybe")),
        "”meeting.listened” har ett okänt värde",
    ),
    (
        "meeting_held_as_text.json",
        lambda: _doc(_set("meeting/held", "ja")),
        "”meeting.held” ska vara true eller false",
    ),
    (
        "meeting_control_char.json",
        lambda: _doc(_set("meeting/child_wants_known", "Jag vill\u0007 inte")),
        "”meeting.child_wants_known” innehåller otillåtna tecken",
    ),
    (
        "meeting_when_not_a_time.json",
        lambda: _doc(_set("meeting/when", "nästa tisdag")),
        "”meeting.when” är inte en tidpunkt",
    ),
    (
        "session_unknown_key.json",
        lambda: _doc(_set("session/future", 1)),
        "”session.future” är okänt",
    ),
    (
        "session_key_huge_number.json",
        lambda: _text(_session_key("1e400")),
        "”session.future” är okänt",
    ),
    (
        "session_key_lone_surrogate.json",
        lambda: _text(_session_key('"\\ud800"')),
        "”session.future” är okänt",
    ),
    (
        "session_key_long_name.json",
        lambda: _text(_session_key("1", "k" * 500)),
        "”session." + "k" * 40 + "” är okänt",
    ),
    (
        "time_huge_float.json",
        lambda: _text(lambda t: t.replace('"minutes": 420', '"minutes": 1e400', 1)),
        "”session.day.timeline[0].minutes” ska vara ett heltal",
    ),
    (
        "started_in_year_9999.json",
        lambda: _doc(_set("session/started", "9999-12-31T23:59:59-23:59")),
        "”session.started” ligger inte mellan år 2000 och 2100",
    ),
    (
        "created_in_year_1.json",
        lambda: _doc(_set("child/created", "0001-01-01T00:00:00+23:59")),
        "”child.created” ligger inte mellan år 2000 och 2100",
    ),
    (
        "consent_given_in_1999.json",
        lambda: _doc(_set("consent/consents/0/given_at", "1999-12-31T23:59:59+00:00")),
        "”consent.consents[0].given_at” ligger inte mellan år 2000 och 2100",
    ),
    (
        "plan_follow_up_in_year_9999.json",
        lambda: _doc(_set(POINT + "follow_up", "9999-12-31")),
        "”plan.points[0].follow_up” ligger inte mellan år 2000 och 2100",
    ),
    (
        "meeting_when_in_year_9999.json",
        lambda: _doc(_set("meeting/when", "9999-12-31T23:59:59")),
        "”meeting.when” ligger inte mellan år 2000 och 2100",
    ),
    (
        "lone_surrogate_label.json",
        lambda: _text(lambda t: t.replace('"Klättra"', '"Kl\\udfffttra"', 1)),
        "”session.grid.custom_items[0].label” innehåller otillåtna tecken",
    ),
    (
        "format_version_4000_digits.json",
        lambda: _text(
            lambda t: t.replace(
                '"format_version": 4', '"format_version": ' + "9" * 4000
            )
        ),
        "”format_version” har för många siffror",
    ),
    (
        "escaped_quotes.json",
        lambda: _escaped_quotes(b""),
        "inte giltig JSON",
    ),
    (
        "nested_10000_deep.json",
        lambda: b"[" * 10_000 + b"]" * 10_000,
        "nästlat djupare",
    ),
    (
        "help_in_format_3.json",
        lambda: _doc(_help_in_format_3),
        "”session.day.answers.activities.help” är okänt (finns först i format 4)",
    ),
    (
        "wish_picked_as_help.json",
        lambda: _doc(_wish_as_help),
        "”session.day.answers.places.help.picks[0]” är inget slags hjälp",
    ),
    (
        "help_picked_as_wish.json",
        lambda: _doc(_help_as_wish),
        "”session.day.answers.places.more.picks[0]” är ett slags hjälp, inget önskemål",
    ),
    (
        "not_to_unknown_recipient.json",
        lambda: _doc(_not_to(lambda doc: {_first_not_to(doc): ["grannen"]})),
        "”session.not_to.grid:",
    ),
    (
        "not_to_own_file.json",
        lambda: _doc(_not_to(lambda doc: {_first_not_to(doc): ["own_file"]})),
        "har ett okänt värde",
    ),
    (
        "not_to_no_such_answer.json",
        lambda: _doc(_not_to(lambda _doc: {"grid:school_lunch_x": ["parents"]})),
        "”session.not_to.grid:school_lunch_x” är inget svar i sessionen",
    ),
    (
        "not_to_malformed.json",
        lambda: _doc(_not_to(lambda _doc: ["parents"])),
        "”session.not_to” ska vara ett objekt",
    ),
    (
        "not_to_bad_key.json",
        lambda: _doc(_not_to(lambda _doc: {"meeting": ["parents"]})),
        "”session.not_to.meeting.[key]” är inte en svarsnyckel",
    ),
    (
        "not_to_twice.json",
        lambda: _doc(_not_to(lambda doc: {_first_not_to(doc): ["parents", "parents"]})),
        "har samma mottagare två gånger",
    ),
    (
        "not_to_in_format_3.json",
        lambda: _doc(_not_to_in_format_3),
        "”session.not_to” är okänt (finns först i format 4)",
    ),
    (
        "consent_unknown_recipient.json",
        lambda: _doc(_set("consent/consents/0/recipients/0", "grannen")),
        "”consent.consents[0].recipients[0]” har ett okänt värde",
    ),
    (
        "consent_malformed.json",
        lambda: _doc(_set("consent", ["school"])),
        "”consent” ska vara ett objekt",
    ),
    (
        "withheld_negative.json",
        lambda: _doc(_set("withheld", -1)),
        "”withheld” har ett ogiltigt värde",
    ),
    (
        "unknown_child_field.json",
        lambda: _doc(_set("child/name", "Anna")),
        "”child.name” är okänt",
    ),
)
"""(file name, bytes, a piece of the expected Swedish message)."""


def main() -> None:
    """Rewrite every corpus file."""
    for name, make, _expected in CASES:
        (HERE / name).write_bytes(make())
    (HERE / "expected.json").write_text(
        json.dumps({n: e for n, _m, e in CASES}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
