"""`make screenshots`: PNGs of every screen at tablet sizes, from the real server.

Each scene seeds an invented child into a fresh data folder, starts the app,
opens a route in headless Chromium and optionally taps through the UI. Output:
``docs/screenshots/<scene>-<width>x<height>.png``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from app.domain.models import (
    Child,
    Consent,
    ConsentGiver,
    GridAnswers,
    Level,
    Recipient,
    Session,
    make_custom_item,
    utcnow,
)
from app.security import PinGuard
from app.storage.repository import Repository
from tests.browser.flutter import BROWSER_PIN, fill, open_app, tap
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, AppServer

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZES = ((1280, 800), (800, 1280))


def half_filled_grid() -> GridAnswers:
    """An invented child's answers to about half of the grid."""
    grid = GridAnswers()
    marks = {
        "maths": (Level.FUN, Level.GOOD_AT),
        "music": (Level.FUN,),
        "pe": (Level.GOOD_AT, Level.FUN),
        "speak_in_class": (Level.DISLIKE,),
        "group_work": (Level.BORING_HARD,),
        "writing": (Level.BORING_HARD,),
        "reading": (Level.GOOD_AT,),
        "computer_games": (Level.FUN, Level.GOOD_AT),
        "drawing": (Level.FUN,),
        "school_lunch": (Level.DISLIKE,),
        "homework": (Level.BORING_HARD, Level.DISLIKE),
        "wake_up": (Level.BORING_HARD,),
        "free_play": (Level.FUN,),
        "helping": (Level.GOOD_AT,),
        "talk_classmates": (Level.FUN,),
        "answer_questions": (Level.BORING_HARD,),
    }
    for item, levels in marks.items():
        for level in levels:
            grid = grid.toggle(item, level)
    own = make_custom_item("Klättra", "play_outside")
    return grid.add_custom(own).toggle(own.id, Level.FUN)


@dataclass
class Scene:
    """One screen to photograph: seed data, a route, and taps to get there."""

    name: str
    route: str
    grid: GridAnswers | None = None
    active: bool = True
    """Whether the invented child's session is open in child mode."""
    pin: bool = True
    """Whether the first run (choosing the PIN) is done."""
    extra_children: int = 0
    steps: Callable[[Page], None] | None = None
    session_changes: dict = field(default_factory=dict)


def seed(data_dir: Path, scene: Scene) -> None:
    """Write the scene's invented children into a fresh data folder."""
    repo = Repository(data_dir)
    if scene.pin:
        PinGuard(repo).set_pin(BROWSER_PIN)
    names = ["Elev A", "Elev B", "Elev C", "Elev D"]
    for i in range(scene.extra_children):
        repo.add_child(Child.new(names[i % len(names)], f"Ärende {100 + i}"))
    child = Child.new("Elev T", "Ärende 7")
    repo.add_child(child)
    session = Session.new(child.id)
    if scene.grid is not None:
        session = replace(session, grid=scene.grid)
    if scene.session_changes:
        session = replace(session, **scene.session_changes)
    repo.save_session(session)
    if scene.active:
        repo.set_active(child.id, session.id)
    scene.route = scene.route.replace("{child}", child.id).replace(
        "{session}", session.id
    )


def unlock(page: Page) -> None:
    """Type the PIN on the lock screen."""
    fill(page, "PIN-kod", BROWSER_PIN)
    tap(page, "Lås upp")


def unlock_then(*names: str) -> Callable[[Page], None]:
    """Unlock the workspace, then tap the buttons named."""

    def steps(page: Page) -> None:
        unlock(page)
        for name in names:
            tap(page, name)

    return steps


CONSENTED = (
    Consent(
        id="k1",
        given_by=(ConsentGiver.CHILD, ConsentGiver.GUARDIANS),
        recipients=(Recipient.SCHOOL, Recipient.STUDENT_HEALTH),
        given_at=utcnow(),
    ),
)

SCENES: list[Scene] = [
    Scene("pin-setup", "/", active=False, pin=False),
    Scene("pin", "/", active=False),
    Scene("workspace", "/", active=False, extra_children=3, steps=unlock),
    Scene(
        "child-detail",
        "/arbete/barn/{child}",
        active=False,
        grid=half_filled_grid(),
        session_changes={"consents": CONSENTED, "notes": "Ta upp rasterna."},
        steps=unlock,
    ),
    Scene(
        "consent",
        "/arbete/barn/{child}",
        active=False,
        steps=unlock_then("Samtycke"),
    ),
    Scene(
        "consent-reminder",
        "/arbete/barn/{child}",
        active=False,
        session_changes={"consents": CONSENTED},
        steps=unlock_then("Ny session"),
    ),
    Scene("child-home", "/barn"),
    Scene("unlock-child-mode", "/las-upp"),
    Scene(
        "review",
        "/barn/granska",
        grid=half_filled_grid(),
        session_changes={"private": frozenset({"grid:school_lunch"})},
    ),
    Scene("grid-empty", "/barn/bra-pa"),
    Scene("grid-half", "/barn/bra-pa", grid=half_filled_grid()),
    Scene(
        "grid-own-item",
        "/barn/bra-pa",
        grid=half_filled_grid(),
        steps=lambda page: tap(page, "Något annat?", touch=True),
    ),
    Scene("grid-summary", "/barn/bra-pa/klar", grid=half_filled_grid()),
]


def shoot(scene: Scene, browser, out: Path) -> list[Path]:
    """Photograph one scene at every size; return the files written."""
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        seed(data, scene)
        server = AppServer(data)
        try:
            server.wait_ready()
            for width, height in SIZES:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, has_touch=True
                )
                page = context.new_page()
                open_app(page, server.url + scene.route)
                if scene.steps:
                    scene.steps(page)
                page.wait_for_load_state("networkidle")
                time.sleep(1.5)  # let images decode and animations settle
                page.wait_for_load_state("networkidle")
                page.bring_to_front()
                path = out / f"{scene.name}-{width}x{height}.png"
                page.screenshot(path=str(path))
                written.append(path)
                context.close()
        finally:
            server.stop()
    return written


def main(argv: list[str] | None = None) -> int:
    """Photograph all scenes (or those named) into docs/screenshots/."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenes", nargs="*", help="only these scenes")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    chosen = [s for s in SCENES if not args.scenes or s.name in args.scenes]
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for scene in chosen:
            for path in shoot(scene, browser, OUT):
                print(path.relative_to(OUT.parent.parent))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
