"""Gates: the workspace needs the PIN; a device in child mode shows only the child.

Every workspace route renders through :func:`WorkspaceGate`, so no route, reload,
back button or edited URL reaches the workspace while a child holds the device.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import flet as ft

from app.faults import STORAGE_FAULTS
from app.ui.components.corrupt_notice import CorruptNotice
from app.ui.components.pin import PinEntry, SetupPin
from app.ui.context import ServicesContext, use_app_state, use_services
from app.ui.routes import ROUTE_CHILD_HOME
from app.ui.state import LockState, SignInStatus


@ft.component
def Redirect(to: str) -> ft.Control:
    """Navigate to ``to`` as soon as this is shown."""
    ft.use_effect(lambda: ft.context.page.navigate(to), dependencies=[])
    return ft.Container(key="redirect")


@ft.component
def WorkspaceGate(lock: LockState, screen: Callable[[], ft.Control]) -> ft.Control:
    """Show ``screen`` only to an unlocked counsellor and never in child mode."""
    state = use_app_state()
    try:
        in_child_mode = state.child_mode() is not None
        pin_set = state.pin.is_set()
    except STORAGE_FAULTS as exc:
        return CorruptNotice(exc, lambda: None)
    if in_child_mode:
        return Redirect(ROUTE_CHILD_HOME)
    if state.team is not None:
        return _SignedIn(lock, state.sign_in_status, screen)
    if not pin_set:
        return SetupPin()
    if lock.expired(state.clock(), state.idle_seconds):
        lock.lock()
    if not lock.unlocked:
        return PinEntry()
    return screen()


@ft.component
def _SignedIn(
    lock: LockState, status: SignInStatus, screen: Callable[[], ft.Control]
) -> ft.Control:
    """A team server: the workspace for a signed-in user only (no PIN), with
    their repository in every screen's services (the audit names them).

    ``status`` is watched too: a sign-in that ends an attempt re-renders this
    even when the lock was already open (a hand-over signs out, not locks)."""
    from app.ui.components.sign_in import SignIn  # PyJWT: the server extra

    state = use_app_state()
    services = use_services()
    if lock.expired(state.clock(), state.idle_seconds):
        lock.lock()
    if state.staff is None or not lock.unlocked:
        return SignIn(state.sign_in_status)
    mine = dataclasses.replace(services, repo=state.repo)
    return ServicesContext(mine, screen)


def use_counsellor_activity() -> None:
    """Call in a workspace screen: each render counts as activity (auto-lock)."""
    state = use_app_state()
    state.lock.touch(state.clock())
