"""A screen of many pictures: what a tablet shows at once comes first.

Opening a screen of pictures (the grid's 35, the day's 58 activities) costs
for every control: the server builds, diffs and sends it, Flutter builds it
(docs/benchmarks.md §7, tap → next screen). A tablet shows about
``FIRST_SCREENFUL`` of them before the child scrolls (four across and six
down when held upright, seven across and three down lying flat, under the
question and its buttons), so the render that opens such a screen builds those
and the rest follow ``REST_AFTER_S`` later, in a second message: the child
sees the screen in about half the time, and the pictures below the fold are
there before a finger could scroll to them.

Pictures the screen before showed as well (a day question after another with
the same pictures, whose tiles are kept) cost almost nothing and are always
built at once; only new ones count against the screenful, and the part built
first is always a beginning of the screen's pictures, so nothing moves when
the rest arrives.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Hashable, Sequence

import flet as ft

FIRST_SCREENFUL = 24
"""Pictures built with the render that opens a screen (the grid and a day
question show at most 24 without scrolling on a 1280×800 tablet, either way
up: docs/screenshots)."""

REST_AFTER_S = 0.1
"""How long after the first screenful the rest is built: the first message
has reached the tablet and its frame is being drawn (40–80 ms after the last
message on the benchmark's tablet), so the rest does not hold that frame
back; far shorter than any finger needs to scroll."""


def first_part(
    ids: Sequence[str], kept: Collection[str], limit: int = FIRST_SCREENFUL
) -> int:
    """How many of ``ids`` (in screen order) to build now: the longest
    beginning with at most ``limit`` pictures not in ``kept``."""
    new = 0
    for n, item in enumerate(ids):
        if item not in kept:
            new += 1
            if new > limit:
                return n
    return len(ids)


def use_first_screenful(
    key: Hashable, ids: Sequence[str], limit: int = FIRST_SCREENFUL
) -> int:
    """How many of the screen's pictures ``ids`` to build on this render.

    ``limit``: the new pictures a tablet shows without scrolling on this
    screen. ``key`` names what is on screen (a day question): when it changes, the
    pictures the last render built count as kept. While some are held back,
    the rest is built ``REST_AFTER_S`` later (a step left sooner cancels it).
    """
    whole_for, set_whole_for = ft.use_state(None)
    last = ft.use_ref((None, frozenset()))  # the last render's key and pictures
    last_key, built = last.current
    whole = whole_for == key and last_key == key  # not a visit before the last
    count = len(ids) if whole else first_part(ids, built, limit)
    last.current = (key, frozenset(ids[:count]))
    held_back = count < len(ids)

    async def rest_later() -> None:
        if held_back:
            await asyncio.sleep(REST_AFTER_S)
            set_whole_for(key)

    ft.use_effect(rest_later, [key, held_back])
    return count


__all__ = ["FIRST_SCREENFUL", "REST_AFTER_S", "first_part", "use_first_screenful"]
