"""*En vanlig dag* by touch on a tablet, against the real server, through a reload."""

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


def stored_day(data_dir):
    """The day's answers of the only session on disk, straight from the JSON file."""
    (path,) = (data_dir / "children").glob("*.json")
    doc = read_encrypted(data_dir, path, BROWSER_PIN)
    (session,) = doc["sessions"].values()
    return session["day"], session["position"]


def touch(page: Page, name: str) -> None:
    """A finger tap on the button named ``name``, scrolled into sight first."""
    scroll_to(page, name)
    tap(page, name, touch=True)


def scroll_to(page: Page, name: str, *, at=(900, 600), tries: int = 12) -> None:
    """Scroll the pictures (wheel over ``at``) until the button is fully on screen.

    Flutter only puts controls near the viewport into the accessibility tree,
    and the DOM's own scroll-into-view does not move a Flutter list.
    """
    height = page.viewport_size["height"]
    for _ in range(tries):
        target = button(page, name).first
        box = target.bounding_box() if target.count() else None
        if box and box["y"] >= 0 and box["y"] + box["height"] <= height:
            return
        page.mouse.move(*at)
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(300)


def next_step(page: Page, question: str) -> None:
    """*Nästa*, then wait for the next step's question."""
    touch(page, "Nästa")
    expect_text(page, question)


def add_activity(
    page: Page, name: str, time_now: str, later_quarters: int = 0, part: str = ""
):
    """Open its part of the day, tap an activity, check its usual time, step it
    later, confirm with *Klar*."""
    if part:
        touch(page, part)
    touch(page, name)
    expect_text(page, time_now)
    for _ in range(later_quarters):
        touch(page, "15 min senare")
    touch(page, "Klar")
    expect(button(page, "Något annat?")).to_be_visible(timeout=LOAD_TIMEOUT_MS)


def test_a_day_built_by_touch_is_all_there_after_a_reload_and_on_disk(server, tablet):
    """Gå upp 07:00, Lunch 11:30, lägga mig 21:30; Skolan, Hemma; a wish per
    column; a quiet place would help to be where the child wants."""
    set_up_and_hand_over(tablet, server.url)
    touch(tablet, "En vanlig dag")
    expect_text(tablet, "Välj bilder på vad du gör en vanlig dag.")

    add_activity(tablet, "Gå upp", "07:00")
    add_activity(tablet, "Lunch", "11:30", part="Rast och lunch")
    add_activity(tablet, "Gå och lägga mig", "21:00", later_quarters=2, part="Kväll")
    expect(button(tablet, "21:30 Gå och lägga mig")).to_be_attached()

    next_step(tablet, "Är det något du gör idag som du skulle vilja göra")
    expect_text(tablet, "Det här valde du förut")
    touch(tablet, "Lunch")
    next_step(tablet, "Finns det något du inte gör idag")
    next_step(tablet, "Vad skulle hjälpa dig att göra det du vill?")
    next_step(tablet, "Välj bilder på var du är på dagarna.")
    touch(tablet, "Skolan")
    touch(tablet, "Hemma")
    next_step(tablet, "Finns det någon plats du är på idag")
    touch(tablet, "Hemma")
    next_step(tablet, "Finns det någon plats du inte är på idag")
    next_step(tablet, "Vad skulle hjälpa dig att vara där du vill?")
    touch(tablet, "En lugn plats")
    expect(button(tablet, "En lugn plats")).to_have_attribute(
        "aria-current", "true", timeout=10_000
    )
    next_step(tablet, "Vem brukar du vara tillsammans med på dagarna?")
    next_step(tablet, "Finns det någon du vill träffa oftare?")
    touch(tablet, "Kompis")
    expect(button(tablet, "Kompis")).to_have_attribute(
        "aria-current", "true", timeout=10_000
    )

    # A reload is a new Flet session: the day's route resumes at the same step.
    open_app(tablet, server.url + "/barn/dag")
    expect_text(tablet, "Finns det någon du vill träffa oftare?")
    expect(button(tablet, "Kompis")).to_have_attribute(
        "aria-current", "true", timeout=LOAD_TIMEOUT_MS
    )
    next_step(tablet, "Finns det någon du vill träffa mindre ofta?")
    next_step(tablet, "Vad skulle hjälpa dig att träffa dem du vill?")
    next_step(tablet, "Din vanliga dag")
    for text in (
        "07:00",
        "Gå upp",
        "11:30",
        "Lunch",
        "21:30",
        "Gå och lägga mig",
        "Skolan",
        "Hemma",
        "Kompis",
    ):
        expect_text(tablet, text)

    day, position = stored_day(server.data_dir)
    assert position == "day:summary"
    assert [(e["pictogram"], e["minutes"]) for e in day["timeline"]] == [
        ("get_up", 7 * 60),
        ("lunch", 11 * 60 + 30),
        ("go_to_bed", 21 * 60 + 30),
    ]
    picks = {k: v["picks"] for k, v in day["answers"].items() if v["picks"]}
    assert picks == {
        "activities.more": ["lunch"],
        "places.day": ["school_place", "home"],
        "places.more": ["home"],
        "places.help": ["help_quiet"],
        "persons.more": ["friend"],
    }
