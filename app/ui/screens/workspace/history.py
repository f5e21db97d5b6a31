"""*Över tid*: each grid item's marks session by session, and the day over time.

Then how the day feels across sessions, two lists side by side: contexts the
child felt glad or calm in (the booklet's *skyddande sammanhang*, where a
solution may be found) and contexts that felt worrying, sad or angry.

A picture a meeting can read at a glance: one row per item with a column of
level badges per session, then two bar charts (flet-charts, whose Dart side
the prebuilt web client holds) for the hours at school in the ordinary day and
for how many wishes the child named, one bar per session. Each bar has its
date and value written under it, and a small text line per session repeats
the figures: a screen reader cannot read the chart's canvas.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.follow_up import (
    EVALUATION_LABELS,
    EVALUATION_PICTOGRAMS,
    without_unconfirmed,
)
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
from app.ui.components.session_bars import session_bars
from app.ui.components.workspace_page import workspace_page
from app.ui.context import use_case_store, use_translator
from app.ui.routes import ROUTE_CHILD_DETAIL

WISH_COLOUR = "#8B3A7E"


@ft.component
def HistoryScreen() -> ft.Control:
    """Route adapter: the child's history (the workspace layout route guards it)."""
    child_id = ft.use_route_params().get("child_id", "")
    return History(use_case_store(child_id))


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


def evaluations_section(_, sessions, plan) -> list[ft.Control]:
    """The child's rating of each plan point, session by session (as words
    beside the pictogram, never the picture alone); nothing before any."""
    rows: list[ft.Control] = []
    for point in plan.points:
        if not any(point.id in s.evaluations for s in sessions):
            continue
        cells: list[ft.Control] = []
        for s in sessions:
            rating = s.evaluations.get(point.id)
            cells.append(
                ft.Container(
                    width=96,
                    content=None
                    if rating is None
                    else ft.Row(
                        [
                            ft.Image(
                                src=theme.pictogram_src(EVALUATION_PICTOGRAMS[rating]),
                                width=24,
                                height=24,
                                exclude_from_semantics=True,  # its word follows
                            ),
                            ft.Text(
                                _(EVALUATION_LABELS[rating]),
                                key=f"history-evaluation-{point.id}-{s.id}",
                                size=12,
                            ),
                        ],
                        spacing=4,
                    ),
                )
            )
        rows.append(
            ft.Row([ft.Text(point.text, size=13, width=190), *cells], spacing=0)
        )
    if not rows:
        return []
    title = ft.Text(_("Uppföljning med barnet"), size=18, weight=ft.FontWeight.BOLD)
    return [title, *rows]


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
    minutes = [school_minutes(s.day) for s in sessions]
    wishes = [wish_count(s) for s in sessions]
    dates = [_.date(s.started, "short") for s in sessions]
    hours = [f"{m / 60:.1f}".replace(".", ",") for m in minutes]
    # Side by side on a tablet, one above the other beside the marks on a laptop.
    charts = ft.ResponsiveRow(
        [
            session_bars(
                "history-hours-chart",
                _("Timmar i skolan"),
                [m / 60 for m in minutes],
                dates,
                hours,
                next(iter(catalog.LEVELS.values())).colour,
            ),
            session_bars(
                "history-wishes-chart",
                _("Önskningar"),
                [float(n) for n in wishes],
                dates,
                [str(n) for n in wishes],
                WISH_COLOUR,
            ),
        ],
        spacing=12,
        run_spacing=12,
    )
    # The same figures as words, for screen readers and for reading aloud.
    day_rows = [
        ft.Text(
            f"{date}: "
            + (_("{hours} h i skolan", hours=h) if m else _("ingen skoltid"))
            + ", "
            + _("{count} önskningar", count=n),
            key=f"history-day-{s.id}",
            size=12,
            color=theme.MUTED_INK,
        )
        for s, date, h, m, n in zip(
            sessions, dates, hours, minutes, wishes, strict=True
        )
    ]
    return workspace_page(
        _,
        back_key="history-back",
        back_route=ROUTE_CHILD_DETAIL.format(child_id=child.id),
        title=_("Över tid"),
        aside=child.display_name,
        body=[
            # On a laptop the day sits beside the marks, above the fold.
            ft.ResponsiveRow(
                [
                    ft.Column(
                        [
                            ft.Text(
                                _(catalog.GRID_TITLE),
                                size=18,
                                weight=ft.FontWeight.BOLD,
                            ),
                            header,
                            *(rows or [ft.Text(_("Inga markeringar än."))]),
                        ],
                        spacing=6,
                        col={"xs": 12, "lg": 7},
                    ),
                    ft.Column(
                        [
                            ft.Text(
                                _(catalog.DAY_TITLE), size=18, weight=ft.FontWeight.BOLD
                            ),
                            *([charts] if sessions else []),
                            *day_rows,
                        ],
                        spacing=6,
                        col={"xs": 12, "lg": 5},
                    ),
                ],
                spacing=16,
                run_spacing=12,
            ),
            *evaluations_section(_, sessions, store.plan),
            *feelings_section(_, sessions),
        ],
        spacing=6,
    )
