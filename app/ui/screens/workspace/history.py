"""*Över tid*: each grid item's marks session by session, and the day over time.

Then how the day feels across sessions, two lists side by side: contexts the
child felt glad or calm in (the booklet's *skyddande sammanhang*, where a
solution may be found) and contexts that felt worrying, sad or angry.

A picture a meeting can read at a glance: one row per item with a column of
level badges per session, then bars for the hours at school in the ordinary
day and for how many wishes the child named. The bars are plain containers:
flet-charts is a Flutter extension the prebuilt web client cannot draw.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.follow_up import without_unconfirmed
from app.domain.history import (
    FeltContext,
    protective_and_worrying,
    school_minutes,
    wish_count,
)
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.gate import use_counsellor_activity
from app.ui.components.pictogram_tile import level_badge
from app.ui.components.workspace_page import workspace_page
from app.ui.context import use_case_store, use_translator
from app.ui.routes import ROUTE_CHILD_DETAIL

BAR_MAX_WIDTH = 360


@ft.component
def HistoryScreen() -> ft.Control:
    """Route adapter: the child's history (the workspace layout route guards it)."""
    child_id = ft.use_route_params().get("child_id", "")
    return History(use_case_store(child_id))


def bar(value: float, top: float, label: str, colour: str) -> ft.Control:
    """A horizontal bar with its value written beside it (never colour alone)."""
    width = 4 if top <= 0 else max(4, int(BAR_MAX_WIDTH * value / top))
    return ft.Row(
        [
            ft.Container(width=width, height=18, bgcolor=colour, border_radius=4),
            ft.Text(label, size=13),
        ]
    )


def felt_list(
    _,
    key: str,
    title: str,
    pictogram: str,
    contexts: list[FeltContext],
    counts: list[int],
    total: int,
) -> ft.Control:
    """One of the two lists of contexts, with how many sessions said so."""
    rows: list[ft.Control] = [
        ft.Row(
            [
                ft.Image(
                    src=theme.pictogram_src(c.pictogram),
                    width=32,
                    height=32,
                    exclude_from_semantics=True,  # its word follows
                ),
                ft.Text(c.label if c.typed else _(c.label), size=14, expand=True),
                ft.Text(
                    _("i {count} av {total} samtal", count=n, total=total),
                    size=13,
                    color=theme.MUTED_INK,
                ),
            ],
            key=f"{key}-{c.key}",
            spacing=8,
        )
        for c, n in zip(contexts, counts, strict=True)
    ]
    return ft.Container(
        key=key,
        expand=True,
        bgcolor=theme.TILE_BG,
        border_radius=12,
        padding=12,
        content=ft.Column(
            [
                ft.Row(
                    [
                        ft.Image(
                            src=theme.pictogram_src(pictogram),
                            width=36,
                            height=36,
                            exclude_from_semantics=True,
                        ),
                        ft.Text(title, size=15, weight=ft.FontWeight.BOLD, expand=True),
                    ],
                    spacing=8,
                ),
                *(rows or [ft.Text(_("Inget än."), size=14, color=theme.MUTED_INK)]),
            ],
            spacing=6,
        ),
    )


def feelings_section(_, sessions) -> list[ft.Control]:
    """*Hur det känns* over time: the protective contexts beside the worrying."""
    good, hard = protective_and_worrying(sessions)
    total = len(sessions)
    return [
        ft.Text(_("Hur det känns"), size=18, weight=ft.FontWeight.BOLD),
        ft.Row(
            [
                felt_list(
                    _,
                    "history-good",
                    _("Lugnt eller glatt (skyddande sammanhang)"),
                    "calm",
                    good,
                    [c.good for c in good],
                    total,
                ),
                felt_list(
                    _,
                    "history-hard",
                    _("Oroligt, ledset eller argt"),
                    "worried",
                    hard,
                    [c.hard for c in hard],
                    total,
                ),
            ],
            spacing=12,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    ]


@ft.component
def History(store: CaseStore) -> ft.Control:
    """Rows of marks per item, columns per session; bars for the day."""
    _ = use_translator()
    use_counsellor_activity()
    # Last time's answers not confirmed at a follow-up are not that session's.
    child = store.child
    sessions = [without_unconfirmed(s) for s in store.sessions]
    header = ft.Row(
        [ft.Container(width=190)]
        + [
            ft.Container(
                width=96,
                content=ft.Text(_.date(s.started, "short"), size=12),
            )
            for s in sessions
        ]
    )
    rows = []
    for item in catalog.GRID_ITEMS:
        if not any(s.grid.levels(item.id) for s in sessions):
            continue
        rows.append(
            ft.Row(
                [
                    ft.Row(
                        [
                            ft.Image(
                                src=theme.pictogram_src(item.pictogram),
                                width=28,
                                height=28,
                                exclude_from_semantics=True,  # its word follows
                            ),
                            ft.Text(_(item.label), size=13, width=150),
                        ],
                        width=190,
                    ),
                    *[
                        ft.Container(
                            width=96,
                            content=ft.Row(
                                [level_badge(lv, 26) for lv in s.grid.levels(item.id)],
                                spacing=1,
                            ),
                        )
                        for s in sessions
                    ],
                ],
                key=f"history-{item.id}",
            )
        )
    hours = [school_minutes(s.day) for s in sessions]
    wishes = [wish_count(s) for s in sessions]
    day_rows = [
        ft.Row(
            [
                ft.Text(_.date(s.started, "short"), width=100, size=13),
                bar(
                    minutes,
                    max(hours),
                    _(
                        "{hours} h i skolan",
                        hours=f"{minutes / 60:.1f}".replace(".", ","),
                    )
                    if minutes
                    else _("ingen skoltid"),
                    next(iter(catalog.LEVELS.values())).colour,
                ),
                bar(
                    count,
                    max(wishes),
                    _("{count} önskningar", count=count),
                    "#8B3A7E",
                ),
            ],
            key=f"history-day-{s.id}",
        )
        for s, minutes, count in zip(sessions, hours, wishes, strict=True)
    ]
    return workspace_page(
        _,
        back_key="history-back",
        back_route=ROUTE_CHILD_DETAIL.format(child_id=child.id),
        title=_("Över tid"),
        aside=child.display_name,
        body=[
            ft.Text(_(catalog.GRID_TITLE), size=18, weight=ft.FontWeight.BOLD),
            header,
            *(rows or [ft.Text(_("Inga markeringar än."))]),
            ft.Text(_(catalog.DAY_TITLE), size=18, weight=ft.FontWeight.BOLD),
            *day_rows,
            *feelings_section(_, sessions),
        ],
        spacing=6,
    )
