"""Export from the workspace: copy *Barnets röst*, download files, consent."""

import re
from dataclasses import replace
from io import BytesIO

import flet as ft
import pypdf
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


def chip_texts(h: Harness) -> set[str]:
    """Every text on the child's page (the status chips among them)."""
    return {c.value for c in h.find_all(lambda c: isinstance(c, ft.Text)) if c.value}


def test_the_status_chip_says_exported_at_once_after_an_export(repo, pinned, app_main):
    """After a PDF export the session's chip says *Exporterad* straight away,
    never *Inte exporterad* beside *Exporterad: …pdf*."""
    child, session = seeded(repo)
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        assert "Inte exporterad" in chip_texts(h)
        h.click(f"export-{session.id}")
        h.click("export-pdf")
        assert h.find("export-message").value.startswith("Exporterad: ")
        texts = chip_texts(h)
        assert "Inte exporterad" not in texts
        assert "Exporterad" in texts


def test_the_counsellors_name_and_role_fill_samtalsledare_and_stay_on_this_device(
    repo, pinned, app_main
):
    """The name and role typed in the export panel go into the PDF's
    *Samtalsledare*, and this browser finds them there at the next export;
    another browser does not."""
    child, session = seeded(repo)
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click(f"export-{session.id}")
        assert h.find("counsellor-name").value == ""
        h.type("counsellor-name", "Kim Berg")
        h.type("counsellor-role", "kurator")
        h.click("export-pdf")
        (saved,) = [i for i in h.invocations if i.name == "save_file"]
    pages = pypdf.PdfReader(BytesIO(saved.args["src_bytes"])).pages
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))
    assert "SamtalsledareKimBerg,kurator" in text
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click(f"export-{session.id}")
        assert h.find("counsellor-name").value == "Kim Berg"
        assert h.find("counsellor-role").value == "kurator"
    elsewhere = "another-browser-device-secret-0123456789ab"
    with Harness(
        app_main, route=f"/arbete/barn/{child.id}", device_secret=elsewhere
    ) as h:
        unlock(h)
        h.click(f"export-{session.id}")
        assert h.find("counsellor-name").value == ""


def test_the_paragraph_follows_the_chosen_recipient(repo, pinned, app_main):
    """Matte kept from the parents: the school's paragraph has it, the parents'
    has not; the file downloaded for the parents has not either."""
    from datetime import UTC, datetime

    from app.domain.models import Consent, ConsentGiver, Recipient

    child, session = seeded(repo)
    repo.save_session(
        replace(session, not_to={"grid:maths": frozenset({Recipient.PARENTS})})
    )
    consent = Consent(
        id="c1",
        given_by=(ConsentGiver.GUARDIANS,),
        recipients=(Recipient.SCHOOL, Recipient.PARENTS),
        given_at=datetime(2026, 9, 1, tzinfo=UTC),
    )
    repo.update_consent(child.id, lambda r: r.give(consent))
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click(f"export-{session.id}")
        h.event("export-recipient", "select", "school")
        assert "matte" in h.find("voice-text").value.lower()
        h.event("export-recipient", "select", "parents")
        assert "matte" not in h.find("voice-text").value.lower()
        h.click("export-text")
        (saved,) = [i for i in h.invocations if i.name == "save_file"]
        text = bytes(saved.args["src_bytes"]).decode()
        assert "matte" not in text.lower()
        assert "Föräldrarna/vårdnadshavarna" in text


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
