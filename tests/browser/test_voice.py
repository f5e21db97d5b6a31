"""Only the child's own answers reach the case file: undo stays in its exercise,
a suggested time is the child's only when confirmed."""

from playwright.sync_api import expect

from tests.browser.flutter import (
    BROWSER_PIN,
    LOAD_TIMEOUT_MS,
    button,
    expect_text,
    open_app,
    set_up_and_hand_over,
    tap,
)
from tests.browser.server import read_encrypted


def stored_session(data_dir):
    """The only session on disk, straight from the encrypted file."""
    (path,) = (data_dir / "children").glob("*.json")
    doc = read_encrypted(data_dir, path, BROWSER_PIN)
    (session,) = doc["sessions"].values()
    return session


def test_undo_stays_in_its_exercise_and_an_unconfirmed_time_is_not_exported(
    server, tablet
):
    """Matte *Roligt* on the grid; on *En vanlig dag* Ångra is disabled; Frukost's
    time confirmed, Lunch's left alone: the text export has kl. 07:15, "utan
    klockslag" for Lunch, and the grid mark."""
    set_up_and_hand_over(tablet, server.url)
    tap(tablet, "Det här är jag bra på", touch=True)
    tap(tablet, "Roligt", touch=True)
    tap(tablet, "Matte", touch=True)
    expect(button(tablet, "Matte")).to_have_accessible_name(
        "Matte Roligt", timeout=10_000
    )

    open_app(tablet, server.url + "/barn/dag")
    expect_text(tablet, "Välj bilder på vad du gör en vanlig dag.")
    expect(button(tablet, "Ångra")).to_be_disabled(timeout=LOAD_TIMEOUT_MS)

    tap(tablet, "Frukost", touch=True)
    expect_text(tablet, "Stämmer tiden?")
    tap(tablet, "Ja", touch=True)
    expect(button(tablet, "07:15 Frukost")).to_be_attached(timeout=LOAD_TIMEOUT_MS)
    tap(tablet, "Rast och lunch", touch=True)
    tap(tablet, "Lunch", touch=True)
    expect_text(tablet, "Stämmer tiden?")
    tap(tablet, "Klar", touch=True)
    expect(button(tablet, "11:30? Lunch")).to_be_attached(timeout=LOAD_TIMEOUT_MS)

    session = stored_session(server.data_dir)
    assert session["grid"]["marks"] == {"maths": ["fun"]}
    times = {e["pictogram"]: e["time_origin"] for e in session["day"]["timeline"]}
    assert times == {"breakfast": "confirmed", "lunch": "suggested"}

    from app.export.service import ExportRequest, export_session
    from app.storage.crypto import Vault
    from app.storage.repository import Repository

    repo = Repository(server.data_dir, vault=Vault.unlock(server.data_dir, BROWSER_PIN))
    text = export_session(
        repo, session["child_id"], session["id"], ExportRequest(fmt="text")
    ).data.decode()
    assert "frukost kl. 07:15" in text
    assert "äter lunch utan klockslag" in text
    assert "11:30" not in text
    assert "matte" in text.lower()
