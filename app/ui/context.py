"""What every component may reach: contexts and their ``use_*`` hooks.

A leaf of the UI: it imports no screen and no component, so any module under
``app/ui`` can import it without an import cycle.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

import flet as ft

from app.i18n import Translator
from app.storage.repository import Repository
from app.ui.case_store import CaseStore
from app.ui.player import Player
from app.ui.state import AppState, SessionStore


@dataclass(frozen=True)
class Services:
    """What every screen may use: the repository, the translators, the player."""

    repo: Repository
    ui_language: str = "sv"
    player: Player | None = None
    """This browser session's read-aloud player (None: the app is silent)."""
    https: bool = False
    """Whether the app is served over HTTPS (every browser may then record)."""

    def translator(self) -> Translator:
        """The translator for the UI language."""
        return Translator(self.ui_language)


class Audience(StrEnum):
    """Whose screens these are: the language follows the audience, not the URL."""

    CHILD = "child"
    WORKSPACE = "workspace"


ServicesContext = ft.create_context(None)
AppStateContext = ft.create_context(None)
PrefsContext = ft.create_context(None)
AudienceContext = ft.create_context(Audience.WORKSPACE)
"""Set to ``CHILD`` by the child layout route; everything else is the
counsellor's (the workspace, the PIN, the about page, a page not found)."""
SessionStoreContext = ft.create_context(None)
"""The session open on this device, provided by the child layout route."""


def use_services() -> Services:
    """Return the app's services from inside any component."""
    services = ft.use_context(ServicesContext)
    if services is None:  # pragma: no cover - a wiring error, not a user error
        raise RuntimeError("Services are not provided")
    return services


def use_app_state() -> AppState:
    """Return this browser session's state (which child session is open)."""
    return ft.use_context(AppStateContext)


def use_repo() -> Repository:
    """The repository this browser session works through: on a team server
    the signed-in user's (or, in child mode, the counsellor's who handed the
    tablet over), who alone may see the child; else the app's one store."""
    state = ft.use_context(AppStateContext)
    if state is not None:
        return state.repo
    return use_services().repo


def use_session_store() -> SessionStore:
    """Return the open session's store (inside the child layout route only)."""
    store = ft.use_context(SessionStoreContext)
    if store is None:  # pragma: no cover - a wiring error, not a user error
        raise RuntimeError("No session store: not under the child layout route")
    return store


def use_case_store(child_id: str, *, with_session: bool = False) -> CaseStore:
    """Open a child's case once for this screen (``AppState.open_case``).

    The calling component re-renders when the store changes. Raises
    NotFoundError or a storage fault (then the next render tries again).
    ``with_session``: start a first session when the child has none.
    """
    state = use_app_state()
    store, set_store = ft.use_state(
        lambda: state.open_case(child_id, with_session=with_session)
    )
    if store.child.id != child_id:  # the same screen, another child
        store = state.open_case(child_id, with_session=with_session)
        set_store(store)
    return store


def use_translator() -> Translator:
    """Return the translator for this screen (call it ``_`` in screens).

    Child screens (under the child layout route) speak the child's language;
    everything else, the counsellor's. Both come from :class:`Prefs`, so
    switching re-renders at once.
    """
    prefs = ft.use_context(PrefsContext)
    if prefs is None:
        return use_services().translator()
    child_screen = ft.use_context(AudienceContext) is Audience.CHILD
    language = prefs.child_language if child_screen else prefs.workspace_language
    return translator_for(language)


@functools.cache
def translator_for(language: str) -> Translator:
    """One shared translator per language (catalogs are loaded once)."""
    return Translator(language)
