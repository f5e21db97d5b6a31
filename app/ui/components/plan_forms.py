"""The plan's forms: a point to add, a point to follow up, the next meeting.

Each changes the plan through the child's ``CaseStore`` (validation errors
are said under the field, nothing is saved); ``workspace/plan.py`` lays them
out in the four columns.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.meeting import (
    STATUS_LABELS,
    PlanOwner,
    PlanPoint,
    PointStatus,
    parse_day,
)
from app.domain.models import ValidationError
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.fault import reports_faults
from app.ui.components.plan_child import PointForChild, plan_message
from app.ui.context import use_translator
from app.ui.latest import use_latest


@ft.component
def AddPoint(store: CaseStore, owner: PlanOwner) -> ft.Control:
    """A small form under a column: what, (who), start, follow-up."""
    _ = use_translator()
    text = use_latest("")
    who = use_latest("")
    start = use_latest("")
    follow = use_latest("")
    error, set_error = ft.use_state("")

    @reports_faults
    def add(_e=None) -> None:
        try:
            store.change_plan(
                lambda p: p.add_point(
                    owner,
                    text.value,
                    who=who.value,
                    start=parse_day(start.value),
                    follow_up=parse_day(follow.value),
                ),
            )
        except ValidationError as exc:
            set_error(plan_message(_, exc))
            return
        text.set("")
        who.set("")
        set_error("")

    fields = [
        ft.TextField(
            key=f"point-text-{owner.value}",
            label=_("Ny punkt"),
            value=text.value,
            multiline=True,
            error=error or None,
            on_change=lambda e: (text.set(e.control.value), set_error("")),
        )
    ]
    if owner is PlanOwner.OTHERS:
        fields.append(
            ft.TextField(
                key=f"point-who-{owner.value}",
                label=_("Vem? (t.ex. BUP, Socialtjänsten, UPH)"),
                value=who.value,
                on_change=lambda e: who.set(e.control.value),
            )
        )
    fields += [
        ft.Row(
            [
                ft.TextField(
                    key=f"point-start-{owner.value}",
                    label=_("Start"),
                    hint_text="2026-12-01",
                    value=start.value,
                    expand=True,
                    on_change=lambda e: start.set(e.control.value),
                ),
                ft.TextField(
                    key=f"point-follow-{owner.value}",
                    label=_("Uppföljning"),
                    hint_text="2026-12-15",
                    value=follow.value,
                    expand=True,
                    on_change=lambda e: follow.set(e.control.value),
                ),
            ]
        ),
        ft.TextButton(
            _("Lägg till punkt"),
            key=f"add-point-{owner.value}",
            icon=ft.Icons.ADD,
            on_click=add,
        ),
    ]
    return ft.Column(fields, spacing=6)


@ft.component
def PointCard(store: CaseStore, point: PlanPoint) -> ft.Control:
    """One point with its dates, status, history, and the follow-up buttons."""
    _ = use_translator()
    note = use_latest("")

    @reports_faults
    def mark(status: PointStatus) -> None:
        store.change_plan(lambda p: p.follow_up(point.id, status, note.value))
        note.set("")

    dates = " · ".join(
        part
        for part in (
            _(catalog.POINT_START, date=_.date(point.start, "short"))
            if point.start
            else "",
            _(catalog.POINT_FOLLOW_UP, date=_.date(point.follow_up, "short"))
            if point.follow_up
            else "",
        )
        if part
    )
    history = [
        ft.Text(
            f"{_.date(e.at, 'short')}: {_(STATUS_LABELS[e.status])}"
            + (f" – {e.note}" if e.note else ""),
            size=12,
            color=theme.MUTED_INK,
        )
        for e in point.history
    ]
    return ft.Container(
        key=f"point-{point.id}",
        bgcolor="#F7F8FA",
        border_radius=10,
        padding=10,
        content=ft.Column(
            [
                ft.Text(
                    (f"{point.who}: " if point.who else "") + point.text,
                    weight=ft.FontWeight.W_600,
                ),
                ft.Text(dates, size=12, color=theme.MUTED_INK)
                if dates
                else ft.Container(),
                ft.Text(
                    _(STATUS_LABELS[point.status]),
                    key=f"point-status-{point.id}",
                    size=13,
                ),
                *history,
                PointForChild(store, point),
                ft.TextField(
                    key=f"point-note-{point.id}",
                    label=_("Anteckning vid uppföljning"),
                    value=note.value,
                    dense=True,
                    on_change=lambda e: note.set(e.control.value),
                ),
                ft.Row(
                    [
                        ft.TextButton(
                            _(STATUS_LABELS[status]),
                            key=f"point-{status.value}-{point.id}",
                            on_click=lambda _e, st=status: mark(st),
                        )
                        for status in (
                            PointStatus.DONE,
                            PointStatus.CONTINUING,
                            PointStatus.CHANGED,
                        )
                    ],
                    wrap=True,
                    spacing=0,
                ),
            ],
            spacing=4,
        ),
    )


@ft.component
def NextMeetingForm(store: CaseStore) -> ft.Control:
    """When, who and where the plan is followed up next."""
    _ = use_translator()
    nm = store.plan.next_meeting
    when = use_latest(nm.when.isoformat() if nm.when else "")
    who = use_latest(nm.who)
    where = use_latest(nm.where)
    error, set_error = ft.use_state("")

    @reports_faults
    def save(_e=None) -> None:
        try:
            day = parse_day(when.value)
            store.change_plan(lambda p: p.set_next_meeting(day, who.value, where.value))
        except ValidationError as exc:
            set_error(plan_message(_, exc))
            return
        set_error("")

    return ft.Container(
        bgcolor=theme.TILE_BG,
        border_radius=14,
        padding=14,
        content=ft.Column(
            [
                ft.Text(_(catalog.NEXT_MEETING), size=18, weight=ft.FontWeight.BOLD),
                ft.Row(
                    [
                        ft.TextField(
                            key="next-when",
                            label=_(catalog.DATE_CAPTION),
                            hint_text="2026-12-15",
                            value=when.value,
                            error=error or None,
                            on_change=lambda e: when.set(e.control.value),
                        ),
                        ft.TextField(
                            key="next-who",
                            label=_(catalog.WHO_CAPTION),
                            value=who.value,
                            expand=True,
                            on_change=lambda e: who.set(e.control.value),
                        ),
                        ft.TextField(
                            key="next-where",
                            label=_(catalog.WHERE_CAPTION),
                            value=where.value,
                            expand=True,
                            on_change=lambda e: where.set(e.control.value),
                        ),
                    ]
                ),
                ft.TextButton(
                    _("Spara mötet"), key="next-save", icon=ft.Icons.SAVE, on_click=save
                ),
            ]
        ),
    )
