"""The grid in a touch tablet context, against the real server."""

from playwright.sync_api import expect

from tests.browser.flutter import (
    BROWSER_PIN,
    button,
    open_app,
    set_up_and_hand_over,
    tap,
)
from tests.browser.server import read_encrypted


def stored_marks(data_dir):
    """Marks of the only session on disk, straight from the JSON file."""
    (path,) = (data_dir / "children").glob("*.json")
    doc = read_encrypted(data_dir, path, BROWSER_PIN)
    (session,) = doc["sessions"].values()
    return session["grid"]["marks"]


def test_marks_made_by_touch_survive_a_reload_and_are_exactly_on_disk(server, tablet):
    """Matte: Roligt + Bra på; Prata inför klassen: Gillar inte alls; reload."""
    set_up_and_hand_over(tablet, server.url)
    tap(tablet, "Det här är jag bra på", touch=True)
    tap(tablet, "Roligt", touch=True)
    tap(tablet, "Matte", touch=True)
    tap(tablet, "Bra på", touch=True)
    tap(tablet, "Matte", touch=True)
    tap(tablet, "Gillar inte alls", touch=True)
    tap(tablet, "Prata inför klassen", touch=True)
    expect(button(tablet, "Prata inför klassen")).to_have_accessible_name(
        "Prata inför klassen Gillar inte alls", timeout=10_000
    )

    open_app(tablet, server.url + "/barn/bra-pa")  # reload: a new Flet session
    expect(button(tablet, "Matte")).to_have_accessible_name(
        "Matte Bra på, Roligt", timeout=30_000
    )
    expect(button(tablet, "Prata inför klassen")).to_have_accessible_name(
        "Prata inför klassen Gillar inte alls"
    )
    assert stored_marks(server.data_dir) == {
        "maths": ["good_at", "fun"],
        "speak_in_class": ["dislike"],
    }
