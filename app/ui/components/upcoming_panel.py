"""*Kommande* on the workspace home: next meetings and due follow-ups.

Each row names the child and opens the meeting page (for a meeting: agenda
and sheets ready to print) or the plan (for a follow-up)."""

from __future__ import annotations

from datetime import date

import flet as ft

from app.domain.models import Child
from app.domain.upcoming import CaseDates, UpcomingKind, upcoming
from app.ui import theme
from app.ui.context import use_translator
from app.ui.routes import ROUTE_MEETING, ROUTE_PLAN

MAX_SHOWN = 12
LATE_INK = "#8F3A00"
"""An overdue follow-up's date (the word *försenad* says it too)."""


@ft.component
def UpcomingPanel(
    dates: list[CaseDates], children: list[Child], today: date
) -> ft.Control:
    """The list, soonest first, with overdue follow-ups marked (``dates`` read
    once with the list of children: rendering reads no file)."""
    _ = use_translator()
    names = {c.id: c.display_name for c in children}
    coming = upcoming(dates, today)[:MAX_SHOWN]

    def row(n: int, item) -> ft.Control:
        meeting = item.kind is UpcomingKind.MEETING
        route = (ROUTE_MEETING if meeting else ROUTE_PLAN).format(
            child_id=item.child_id
        )
        what = (
            (_("Möte: {where}", where=item.text) if item.text else _("Möte"))
            if meeting
            else _("Följ upp: {point}", point=item.text)
        )
        when = _.date(item.when, "medium")
        if item.overdue(today):
            when = _("{date} – försenad", date=when)
        return ft.ListTile(
            key=f"upcoming-{n}",
            leading=ft.Image(
                src=theme.pictogram_src("meeting" if meeting else "plan"),
                width=36,
                height=36,
                exclude_from_semantics=True,
            ),
            title=ft.Text(
                f"{names.get(item.child_id, '')} · {when}",
                color=LATE_INK if item.overdue(today) else None,
                weight=ft.FontWeight.BOLD if item.overdue(today) else None,
            ),
            subtitle=ft.Text(what),
            trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
            on_click=lambda _e, r=route: ft.context.page.navigate(r),
        )

    return ft.Container(
        key="upcoming",
        bgcolor=theme.TILE_BG,
        border_radius=16,
        padding=12,
        content=ft.Column(
            [
                ft.Text(_("Kommande"), size=20, weight=ft.FontWeight.BOLD),
                *(
                    [row(n, item) for n, item in enumerate(coming)]
                    or [
                        ft.Text(
                            _("Inga möten eller uppföljningar de närmaste veckorna."),
                            color=theme.MUTED_INK,
                        )
                    ]
                ),
            ],
            spacing=4,
        ),
    )
