"""The app's root: shared services in a context, and the single route table."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import flet as ft
from argon2 import PasswordHasher

from app.faults import STORAGE_FAULTS
from app.i18n import Translator
from app.pairing import Pairing, is_loopback
from app.security import PinGuard
from app.storage.repository import Repository
from app.ui import theme
from app.ui.live import LiveSessions
from app.ui.state import AppState, Paired, Prefs
from app.web import current_device

IDLE_CHECK_SECONDS = 10


@dataclass(frozen=True)
class Services:
    """What every screen may use: the repository and the translators."""

    repo: Repository
    ui_language: str = "sv"

    def translator(self) -> Translator:
        """The translator for the UI language."""
        return Translator(self.ui_language)


ServicesContext = ft.create_context(None)
AppStateContext = ft.create_context(None)
PrefsContext = ft.create_context(None)


def use_services() -> Services:
    """Return the app's services from inside any component."""
    services = ft.use_context(ServicesContext)
    if services is None:  # pragma: no cover - a wiring error, not a user error
        raise RuntimeError("Services are not provided")
    return services


def use_app_state() -> AppState:
    """Return this browser session's state (which child session is open)."""
    return ft.use_context(AppStateContext)


def use_translator() -> Translator:
    """Return the translator for this screen (call it ``_`` in screens).

    Child screens (``/barn…``) speak the child's language; everything else, the
    counsellor's. Both come from :class:`Prefs`, so switching re-renders at once.
    """
    prefs = ft.use_context(PrefsContext)
    if prefs is None:
        return use_services().translator()
    child_screen = ft.use_route_location().startswith("/barn")
    language = prefs.child_language if child_screen else prefs.workspace_language
    return translator_for(language)


@functools.cache
def translator_for(language: str) -> Translator:
    """One shared translator per language (catalogs are loaded once)."""
    return Translator(language)


def _routes() -> list[ft.Route]:
    # Imported here so screens can import use_services from this module.
    from app.ui.screens.about import AboutScreen
    from app.ui.screens.audit_view import AuditScreen
    from app.ui.screens.child_detail import ChildDetailScreen
    from app.ui.screens.child_home import ChildHomeScreen
    from app.ui.screens.day import DayScreen, DayStepScreen
    from app.ui.screens.day_summary import DaySummaryScreen
    from app.ui.screens.grid import GridScreen
    from app.ui.screens.grid_summary import GridSummaryScreen
    from app.ui.screens.history import HistoryScreen
    from app.ui.screens.meeting import (
        AfterMeetingScreen,
        BeforeMeetingScreen,
        LastTimeScreen,
        MeetingPrepScreen,
    )
    from app.ui.screens.pin import UnlockChildModeScreen
    from app.ui.screens.plan import PlanScreen
    from app.ui.screens.review import ReviewScreen
    from app.ui.screens.workspace import WorkspaceScreen

    # Workspace routes are wrapped in the PIN gate by their screens; child
    # routes show only the session the device was handed over with.
    return [
        ft.Route(index=True, component=WorkspaceScreen),
        ft.Route(path="om", component=AboutScreen),
        ft.Route(path="arbete/logg", component=AuditScreen),
        ft.Route(path="arbete/barn/:child_id", component=ChildDetailScreen),
        ft.Route(path="arbete/barn/:child_id/plan", component=PlanScreen),
        ft.Route(path="arbete/barn/:child_id/mote", component=MeetingPrepScreen),
        ft.Route(path="arbete/barn/:child_id/historik", component=HistoryScreen),
        ft.Route(path="barn/infor-mote", component=BeforeMeetingScreen),
        ft.Route(path="barn/efter-motet", component=AfterMeetingScreen),
        ft.Route(path="barn/sist", component=LastTimeScreen),
        ft.Route(path="las-upp", component=UnlockChildModeScreen),
        ft.Route(path="barn/granska", component=ReviewScreen),
        ft.Route(path="barn", component=ChildHomeScreen),
        ft.Route(path="barn/bra-pa", component=GridScreen),
        ft.Route(path="barn/bra-pa/klar", component=GridSummaryScreen),
        ft.Route(path="barn/dag", component=DayScreen),
        ft.Route(path="barn/dag/klar", component=DaySummaryScreen),
        ft.Route(path="barn/dag/:step", component=DayStepScreen),
    ]


def import_screens() -> None:
    """Import every screen now rather than at the first render (start-up)."""
    _routes()


ROUTE_START = "/"
ROUTE_ABOUT = "/om"
ROUTE_AUDIT = "/arbete/logg"
ROUTE_CHILD_DETAIL = "/arbete/barn/{child_id}"
ROUTE_PLAN = "/arbete/barn/{child_id}/plan"
ROUTE_MEETING = "/arbete/barn/{child_id}/mote"
ROUTE_HISTORY = "/arbete/barn/{child_id}/historik"
ROUTE_LAST_TIME = "/barn/sist"
ROUTE_UNLOCK = "/las-upp"
ROUTE_REVIEW = "/barn/granska"
ROUTE_CHILD_HOME = "/barn"
ROUTE_GRID = "/barn/bra-pa"
ROUTE_GRID_SUMMARY = "/barn/bra-pa/klar"
ROUTE_DAY = "/barn/dag"
"""*En vanlig dag*: sends the child to the step they were on."""
ROUTE_DAY_STEP = "/barn/dag/{step}"
"""One prompt of the day; ``step`` is the prompt id (``places.more``)."""
ROUTE_DAY_SUMMARY = "/barn/dag/klar"


@ft.component
def App(services: Services, state: AppState) -> ft.Control:
    """Provide services to every screen and pick the screen from the route."""
    return ServicesContext(
        services,
        lambda: AppStateContext(state, lambda: LanguageRoot(state.prefs)),
    )


@ft.component
def LanguageRoot(prefs: Prefs) -> ft.Control:
    """Re-render every screen when a language changes (``prefs`` is observable)."""
    state = use_app_state()
    return PrefsContext(prefs, lambda: PairingGate(state.paired))


@ft.component
def PairingGate(paired: Paired) -> ft.Control:
    """A browser from another device sees nothing until it has paired."""
    if not paired.value:
        from app.ui.screens.pairing import PairingScreen

        return PairingScreen()
    return ft.Router(_routes(), not_found=_NotFound)


@ft.component
def _NotFound() -> ft.Control:
    from app.ui.components.gate import Redirect

    _ = use_translator()
    if use_app_state().child_mode() is not None:
        return Redirect(ROUTE_CHILD_HOME)
    return ft.Column(
        [
            ft.Text(_("Sidan finns inte."), size=22),
            ft.Button(
                _("Till början"),
                key="go-start",
                on_click=lambda _e: ft.context.page.navigate(ROUTE_START),
            ),
        ]
    )


def build_main(
    repo: Repository,
    *,
    hasher: PasswordHasher | None = None,
    idle_watch: bool = True,
    clock: Callable[[], float] | None = None,
    pairing: Pairing | None = None,
    encrypt: bool = True,
    unwritable: OSError | None = None,
) -> Callable[[ft.Page], None]:
    """Return the ``main`` that Flet calls for every browser session.

    ``hasher`` and ``clock`` let tests use a cheap Argon2 and a hand-moved clock;
    ``idle_watch`` starts the task that locks an unattended workspace;
    ``unwritable`` is why the data folder takes no writes, if start-up found so
    (the workspace then says it opens for reading and exporting only).
    """

    def main(page: ft.Page) -> None:
        services = Services(repo=repo)
        now = clock or time.time
        pin = PinGuard(repo, hasher=hasher, clock=now, encrypt=encrypt)
        # Child mode belongs to the browser that started it: the device cookie
        # this connection brought, or (cookies refused) this session alone.
        device = current_device() or f"session:{secrets.token_hex(16)}"
        state = AppState(
            repo=repo,
            pin=pin,
            device=device,
            clock=now,
            pairing=pairing,
            unwritable=unwritable,
            live=LiveSessions(page),
        )
        # Browsers on this machine are trusted; any other must pair first.
        state.paired.value = pairing is None or is_loopback(page.client_ip)
        page.title = "Min röst"
        page.bgcolor = theme.SCREEN_BG
        page.padding = 0
        page.fonts = theme.FONT_FILES
        page.theme = theme.build_theme()
        page.theme_mode = ft.ThemeMode.LIGHT
        page.data = state  # lets the idle check (and tests) reach this session
        # A damaged file is shown (with its backup offered) by the screens.
        with contextlib.suppress(*STORAGE_FAULTS):
            state.restore_child_language()
        page.render(App, services, state)
        if idle_watch:
            page.run_task(watch_idle, state)

    return main


def lock_if_idle(state: AppState) -> bool:
    """Lock the workspace when it has been left alone too long; True if locked."""
    if state.lock.expired(state.clock(), state.idle_seconds):
        state.lock.lock()
        return True
    return False


async def watch_idle(state: AppState) -> None:
    """Check every few seconds whether an unlocked workspace should lock itself."""
    while True:
        await asyncio.sleep(IDLE_CHECK_SECONDS)
        lock_if_idle(state)
