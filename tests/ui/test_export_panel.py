"""Export from the workspace: copy *Barnets röst*, download files, consent."""

from dataclasses import replace

from conftest import unlock
from harness import Harness

from app.domain.models import Child, Level, Session


def seeded(repo):
    """A child with a session: Matte roligt, Prata inför klassen private."""
    child = Child.new("J. K.", "Ärende 8")
    repo.add_child(child)
    session = Session.new(child.id)
    grid = session.grid.toggle("maths", Level.FUN).toggle(
        "speak_in_class", Level.DISLIKE
    )
    session = replace(session, grid=grid, private=frozenset({"grid:speak_in_class"}))
    repo.save_session(session)
    return child, session


def test_the_paragraph_is_shown_and_copied_without_private_answers(
    repo, pinned, app_main
):
    """*Kopiera texten* puts the paragraph on the clipboard; private stays out."""
    child, session = seeded(repo)
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click(f"export-{session.id}")
        voice = h.find("voice-text").value
        assert "matte" in voice.lower()
        assert "inför klassen" not in voice
        h.click("copy-voice")
        (copied,) = [i for i in h.invocations if i.name == "set"]
        assert copied.args["data"] == voice
        assert h.find("export-message").value == "Texten är kopierad."


def test_a_pdf_for_the_own_case_file_is_downloaded_with_a_generated_name(
    repo, pinned, app_main
):
    """The browser gets a save-file call with PDF bytes and a name with no name."""
    child, session = seeded(repo)
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click(f"export-{session.id}")
        h.click("export-pdf")
        (saved,) = [i for i in h.invocations if i.name == "save_file"]
        assert saved.args["src_bytes"][:5] == b"%PDF-"
        name = saved.args["file_name"]
        assert name.endswith(".pdf")
        assert "J" not in name.replace(".pdf", "").upper().replace("MIN-ROST", "")
    log = (repo.data_dir / "audit.log").read_text()
    assert '"action": "export"' in log


def test_an_export_for_the_school_without_consent_is_refused_with_the_reason(
    repo, pinned, app_main
):
    """No consent for Skolan: nothing is downloaded and the reason is shown."""
    child, session = seeded(repo)
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click(f"export-{session.id}")
        h.find("export-recipient")
        h.event("export-recipient", "select", "school")
        h.click("export-json")
        assert not [i for i in h.invocations if i.name == "save_file"]
        assert "samtycke" in h.find("export-message").value.lower()


def test_recorded_voices_go_into_the_json_only_when_ticked(repo, pinned, app_main):
    """The box appears only for a child with recordings; the JSON holds the
    voices only when it is ticked."""
    import json

    child, session = seeded(repo)
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click(f"export-{session.id}")
        assert h.exists("export-json")
        assert not h.is_visible("include-voices")
    repo.save_recorded_voice(child.id, "so", "Xisaab", b"RIFF-x", "audio/wav")
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click(f"export-{session.id}")
        assert h.is_visible("include-voices")
        h.click("export-json")
        h.type("include-voices", True)
        h.click("export-json")
        plain, chosen = [
            json.loads(i.args["src_bytes"])
            for i in h.invocations
            if i.name == "save_file"
        ]
    assert "voices" not in plain
    assert [v["text"] for v in chosen["voices"]] == ["Xisaab"]
