"""The app's root: the contexts, and the single route table.

The only module that imports screens (everything else imports
:mod:`app.ui.context` and :mod:`app.ui.routes`, which import none), so the UI
has no import cycle.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import secrets
import time
from collections.abc import Callable

import flet as ft
from argon2 import PasswordHasher

from app.domain.staff import StaffUser
from app.faults import STORAGE_FAULTS
from app.i18n import LANGUAGES
from app.pairing import Pairing, is_loopback
from app.security import PinGuard
from app.storage.repository import Repository
from app.team_server import TeamServer
from app.ui import theme
from app.ui.components.child_frame import NoSession
from app.ui.components.gate import Redirect, WorkspaceGate
from app.ui.context import (
    AppStateContext,
    Audience,
    AudienceContext,
    PrefsContext,
    Services,
    ServicesContext,
    SessionStoreContext,
    use_app_state,
    use_translator,
)
from app.ui.live import LiveSessions, ServerSaves
from app.ui.player import flet_audio_player
from app.ui.routes import ROUTE_CHILD_HOME, ROUTE_START
from app.ui.screens.child.child_home import ChildHomeScreen
from app.ui.screens.child.day import DayScreen, DayStepScreen
from app.ui.screens.child.day_summary import DaySummaryScreen
from app.ui.screens.child.grid import GridScreen
from app.ui.screens.child.grid_summary import GridSummaryScreen
from app.ui.screens.child.meeting import (
    AfterMeetingScreen,
    BeforeMeetingScreen,
    LastTimeScreen,
)
from app.ui.screens.child.review import ReviewScreen
from app.ui.screens.child.share import ShareScreen
from app.ui.screens.child.told import ToldScreen
from app.ui.screens.workspace.about import AboutScreen
from app.ui.screens.workspace.audit_view import AuditScreen
from app.ui.screens.workspace.child_detail import ChildDetailScreen
from app.ui.screens.workspace.history import HistoryScreen
from app.ui.screens.workspace.home import WorkspaceScreen
from app.ui.screens.workspace.meeting_prep import MeetingPrepScreen
from app.ui.screens.workspace.meeting_view import MeetingViewScreen
from app.ui.screens.workspace.pairing import PairingScreen
from app.ui.screens.workspace.plan import PlanScreen
from app.ui.screens.workspace.unlock import UnlockChildModeScreen
from app.ui.screens.workspace.voices import VoicesScreen
from app.ui.state import AppState, Paired, Prefs
from app.web import current_device

IDLE_CHECK_SECONDS = 10


def routes() -> list[ft.Route]:
    """The one route table: every path, grouped under the guard it needs.

    The child layout route shows only the session this device was handed over
    with, in the child's language; the workspace layout route asks for the PIN,
    locks when idle and never opens while a child holds the device; the open
    pages (*Om appen*) need no PIN but are not shown in child mode either. No
    screen repeats a guard.
    """
    return [
        ft.Route(
            path="barn",
            component=ChildLayout,
            children=[
                ft.Route(index=True, component=child_screen(ChildHomeScreen)),
                ft.Route(path="granska", component=child_screen(ReviewScreen)),
                ft.Route(path="vem-far-veta", component=child_screen(ShareScreen)),
                ft.Route(
                    path="vem-far-veta/sa-blir-det", component=child_screen(ToldScreen)
                ),
                ft.Route(path="bra-pa", component=child_screen(GridScreen)),
                ft.Route(path="bra-pa/klar", component=child_screen(GridSummaryScreen)),
                ft.Route(path="dag", component=child_screen(DayScreen)),
                ft.Route(path="dag/klar", component=child_screen(DaySummaryScreen)),
                ft.Route(path="dag/:step", component=child_screen(DayStepScreen)),
                ft.Route(
                    path="infor-mote", component=child_screen(BeforeMeetingScreen)
                ),
                ft.Route(
                    path="efter-motet", component=child_screen(AfterMeetingScreen)
                ),
                ft.Route(path="sist", component=child_screen(LastTimeScreen)),
            ],
        ),
        ft.Route(
            component=WorkspaceLayout,
            children=[
                ft.Route(index=True, component=WorkspaceScreen),
                ft.Route(path="arbete/logg", component=AuditScreen),
                ft.Route(path="arbete/barn/:child_id", component=ChildDetailScreen),
                ft.Route(path="arbete/barn/:child_id/plan", component=PlanScreen),
                ft.Route(
                    path="arbete/barn/:child_id/mote", component=MeetingPrepScreen
                ),
                ft.Route(
                    path="arbete/barn/:child_id/historik", component=HistoryScreen
                ),
                ft.Route(
                    path="arbete/barn/:child_id/barnets-rost",
                    component=MeetingViewScreen,
                ),
                ft.Route(path="arbete/barn/:child_id/roster", component=VoicesScreen),
            ],
        ),
        ft.Route(
            component=NotInChildModeLayout,
            children=[ft.Route(path="om", component=AboutScreen)],
        ),
        ft.Route(path="las-upp", component=UnlockChildModeScreen),
    ]


def import_screens() -> None:
    """Import every screen now rather than at the first render (start-up).

    The screens are imported with this module; building the table once is what
    is left of the work (kept so :func:`app.main.freeze_start_up` can call it).
    """
    routes()


@ft.component
def ChildLayout() -> ft.Control:
    """Guard of every child route: the session open on this device, or nothing."""
    outlet = ft.use_route_outlet()
    if use_app_state().open_active() is None:
        return AudienceContext(Audience.CHILD, NoSession)
    return outlet


@functools.cache
def child_screen(screen: Callable[[], ft.Control]) -> Callable[[], ft.Control]:
    """``screen`` with the child's language and the open session in context.

    Flet 1.0.5 builds a layout's outlet before the layout renders, so contexts
    the layout provides do not reach it: each child route gets them here.
    """

    @ft.component
    def ChildScreen() -> ft.Control:
        store = use_app_state().open_active()
        return AudienceContext(
            Audience.CHILD, lambda: SessionStoreContext(store, screen)
        )

    ChildScreen.__name__ = ChildScreen.__qualname__ = f"Child{screen.__name__}"
    return ChildScreen


@ft.component
def NotInChildModeLayout() -> ft.Control:
    """Guard of the open pages (*Om appen*): a device in child mode shows the child.

    They hold no child data and need no PIN, but a child who types their path
    stays in the child's screens, like every other path.
    """
    outlet = ft.use_route_outlet()
    if use_app_state().child_mode() is not None:
        return Redirect(ROUTE_CHILD_HOME)
    return outlet


@ft.component
def WorkspaceLayout() -> ft.Control:
    """Guard of every workspace route: the PIN, the idle lock, no child mode."""
    outlet = ft.use_route_outlet()
    return WorkspaceGate(use_app_state().lock, lambda: outlet)


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
    language = prefs.workspace_language

    def localise_flutter() -> None:
        # Flutter's own words (a field's "60 characters remaining") follow
        # the counsellor's language; Somali and Tigrinya fall back to Swedish.
        page = ft.context.page
        page.locale_configuration = ft.LocaleConfiguration(
            supported_locales=[ft.Locale(code) for code in LANGUAGES],
            current_locale=ft.Locale(language),
        )
        page.update()

    ft.use_effect(localise_flutter, [language])
    return PrefsContext(prefs, lambda: PairingGate(state.paired))


@ft.component
def PairingGate(paired: Paired) -> ft.Control:
    """A browser from another device sees nothing until it has paired."""
    if not paired.value:
        return PairingScreen()
    return ft.Router(routes(), not_found=_NotFound)


@ft.component
def _NotFound() -> ft.Control:
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
    https: bool = False,
    team: TeamServer | None = None,
    staff: StaffUser | None = None,
) -> Callable[[ft.Page], None]:
    """Return the ``main`` that Flet calls for every browser session.

    ``hasher`` and ``clock`` let tests use a cheap Argon2 and a hand-moved clock;
    ``idle_watch`` starts the task that locks an unattended workspace;
    ``unwritable`` is why the data folder takes no writes, if start-up found so
    (the workspace then says it opens for reading and exporting only);
    ``https``: the app is served over TLS (a secure context for every browser);
    ``team``: a team server with sign-in (the workspace needs a signed-in user,
    not the PIN).
    ``staff``: the signed-in team-server user of every session this ``main``
    serves, with ``repo`` that user's store (tests and screenshots; sign-in
    sets it per session).
    """
    saves = ServerSaves(repo)  # other server processes' saves (team server)

    def main(page: ft.Page) -> None:
        saves.attach(page)
        services = Services(repo=repo, player=flet_audio_player(), https=https)
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
            team=team,
            staff=staff,
        )
        # Browsers on this machine are trusted; any other must pair first.
        state.paired.value = pairing is None or is_loopback(page.client_ip)
        page.title = "Min röst"
        page.bgcolor = theme.SCREEN_BG
        page.padding = 0
        page.fonts = theme.font_sources()
        page.theme = theme.build_theme()
        page.theme_mode = ft.ThemeMode.LIGHT
        page.data = state  # lets the idle check (and tests) reach this session
        if team is not None:
            # Flet's client re-attaches a reload (or a lost connection) to this
            # session: on a team server whoever comes back signs in again.
            page.on_connect = lambda _e: state.sign_out()
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
