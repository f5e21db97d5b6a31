"""State that an event handler reads as it is now, not as it was when the
handler was made.

A handler made in one render sees that render's state. Flet runs each
browser event as its own task and renders afterwards, so two events that
reach the server together (a child's quick taps: the pen, then the picture;
an adult's typing, then *Spara*; a busy server or a slow link that delivers
both frames at once) run one after the other *before* the render between
them: with ``use_state`` alone the second handler sees the state from
before the first — the picture is marked with the pen chosen before, the
typed text is saved as it was before the typing. ``use_latest`` keeps the
newest value beside the state, so every handler reads what the person chose
last, whichever render made it.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import flet as ft

T = TypeVar("T")


class Latest(Generic[T]):
    """The newest value (``value``), and ``set`` to change it and redraw.

    The same object in every render of its component, so a memoised child or
    a ``use_callback`` can hold it and still read the newest value.
    """

    __slots__ = ("_render", "_value")

    def __init__(self, value: T) -> None:
        self._value = value
        self._render: Any = None

    @property
    def value(self) -> T:
        return self._value

    def set(self, value: T) -> None:
        """Keep ``value`` now and draw the component again with it."""
        self._value = value
        self._render(value)

    def __repr__(self) -> str:  # never the value: it may be about a child
        return f"Latest({type(self._value).__name__})"


def use_latest(initial: T) -> Latest[T]:
    """A component's state that handlers read as it is now (see the module)."""
    _, render = ft.use_state(initial)
    latest = ft.use_ref(lambda: Latest(initial)).current
    latest._render = render
    return latest
