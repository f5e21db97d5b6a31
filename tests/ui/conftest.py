"""Fixtures for UI tests: a real repository and the app's real `main`."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from harness import THIS_BROWSER

from app.domain.models import Child, Session
from app.security import PinGuard
from app.storage.repository import Repository
from app.ui.app import build_main
from app.web import device_id

PIN = "482913"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
"""Argon2id with tiny costs: the same code path, fast enough for many tests."""


@pytest.fixture
def repo(tmp_path):
    """A repository on an empty data folder."""
    return Repository(tmp_path / "data")


@pytest.fixture
def pinned(repo):
    """The counsellor has chosen the PIN (first run done)."""
    guard = PinGuard(repo, hasher=FAST_HASHER, encrypt=True)
    guard.set_pin(PIN)  # creates the key file; the repo now encrypts
    return PIN


@pytest.fixture
def active(repo, pinned):
    """A child with a session open on this device: child mode, as after *Starta*."""
    child = Child.new("T. E.")
    repo.add_child(child)
    session = Session.new(child.id)
    repo.save_session(session)
    repo.set_active(child.id, session.id, device=device_id(THIS_BROWSER))
    return child, session


@pytest.fixture
def app_main(repo):
    """What `ft.run` gets: the app wired to the test repository."""
    return build_main(repo, hasher=FAST_HASHER, idle_watch=False)


def first_run(h, secret: str) -> str:
    """Choose ``secret`` on the first-run screen; return the recovery key shown."""
    h.type("pin-new", secret)
    h.type("pin-repeat", secret)
    h.click("pin-save")
    return h.find("recovery-key").data


def unlock(h, pin: str = PIN) -> None:
    """Type the PIN into the lock screen and submit it."""
    h.type("pin", pin)
    h.click("pin-submit")


def texts_under(control) -> list[str]:
    """Every Text value inside a control, depth first."""
    found = []
    value = getattr(control, "value", None)
    if type(control).__name__ == "Text" and isinstance(value, str):
        found.append(value)
    # A component's rendered body is its child (``_b``, Flet 1.0.5).
    for name in ("content", "controls", "_b"):
        child = getattr(control, name, None)
        for c in child if isinstance(child, list) else [child]:
            if c is not None and hasattr(c, "_i"):
                found.extend(texts_under(c))
    return found


def keys_under(control) -> list[str]:
    """Every control key inside a control (itself included), depth first."""
    key = getattr(control, "key", None)
    found = [str(getattr(key, "value", key))] if key is not None else []
    for name in ("content", "controls", "_b"):
        child = getattr(control, name, None)
        for c in child if isinstance(child, list) else [child]:
            if c is not None and hasattr(c, "_i"):
                found.extend(keys_under(c))
    return found


def choose_picture(h, pictogram: str) -> None:
    """In the own-item form: open the picture's shelf, page to it, tap it."""
    from app.domain import catalog

    shelf = next(s for s, ids in catalog.SHELF_PICTURES.items() if pictogram in ids)
    h.click(f"shelf-{shelf.value}")
    page = catalog.SHELF_PICTURES[shelf].index(pictogram) // catalog.SHELF_PAGE
    for _ in range(page):
        h.click("own-page-next")
    h.click(f"own-pic-{pictogram}")


def day_renders(monkeypatch, part: str = "pick_body") -> list[str]:
    """The day steps for which the day screen builds ``part`` (``pick_body``,
    ``question_row``) from now on, in order."""
    from app.ui.screens.child import day as day_screen

    renders: list[str] = []
    real = getattr(day_screen, part)

    def counted(_, store, step, *args, **kwargs):
        renders.append(step)
        return real(_, store, step, *args, **kwargs)

    monkeypatch.setattr(day_screen, part, counted)
    return renders
