"""Faults of the data folder on screen: a calm notice, never a click that does nothing.

A handler that saves or reads may meet a damaged file, a read-only folder or a
full disk. Unhandled, Flet only logs the exception and the click seems to do
nothing. ``reports_faults`` wraps such a handler: the fault becomes a notice
(``fault-notice``) with the sentence from ``app.faults``, in the counsellor's
language, and nothing else happens. Nothing of a child's data is shown or
logged: only the kind of fault.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

import flet as ft

from app.faults import STORAGE_FAULTS, fault_message
from app.storage.errors import folder_error, is_unwritable
from app.ui import theme
from app.ui.context import translator_for
from app.ui.routes import ROUTE_CHILD_HOME

log = logging.getLogger(__name__)

__all__ = ["reports_faults", "show_fault"]


def show_fault(exc: BaseException) -> None:
    """Show a fault of the data folder as a notice over the current screen."""
    log.warning("a data folder fault stopped an action: %s", type(exc).__name__)
    page = ft.context.page
    state = page.data
    # A handler runs outside any render, so no context says whose screen it is.
    child_screen = (page.route or "").startswith(ROUTE_CHILD_HOME)
    prefs = state.prefs
    _ = translator_for(
        prefs.child_language if child_screen else prefs.workspace_language
    )
    if isinstance(exc, OSError) and is_unwritable(exc):
        # The workspace says from now on that nothing can be saved.
        state.unwritable = folder_error(exc, state.repo.data_dir)
    page.show_dialog(
        ft.AlertDialog(
            key="fault-notice",
            modal=True,
            bgcolor=theme.SOFT_NOTICE_BG,
            title=ft.Text(_("Det gick inte")),
            content=ft.Text(
                fault_message(_, exc, state.repo.data_dir), key="fault-text"
            ),
            actions=[
                ft.TextButton(
                    _("OK"), key="fault-ok", on_click=lambda _e: page.pop_dialog()
                )
            ],
        )
    )


def reports_faults(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap an event handler so a fault of the data folder shows a notice."""
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            try:
                return await handler(*args, **kwargs)
            except STORAGE_FAULTS as exc:
                show_fault(exc)
                return None

        return run_async

    @functools.wraps(handler)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except STORAGE_FAULTS as exc:
            show_fault(exc)
            return None

    return run
