"""*Hur känns det?* and an own item chosen by picture alone, by touch on a
tablet: on screen, on disk (decrypted) and in the exported text."""

from playwright.sync_api import Page, expect

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
from tests.browser.test_day import scroll_to


def stored_session(data_dir):
    """The only session on disk, straight from the encrypted file."""
    (path,) = (data_dir / "children").glob("*.json")
    doc = read_encrypted(data_dir, path, BROWSER_PIN)
    (session,) = doc["sessions"].values()
    return session


def touch(page: Page, name: str) -> None:
    """A finger tap on the button named ``name``."""
    tap(page, name, touch=True)


def in_sight(page: Page, name: str) -> bool:
    """Whether the button named ``name`` is wholly inside the screen."""
    box = button(page, name).first.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_feelings_and_a_picture_only_own_item_reach_summary_disk_and_text(
    server, tablet
):
    """Roligt pen in hand, *Något annat?*, Husdjur from the persons' shelf, no
    typing: the new tile is in sight and marked. Åka buss feels Orolig,
    Mormor/morfar Lugn: the day's summary shows both, the file holds both
    with their origin, and the text export says them plainly."""
    set_up_and_hand_over(tablet, server.url)
    touch(tablet, "Det här är jag bra på")
    touch(tablet, "Roligt")
    scroll_to(tablet, "Något annat?")
    touch(tablet, "Något annat?")
    expect_text(tablet, "Välj en bild")
    touch(tablet, "Personer")
    touch(tablet, "Fler bilder")
    touch(tablet, "Husdjur")
    # *Lägg till* lights up when the server's answer to the picture arrives;
    # a person waits for it, so the test does too.
    expect(button(tablet, "Lägg till")).to_be_enabled(timeout=LOAD_TIMEOUT_MS)
    touch(tablet, "Lägg till")
    # Where the child was (the end of the grid), marked with the pen in hand.
    expect(button(tablet, "Husdjur")).to_have_accessible_name(
        "Husdjur Roligt", timeout=LOAD_TIMEOUT_MS
    )
    assert in_sight(tablet, "Husdjur")

    open_app(tablet, server.url + "/barn/dag")
    expect_text(tablet, "Välj bilder på vad du gör en vanlig dag.")
    touch(tablet, "Åka buss")
    expect_text(tablet, "Stämmer tiden?")
    touch(tablet, "Hur känns det? Åka buss")
    expect_text(tablet, "Vet inte")
    touch(tablet, "Orolig")
    touch(tablet, "Ja")
    expect(button(tablet, "08:00 Åka buss, Orolig")).to_be_attached(
        timeout=LOAD_TIMEOUT_MS
    )

    open_app(tablet, server.url + "/barn/dag/persons.day")
    expect_text(tablet, "Vem brukar du vara tillsammans med på dagarna?")
    touch(tablet, "Mormor/morfar/farmor/farfar")
    touch(tablet, "Hur känns det? Mormor/morfar/farmor/farfar")
    touch(tablet, "Lugn")
    expect(
        button(tablet, "Hur känns det? Mormor/morfar/farmor/farfar")
    ).to_have_accessible_name(
        "Hur känns det? Mormor/morfar/farmor/farfar Lugn", timeout=LOAD_TIMEOUT_MS
    )

    open_app(tablet, server.url + "/barn/dag/klar")
    expect_text(tablet, "Din vanliga dag")
    expect(tablet.get_by_text("08:00 Åka buss, Orolig").first).to_be_attached(
        timeout=LOAD_TIMEOUT_MS
    )
    expect(
        tablet.get_by_text("Mormor/morfar/farmor/farfar, Lugn").first
    ).to_be_attached(timeout=LOAD_TIMEOUT_MS)

    session = stored_session(server.data_dir)
    assert session["day"]["feelings"] == {
        "bus_to_school": {"feeling": "worried", "origin": "child"},
        "grandparent": {"feeling": "calm", "origin": "child"},
    }
    (own,) = session["grid"]["custom_items"]
    assert (own["label"], own["pictogram"]) == ("", "pet")
    assert session["grid"]["marks"] == {own["id"]: ["fun"]}

    from app.export.service import ExportRequest, export_session
    from app.storage.crypto import Vault
    from app.storage.repository import Repository

    repo = Repository(server.data_dir, vault=Vault.unlock(server.data_dir, BROWSER_PIN))
    text = export_session(
        repo, session["child_id"], session["id"], ExportRequest(fmt="text")
    ).data.decode()
    assert (
        "Eleven känner sig orolig när det är dags att åka buss och lugn med "
        "mor- eller farföräldrar." in text
    )
    assert "det som bilden ”Husdjur” visar" in text
