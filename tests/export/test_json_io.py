"""The JSON export and its import: round trip, privacy, strict checks, no overwrite."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.catalog import ALL_ITEMS
from app.domain.day import toggle_pick
from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import Origin, Session, day_answer_key
from app.domain.summary import child_voice
from app.export import json_io
from app.export.json_io import ImportRejected, import_file, pictogram_ids
from app.export.service import ExportRequest, export_session
from app.storage.audit import AuditLog
from app.storage.repository import Repository
from tests.export.bad_imports import generate
from tests.export.conftest import NOW, add_demo

CORPUS = Path(generate.__file__).parent
EXPECTED: dict[str, str] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def same_but_withheld(again: bytes, first: bytes) -> bool:
    """Two exports are the same bytes but for the ``withheld`` count: the answers
    it counts never left the first folder, so an imported copy has none."""
    doc = json.loads(first)
    return again == json_io.dumps({**doc, "withheld": json.loads(again)["withheld"]})


def test_export_import_export_is_byte_identical(filled, tmp_path):
    """A JSON export imported into a fresh data folder exports to the same bytes,
    but for ``withheld``: the answers it counts never left the first folder."""
    repo, child, session = filled
    first = export_session(
        repo, child.id, session.id, ExportRequest(fmt="json", now=NOW)
    )
    fresh = Repository(tmp_path / "fresh")
    result = import_file(fresh, first.data)
    assert (result.child_id, result.session_id) == (child.id, session.id)
    again = export_session(
        fresh, child.id, session.id, ExportRequest(fmt="json", now=NOW)
    )
    first_doc, again_doc = json.loads(first.data), json.loads(again.data)
    assert first_doc.pop("withheld") == len(session.private)
    assert again_doc.pop("withheld") == 0
    assert again_doc == first_doc
    assert again.data.replace(b'"withheld": 0', b"") == first.data.replace(
        f'"withheld": {len(session.private)}'.encode(), b""
    )
    assert again.filename == first.filename


def test_round_trip_with_name_and_notes_keeps_them(filled, tmp_path):
    """Chosen name and notes survive export → import → export unchanged."""
    repo, child, session = filled
    options = ExportRequest(fmt="json", now=NOW, include_name=True, include_notes=True)
    first = export_session(repo, child.id, session.id, options)
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, first.data)
    assert fresh.get_child(child.id).display_name == child.display_name
    assert fresh.get_session(child.id, session.id).notes == session.notes
    assert same_but_withheld(
        export_session(fresh, child.id, session.id, options).data, first.data
    )


def test_json_holds_ids_and_versions_not_labels(filled):
    """The document names its format and version and refers to pictures by id."""
    repo, child, session = filled
    doc = json.loads(
        export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    )
    assert doc["format"] == "min-rost-export"
    assert doc["format_version"] == 4
    assert doc["session"]["schema_version"] == 1
    assert "display_name" not in doc["child"]
    assert doc["session"]["notes"] == ""
    for item_id in doc["session"]["grid"]["marks"]:
        assert item_id in ALL_ITEMS or item_id.startswith("own_")
    for entry in doc["session"]["day"]["timeline"]:
        assert entry["pictogram"] in pictogram_ids()


def test_private_answers_are_left_out_of_the_json(filled):
    """Private marks and day answers are not in the file, nor which were private."""
    repo, child, session = filled
    assert session.private
    doc = json.loads(
        export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    )
    rebuilt = Session.from_doc(doc["session"])
    assert rebuilt.private == frozenset()
    for key in session.private:
        kind, item = key.split(":", 1)
        if kind == "grid":
            assert item not in rebuilt.grid.marks
        else:
            assert item not in rebuilt.day.answers


def test_private_timeline_drops_the_whole_day(filled):
    """When the timeline prompt is private, no timeline entry is exported."""
    repo, child, session = filled
    session = replace(
        session, private=session.private | {day_answer_key("activities.day")}
    )
    repo.save_session(session)
    doc = json.loads(
        export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    )
    assert doc["session"]["day"]["timeline"] == []
    assert "activities.day" not in doc["session"]["day"]["answers"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_import_is_refused_clearly_and_changes_nothing(name, repo):
    """Each corpus file is refused in clear Swedish; the data folder is unchanged."""
    add_demo(repo, count=2)
    before = snapshot(repo.data_dir)
    with pytest.raises(ImportRejected) as caught:
        import_file(repo, CORPUS / name)
    message = caught.value.msg_sv
    assert EXPECTED[name] in message
    assert message.startswith("Filen kan inte importeras:")
    assert message.endswith("Inget har ändrats.")
    assert snapshot(repo.data_dir) == before


def test_bad_import_corpus_matches_its_generator():
    """The stored corpus is what generate.py writes (at least 15 cases)."""
    assert len(generate.CASES) >= 15
    hint = "stale corpus: run python -m tests.export.bad_imports.generate"
    for name, make, expected in generate.CASES:
        assert (CORPUS / name).read_bytes() == make(), f"{name}: {hint}"
        assert EXPECTED[name] == expected


def test_a_file_over_two_megabytes_is_refused_before_reading(repo, tmp_path):
    """Size is checked first; the file is not parsed."""
    big = tmp_path / "big.json"
    big.write_bytes(b"{" + b" " * (json_io.MAX_BYTES + 10) + b"}")
    with pytest.raises(ImportRejected, match="större än 2 MB"):
        import_file(repo, big)
    with pytest.raises(ImportRejected, match="större än 2 MB"):
        import_file(repo, big.read_bytes())


def test_a_missing_file_or_a_folder_is_refused(repo, tmp_path):
    """Paths that are not readable files give a clear message."""
    with pytest.raises(ImportRejected, match="gick inte att öppna"):
        import_file(repo, tmp_path / "nope.json")
    with pytest.raises(ImportRejected):
        import_file(repo, tmp_path)


def test_importing_an_existing_child_is_refused_and_overwrites_nothing(filled):
    """The same export imported twice is refused the second time; files unchanged."""
    repo, child, session = filled
    data = export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    before = snapshot(repo.data_dir)
    with pytest.raises(ImportRejected, match="finns redan"):
        import_file(repo, data)
    assert snapshot(repo.data_dir) == before


def test_an_existing_session_id_under_another_child_is_refused(filled, tmp_path):
    """A file whose session id is already used here is refused too."""
    repo, child, session = filled
    doc = json.loads(
        export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    )
    doc["child"]["id"] = "00112233aabbccdd"
    doc["session"]["child_id"] = "00112233aabbccdd"
    before = snapshot(repo.data_dir)
    with pytest.raises(ImportRejected, match="Sessionen i filen finns redan"):
        import_file(repo, json_io.dumps(doc))
    assert snapshot(repo.data_dir) == before


def test_import_as_copy_adds_a_new_child_and_keeps_the_original(filled):
    """``as_copy`` gives new ids; the original child and session are untouched."""
    repo, child, session = filled
    data = export_session(
        repo, child.id, session.id, ExportRequest(fmt="json", include_notes=True)
    ).data
    original = repo.child_path(child.id).read_bytes()
    result = import_file(repo, data, as_copy=True)
    assert result.copied
    assert result.child_id != child.id
    assert result.session_id != session.id
    copy = repo.get_session(result.child_id, result.session_id)
    assert copy.grid == Session.from_doc(json.loads(data)["session"]).grid
    assert repo.child_path(child.id).read_bytes() == original
    assert len(repo.list_children()) == 4


def test_import_without_a_name_shows_the_child_by_case_reference(filled, tmp_path):
    """A child exported without its name is named by its case reference."""
    repo, child, session = filled
    data = export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, data)
    assert fresh.get_child(child.id).display_name == child.case_ref


def test_import_and_export_are_audited_without_content(filled, tmp_path):
    """The audit log gets one line per export and import: ids and format only."""
    repo, child, session = filled
    data = export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, data)
    exported = AuditLog(repo.data_dir).entries()[-1]
    assert exported.action == "export"
    assert exported.details == {
        "session_id": session.id,
        "recipient": "own_file",
        "format": "json",
    }
    imported = AuditLog(fresh.data_dir).entries()[-1]
    assert imported.action == "import"
    assert imported.child_id == child.id
    assert imported.details == {"session_id": session.id, "format": "json"}
    log = (repo.data_dir / "audit.log").read_text(encoding="utf-8")
    assert child.display_name not in log
    assert child.case_ref not in log


def test_round_trip_carries_the_plan_and_the_meeting_sheets(filled, tmp_path):
    """Plan and sheets go into the file, come back into the child's file, unchanged."""
    repo, child, session = filled
    plan, sheets = repo.load_plan(child.id), repo.load_meeting(child.id, session.id)
    assert plan.points
    assert sheets.participants
    first = export_session(
        repo, child.id, session.id, ExportRequest(fmt="json", now=NOW)
    )
    doc = json.loads(first.data)
    assert Plan.from_doc(doc["plan"]) == plan
    assert MeetingSheets.from_doc(doc["meeting"]) == sheets
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, first.data)
    assert fresh.load_plan(child.id) == plan
    assert fresh.load_meeting(child.id, session.id) == sheets
    again = export_session(
        fresh, child.id, session.id, ExportRequest(fmt="json", now=NOW)
    )
    assert same_but_withheld(again.data, first.data)


def test_a_child_without_a_plan_exports_plan_as_null(repo, tmp_path):
    """No plan yet: ``"plan": null``; the import then writes no plan."""
    child = add_demo(repo, count=2)[1]
    [session] = repo.sessions(child.id)
    data = export_session(
        repo, child.id, session.id, ExportRequest(fmt="json", now=NOW)
    ).data
    doc = json.loads(data)
    assert doc["plan"] is None
    assert doc["meeting"]["participants"]
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, data)
    assert fresh.load_plan(child.id) == Plan()
    again = export_session(
        fresh, child.id, session.id, ExportRequest(fmt="json", now=NOW)
    )
    assert same_but_withheld(again.data, data)


def test_import_as_copy_brings_the_plan_and_sheets_to_the_new_child(filled):
    """The copy's plan and sheets are under its new ids; the original is untouched."""
    repo, child, session = filled
    data = export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    result = import_file(repo, data, as_copy=True)
    assert repo.load_plan(result.child_id) == repo.load_plan(child.id)
    assert repo.load_meeting(result.child_id, result.session_id) == repo.load_meeting(
        child.id, session.id
    )


def without_format_4(doc: dict) -> None:
    """Take out the meeting loop's parts of format 4 (agenda, plan goals and
    links, the child's evaluation), as older files are."""
    doc["session"].pop("evaluations", None)
    if doc.get("meeting"):
        doc["meeting"].pop("agenda", None)
    if doc.get("plan"):
        for key in ("goal", "sub_goals", "coordinator"):
            doc["plan"].pop(key, None)
        for point in doc["plan"]["points"]:
            for key in (
                "answers",
                "child_text",
                "family_text",
                "family_language",
                "family_checked",
            ):
                point.pop(key, None)


def without_help(doc: dict) -> None:
    """Take out the help questions' answers (format 4)."""
    answers = doc["session"]["day"]["answers"]
    for prompt_id in [p for p in answers if p.endswith(".help")]:
        del answers[prompt_id]


def as_format_3(doc: dict) -> None:
    """Take out everything format 4 added: the help questions' answers go, the
    consent goes back into the session, the child's choices per recipient, the
    withheld count, the voices and the meeting loop's parts go."""
    doc["format_version"] = 3
    without_help(doc)
    without_format_4(doc)
    doc["session"]["consents"] = doc.pop("consent")["consents"]
    doc.pop("withheld")
    doc["session"].pop("not_to")
    doc.pop("voices", None)
    doc["includes"].pop("voices", None)


def without_origins(doc: dict) -> None:
    """Take out what formats 3 and 4 added (whose each answer is, stars, the
    help questions, the choices per recipient, the meeting loop), as older
    files are."""
    version = doc["format_version"]
    as_format_3(doc)
    doc["format_version"] = version
    doc["session"].pop("starred")
    doc["session"]["grid"].pop("origins")
    for entry in doc["session"]["day"]["timeline"]:
        del entry["origin"], entry["time_origin"]
    for answer in doc["session"]["day"]["answers"].values():
        del answer["origin"]


def test_origins_survive_export_and_import(filled, tmp_path):
    """A suggested time, a confirmed one and the counsellor's mark come back
    from a JSON export exactly as they were given."""
    repo, child, session = filled
    first, second, *_ = session.day.timeline
    marked = next(iter(session.grid.marks))
    timeline = (
        replace(first, time_origin=Origin.SUGGESTED),
        replace(second, time_origin=Origin.CONFIRMED, origin=Origin.COUNSELLOR),
        *session.day.timeline[2:],
    )
    changed = replace(
        session,
        day=replace(session.day, timeline=timeline),
        grid=replace(session.grid, origins={marked: Origin.COUNSELLOR}),
    )
    repo.save_session(changed)
    data = export_session(
        repo, child.id, session.id, ExportRequest(fmt="json", now=NOW)
    ).data
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, data)
    (back,) = fresh.sessions(child.id)
    assert back.day.timeline[:2] == timeline[:2]
    assert back.grid.origin(marked) is Origin.COUNSELLOR


def test_a_follow_up_survives_export_and_import_without_unconfirmed_answers(
    filled, tmp_path
):
    """The child's ratings, a confirmed-from-last-time mark and the plan's
    links and child version come back; last time's unconfirmed mark does not
    leave."""
    from app.domain.meeting import PlanOwner
    from app.domain.models import Evaluation

    repo, child, session = filled
    confirmed, pending = [
        k for k in session.grid.marks if f"grid:{k}" not in session.private
    ][:2]
    plan = repo.update_plan(
        child.id,
        lambda p: p.add_point(
            PlanOwner.STUDENT,
            "Gå till första lektionen",
            child_text="Du går till första lektionen.",
            answers=(f"grid:{confirmed}",),
        ),
    )
    point = plan.points[-1]
    changed = replace(
        session,
        grid=replace(
            session.grid,
            origins={confirmed: Origin.CONFIRMED_LAST, pending: Origin.LAST_TIME},
        ),
        evaluations={point.id: Evaluation.SAME},
    )
    repo.save_session(changed)
    data = export_session(
        repo, child.id, session.id, ExportRequest(fmt="json", now=NOW)
    ).data
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, data)
    (back,) = fresh.sessions(child.id)
    assert back.evaluations == {point.id: Evaluation.SAME}
    assert back.grid.origin(confirmed) is Origin.CONFIRMED_LAST
    assert pending not in back.grid.marks
    back_point = fresh.load_plan(child.id).point(point.id)
    assert back_point.answers == (f"grid:{confirmed}",)
    assert back_point.child_text == "Du går till första lektionen."


def test_a_format_2_file_reads_every_answer_as_the_childs(filled, tmp_path):
    """Files from before origins were kept hold the child's own taps."""
    repo, child, session = filled
    doc = json.loads(
        export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    )
    doc["format_version"] = 2
    without_origins(doc)
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, json_io.dumps(doc))
    (back,) = fresh.sessions(child.id)
    assert {e.time_origin for e in back.day.timeline} == {Origin.CHILD}
    assert back.grid.origins == {}


def test_a_format_1_file_without_plan_or_sheets_still_imports(filled, tmp_path):
    """Files of the earlier format (no plan, no sheets) are read as before."""
    repo, child, session = filled
    doc = json.loads(
        export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    )
    doc["format_version"] = 1
    del doc["plan"], doc["meeting"]
    without_origins(doc)
    fresh = Repository(tmp_path / "fresh")
    result = import_file(fresh, json_io.dumps(doc))
    assert result.session_id == session.id
    assert fresh.load_plan(child.id) == Plan()
    assert fresh.load_meeting(child.id, session.id) == MeetingSheets()


def test_a_broken_plan_is_refused_in_swedish_before_anything_is_written(filled):
    """A plan point with an unknown owner: ImportRejected names the field; no file."""
    repo, child, session = filled
    doc = json.loads(
        export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    )
    doc["plan"]["points"][0]["owner"] = "teachers"
    before = snapshot(repo.data_dir)
    with pytest.raises(ImportRejected) as caught:
        import_file(repo, json_io.dumps(doc), as_copy=True)
    assert caught.value.msg_sv == (
        "Filen kan inte importeras: fältet ”plan.points[0].owner” har ett okänt "
        "värde. Inget har ändrats."
    )
    assert snapshot(repo.data_dir) == before


def test_broken_meeting_sheets_are_refused_before_anything_is_written(filled):
    """A participant whose role is no known picture: refused, nothing written."""
    repo, child, session = filled
    doc = json.loads(
        export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    )
    doc["meeting"]["attended"][0]["role"] = "../secret"
    before = snapshot(repo.data_dir)
    with pytest.raises(ImportRejected, match=r"meeting\.attended\[0\]\.role"):
        import_file(repo, json_io.dumps(doc), as_copy=True)
    assert snapshot(repo.data_dir) == before


def test_preview_counts_answers_and_says_when_the_child_is_already_here(
    filled, tmp_path
):
    """The preview names the child, counts marked items and answered day prompts,
    writes nothing, and says a copy is the only way in when the child exists."""
    from app.domain.models import Level
    from app.export.json_import import preview
    from app.export.json_io import check_source

    repo, child, _latest = filled
    small = replace(
        Session.new(child.id),
        grid=Session.new(child.id)
        .grid.toggle("maths", Level.FUN)
        .toggle("music", Level.GOOD_AT)
        .toggle("music", Level.FUN),
    )
    repo.save_session(small)
    data = export_session(
        repo, child.id, small.id, ExportRequest(fmt="json", now=NOW)
    ).data
    checked = check_source(data)
    fresh = Repository(tmp_path / "fresh")
    before = snapshot(fresh.data_dir) if fresh.data_dir.exists() else {}
    shown = preview(fresh, checked)
    assert (shown.answers, shown.child_exists) == (2, False)
    assert shown.display_name == checked.child.display_name
    assert (snapshot(fresh.data_dir) if fresh.data_dir.exists() else {}) == before
    assert preview(repo, checked).child_exists is True


def test_a_format_3_file_keeps_its_fourth_wishes_as_wishes(filled, tmp_path):
    """A file from before the help questions imports its *Välj bilder på de
    platser du vill vara* answer; the case file still calls it a wish, and a
    new export (format 4) keeps it as that question's answer, never as help."""
    repo, child, session = filled
    doc = json.loads(
        export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    )
    as_format_3(doc)
    doc["session"]["day"]["answers"]["places.want"] = {
        "picks": ["park"],
        "status": "answered",
        "origin": "child",
    }
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, json_io.dumps(doc))
    (back,) = fresh.sessions(child.id)
    assert back.day.answer("places.want").picks == ("park",)
    text = child_voice(back)
    assert "Eleven vill vara i parken." in text
    assert "hjälpa eleven" not in text
    again = json.loads(
        export_session(fresh, child.id, session.id, ExportRequest(fmt="json")).data
    )
    assert again["format_version"] == 4
    answers = again["session"]["day"]["answers"]
    assert answers["places.want"]["picks"] == ["park"]
    assert not [p for p in answers if p.endswith(".help")]


def test_help_answers_survive_export_and_import(filled, tmp_path):
    """The help questions' answers, with whose they are, come back from a JSON
    export under their own questions, apart from the wishes."""
    repo, child, session = filled
    day = toggle_pick(session.day, "persons.help", "help_quiet", Origin.COUNSELLOR)
    repo.save_session(replace(session, day=day))
    data = export_session(repo, child.id, session.id, ExportRequest(fmt="json")).data
    doc = json.loads(data)
    assert doc["format_version"] == 4
    assert doc["session"]["day"]["answers"]["persons.help"] == {
        "picks": [*session.day.answer("persons.help").picks, "help_quiet"],
        "status": "answered",
        "origin": "counsellor",
    }
    fresh = Repository(tmp_path / "fresh")
    import_file(fresh, data)
    (back,) = fresh.sessions(child.id)
    assert back.day.answer("persons.help") == day.answer("persons.help")
