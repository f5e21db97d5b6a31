"""Two tabs of one browser on the same child's grid, against the real server."""

from playwright.sync_api import expect

from tests.browser.flutter import (
    LOAD_TIMEOUT_MS,
    button,
    open_app,
    set_up_and_hand_over,
    tap,
)
from tests.browser.test_grid import stored_marks


def test_taps_alternating_between_two_tabs_are_all_shown_and_on_disk(server, tablet):
    """Tab one: Matte *Roligt*, tab two: Musik *Bra på*, tab one: Idrott, tab
    two: Engelska. Each tab shows the other's marks at once; after a reload
    both show all four, and the encrypted file holds exactly those."""
    set_up_and_hand_over(tablet, server.url)
    tap(tablet, "Det här är jag bra på", touch=True)
    expect(button(tablet, "Matte")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    second = tablet.context.new_page()  # same browser: the same child mode
    open_app(second, server.url + "/barn/bra-pa")
    expect(button(second, "Matte")).to_be_visible(timeout=LOAD_TIMEOUT_MS)

    tap(tablet, "Roligt", touch=True)
    tap(second, "Bra på", touch=True)
    tap(tablet, "Matte", touch=True)
    expect(button(second, "Matte")).to_have_accessible_name(
        "Matte Roligt", timeout=10_000
    )
    tap(second, "Musik", touch=True)
    expect(button(tablet, "Musik")).to_have_accessible_name(
        "Musik Bra på", timeout=10_000
    )
    tap(tablet, "Idrott", touch=True)
    tap(second, "Engelska", touch=True)
    expect(button(tablet, "Engelska")).to_have_accessible_name(
        "Engelska Bra på", timeout=10_000
    )

    for page in (tablet, second):
        open_app(page, server.url + "/barn/bra-pa")  # reload: a new Flet session
        for name, marks in [
            ("Matte", "Roligt"),
            ("Musik", "Bra på"),
            ("Idrott", "Roligt"),
            ("Engelska", "Bra på"),
        ]:
            expect(button(page, name)).to_have_accessible_name(
                f"{name} {marks}", timeout=30_000
            )
    assert stored_marks(server.data_dir) == {
        "maths": ["fun"],
        "music": ["good_at"],
        "pe": ["fun"],
        "english": ["good_at"],
    }
