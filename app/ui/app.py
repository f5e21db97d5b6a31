"""The app's root: shared services in a context, and the single route table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from app.i18n import Translator
from app.storage.repository import Repository
from app.ui import theme
from app.ui.state import AppState


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
    """Return the translator for this screen (call it ``_`` in screens)."""
    return use_services().translator()


def _routes() -> list[ft.Route]:
    # Imported here so screens can import use_services from this module.
    from app.ui.screens.about import AboutScreen
    from app.ui.screens.child_home import ChildHomeScreen
    from app.ui.screens.day import DayScreen, DayStepScreen
    from app.ui.screens.day_summary import DaySummaryScreen
    from app.ui.screens.grid import GridScreen
    from app.ui.screens.grid_summary import GridSummaryScreen
    from app.ui.screens.start import StartScreen

    return [
        ft.Route(index=True, component=StartScreen),
        ft.Route(path="om", component=AboutScreen),
        ft.Route(path="barn", component=ChildHomeScreen),
        ft.Route(path="barn/bra-pa", component=GridScreen),
        ft.Route(path="barn/bra-pa/klar", component=GridSummaryScreen),
        ft.Route(path="barn/dag", component=DayScreen),
        ft.Route(path="barn/dag/klar", component=DaySummaryScreen),
        ft.Route(path="barn/dag/:step", component=DayStepScreen),
    ]


ROUTE_START = "/"
ROUTE_ABOUT = "/om"
ROUTE_CHILD_HOME = "/barn"
ROUTE_GRID = "/barn/bra-pa"
ROUTE_GRID_SUMMARY = "/barn/bra-pa/klar"
ROUTE_DAY = "/barn/dag"
"""*En vanlig dag*: sends the child to the step they were on."""
ROUTE_DAY_STEP = "/barn/dag/{step}"
"""One prompt of the day; ``step`` is the prompt id (``places.more``)."""
ROUTE_DAY_SUMMARY = "/barn/dag/klar"


@ft.component
def App(services: Services) -> ft.Control:
    """Provide services to every screen and pick the screen from the route."""
    state, _ = ft.use_state(lambda: AppState(services.repo))
    return ServicesContext(
        services,
        lambda: AppStateContext(
            state, lambda: ft.Router(_routes(), not_found=_NotFound)
        ),
    )


@ft.component
def _NotFound() -> ft.Control:
    _ = use_translator()
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


def build_main(repo: Repository) -> Callable[[ft.Page], None]:
    """Return the ``main`` that Flet calls for every browser session."""

    def main(page: ft.Page) -> None:
        services = Services(repo=repo)
        page.title = "Min röst"
        page.bgcolor = theme.SCREEN_BG
        page.padding = 0
        page.theme = ft.Theme(color_scheme_seed=theme.ACCENT)
        page.theme_mode = ft.ThemeMode.LIGHT
        page.render(App, services)

    return main
