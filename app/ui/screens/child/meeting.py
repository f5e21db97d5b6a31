"""*Inför möte*, *Efter mötet* and *Det här bestämde vi sist* as the child sees them.

The counsellor fills the sheets in on the workspace (``workspace/meeting_prep``);
here the child sees them with pictures and adds what the adults should know,
how to take part, and (afterwards) whether they felt listened to.

Over 300 lines on purpose: the three screens are one sheet seen at three
moments and share its bands, people and plan pictures (defined here).
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.follow_up import (
    EVALUATE_QUESTION,
    EVALUATION_LABELS,
    EVALUATION_PICTOGRAMS,
    points_for_child,
)
from app.domain.meeting import (
    AFTER_PLANNED,
    AFTER_TALKED_ABOUT,
    LISTENED_LABELS,
    LISTENED_PICTOGRAMS,
    NOT_CHECKED_BY_INTERPRETER,
    PARTICIPATION_LABELS,
    PARTICIPATION_PICTOGRAMS,
    STANDARD_TOPICS,
    WHY_WE_MEET,
    Listened,
    Participation,
    Plan,
    PlanOwner,
    seven_answers,
)
from app.domain.models import Evaluation
from app.i18n import Translator
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.child_frame import ChildFrame, big_button
from app.ui.components.fault import reports_faults
from app.ui.components.pictogram_tile import pictogram_tile, small_picture
from app.ui.context import use_case_store, use_session_store, use_translator
from app.ui.latest import use_latest
from app.ui.routes import ROUTE_CHILD_HOME, go
from app.ui.state import SessionStore


# --- the child's sheets -----------------------------------------------------
def band(
    title: str, pictogram: str, body: list[ft.Control], key: str = ""
) -> ft.Control:
    """A calm band: a picture, a sentence, and what belongs to it."""
    return ft.Container(
        key=key or None,
        bgcolor=theme.TILE_BG,
        border_radius=16,
        padding=14,
        content=ft.Row(
            [
                ft.Image(
                    src=theme.pictogram_src(pictogram),
                    width=64,
                    height=64,
                    exclude_from_semantics=True,
                ),
                ft.Column(
                    [ft.Text(title, size=19, weight=ft.FontWeight.BOLD), *body],
                    spacing=6,
                    expand=True,
                ),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    )


def people_pictures(_: Translator, people) -> list[ft.Control]:
    """Each participant as a role picture with the typed name."""
    return [
        ft.Row(
            [
                small_picture(p.role, p.name or _(catalog.ALL_ITEMS[p.role].label))
                for p in people
            ],
            wrap=True,
        )
    ]


def plan_for_child(_: Translator, plan: Plan) -> list[ft.Control]:
    """The plan in child language: who will do what, with pictures."""
    out = []
    for owner in PlanOwner:
        # Only the child's version in *du* form: the adult's words never show.
        shown = [p.for_child(_.language) for p in plan.column(owner) if p.open]
        texts = [
            text + (f" ({_(NOT_CHECKED_BY_INTERPRETER)})" if unchecked else "")
            for text, unchecked in (s for s in shown if s is not None)
        ]
        if texts:
            out.append(
                band(
                    _(catalog.PLAN_OWNERS[owner].child_title),
                    catalog.PLAN_OWNERS[owner].pictogram,
                    [ft.Text("• " + t, size=16) for t in texts],
                    key=f"child-plan-{owner.value}",
                )
            )
    return out


@ft.component
def BeforeMeetingScreen() -> ft.Control:
    """Route adapter: *Inför möte* for the child in child mode."""
    store = use_session_store()
    return BeforeMeeting(use_case_store(store.child.id), store.session.id)


@ft.component
def BeforeMeeting(case: CaseStore, session_id: str) -> ft.Control:
    """Why we meet, who comes, when and where, what we talk about; the child's say."""
    _ = use_translator()
    sheets = case.meeting(session_id)
    wants = use_latest(sheets.child_wants_known)

    def change(fn) -> None:
        case.change_meeting(session_id, fn)

    @reports_faults
    def choose(p: Participation) -> None:
        from dataclasses import replace

        change(lambda m: replace(m, participation=p))

    @reports_faults
    def save_wants(_e=None) -> None:
        from dataclasses import replace

        text = " ".join(wants.value.split())[:500]
        change(lambda m: replace(m, child_wants_known=text))

    when_text = []
    if sheets.when:
        when = sheets.when
        # A weekday, a date and a clock time: no seconds, no time zone.
        clock = _.clock(when.hour * 60 + when.minute)
        when_text.append(ft.Text(f"{_.date(when, 'full')} {clock}", size=16))
    if sheets.where:
        when_text.append(ft.Text(sheets.where, size=16))
    return ChildFrame(
        title=_(catalog.BEFORE_TITLE),
        on_back=lambda: go(ROUTE_CHILD_HOME),
        content=ft.Column(
            [
                band(
                    _(catalog.WHY),
                    "meeting",
                    [ft.Text(_(t), size=16) for t in WHY_WE_MEET],
                ),
                band(
                    _(catalog.WHO_COMES),
                    catalog.MEETING_PEOPLE_PICTOGRAM,
                    people_pictures(_, sheets.participants),
                ),
                band(_(catalog.WHEN_WHERE), "clock", when_text or [ft.Text("—")]),
                band(
                    _(catalog.WE_WILL_TALK),
                    "talk_adults",
                    [ft.Text("• " + _(t), size=16) for t in STANDARD_TOPICS]
                    + [ft.Text("• " + t, size=16) for t in sheets.topics],
                ),
                band(
                    _(catalog.WANTS_KNOWN),
                    "wish",
                    [
                        ft.TextField(
                            key="child-wants",
                            label=_(catalog.WANTS_KNOWN),
                            value=wants.value,
                            multiline=True,
                            text_size=18,
                            on_change=lambda e: wants.set(e.control.value),
                            on_blur=save_wants,
                        ),
                        ft.TextButton(
                            _("Spara"), key="child-wants-save", on_click=save_wants
                        ),
                    ],
                ),
                ft.Text(_(catalog.HOW_TAKE_PART), size=19, weight=ft.FontWeight.BOLD),
                ft.Row(
                    [
                        pictogram_tile(
                            key=f"participation-{p.value}",
                            pictogram=PARTICIPATION_PICTOGRAMS[p],
                            label=_(PARTICIPATION_LABELS[p]),
                            selected=sheets.participation is p,
                            on_tap=lambda p=p: choose(p),
                            width=172,
                            height=190,
                            picture_size=100,
                        )
                        for p in Participation
                    ],
                    wrap=True,
                    spacing=12,
                ),
                band(
                    _(catalog.AFTER_THE_MEETING),
                    "plan",
                    [
                        text
                        for question, answer in seven_answers(
                            _,
                            sheets,
                            case.plan,
                            for_parents=False,
                            role_label=lambda r: catalog.ALL_ITEMS[r].label,
                        )[5:]
                        for text in (
                            ft.Text(question, size=16, weight=ft.FontWeight.W_600),
                            ft.Text(answer, size=16),
                        )
                    ],
                    key="child-after-meeting",
                ),
            ],
            spacing=10,
            scroll=ft.ScrollMode.AUTO,
            expand=True,
        ),
    )


@ft.component
def AfterMeetingScreen() -> ft.Control:
    """Route adapter: *Efter mötet* for the child in child mode."""
    store = use_session_store()
    return AfterMeeting(use_case_store(store.child.id), store.session.id)


@ft.component
def AfterMeeting(case: CaseStore, session_id: str) -> ft.Control:
    """We met; who was there; what we talked about; the plan; were you heard?"""
    _ = use_translator()
    sheets = case.meeting(session_id)
    plan = case.plan

    @reports_faults
    def listened(value: Listened) -> None:
        from dataclasses import replace

        case.change_meeting(session_id, lambda m: replace(m, listened=value))

    return ChildFrame(
        title=_(catalog.AFTER_TITLE),
        on_back=lambda: go(ROUTE_CHILD_HOME),
        content=ft.Column(
            [
                band(
                    _(catalog.WE_MET),
                    "meeting",
                    [
                        ft.Text(_(catalog.WHO_CAME), size=16),
                        *people_pictures(_, sheets.attended or sheets.participants),
                    ],
                ),
                band(
                    _(catalog.WE_TALKED),
                    "talk_adults",
                    [ft.Text(_(t), size=16) for t in AFTER_TALKED_ABOUT],
                ),
                ft.Text(_(AFTER_PLANNED), size=19, weight=ft.FontWeight.BOLD),
                *plan_for_child(_, plan),
                ft.Text(
                    _(catalog.LISTENED_QUESTION),
                    size=19,
                    weight=ft.FontWeight.BOLD,
                ),
                ft.Row(
                    [
                        pictogram_tile(
                            key=f"listened-{v.value}",
                            pictogram=LISTENED_PICTOGRAMS[v],
                            label=_(LISTENED_LABELS[v]),
                            selected=sheets.listened is v,
                            on_tap=lambda v=v: listened(v),
                            width=150,
                            height=160,
                        )
                        for v in Listened
                    ],
                    spacing=12,
                ),
            ],
            spacing=10,
            scroll=ft.ScrollMode.AUTO,
            expand=True,
        ),
    )


@ft.component
def LastTimeScreen() -> ft.Control:
    """Route adapter: *Det här bestämde vi sist* at the start of a new session."""
    store = use_session_store()
    return LastTime(use_case_store(store.child.id), store.session.id, store)


def rate_points(_: Translator, plan: Plan, store: SessionStore) -> list[ft.Control]:
    """Each plan point that concerns the child, in their words, with the four
    answers *bättre / samma / sämre / vet inte* as pictures."""
    out: list[ft.Control] = []
    for point in points_for_child(plan):
        shown = point.for_child(_.language)
        assert shown is not None  # points_for_child: each has a child version
        text, unchecked = shown
        if unchecked:
            text += f" ({_(NOT_CHECKED_BY_INTERPRETER)})"
        chosen = store.session.evaluations.get(point.id)
        out.append(
            band(
                text,
                catalog.PLAN_OWNERS[point.owner].pictogram,
                [
                    ft.Text(_(EVALUATE_QUESTION), size=16),
                    ft.Row(
                        [
                            pictogram_tile(
                                key=f"rate-{point.id}-{v.value}",
                                pictogram=EVALUATION_PICTOGRAMS[v],
                                label=_(EVALUATION_LABELS[v]),
                                selected=chosen is v,
                                on_tap=lambda v=v, pid=point.id: store.evaluate_point(
                                    pid, v
                                ),
                                width=118,
                                height=140,
                                picture_size=64,
                            )
                            for v in Evaluation
                        ],
                        wrap=True,
                        spacing=8,
                    ),
                ],
                key=f"rate-point-{point.id}",
            )
        )
    return out


@ft.component
def LastTime(case: CaseStore, session_id: str, store: SessionStore) -> ft.Control:
    """The plan in pictures for the child to rate, and what the child said last
    time, before the exercises."""
    from app.domain.models import Level

    _ = use_translator()
    plan = case.plan
    earlier = [s for s in case.sessions if s.id != session_id]
    said: list[ft.Control] = []
    if earlier:
        last = earlier[-1]
        for level in Level:
            ids = [
                i
                for i in last.grid.items_with(level)
                if f"grid:{i}" not in last.private
            ]
            if ids:
                said.append(
                    band(
                        _(catalog.LEVELS[level].summary),
                        level.value,
                        [
                            ft.Row(
                                [
                                    small_picture(
                                        catalog.ALL_ITEMS[i].pictogram,
                                        _(catalog.ALL_ITEMS[i].label),
                                    )
                                    for i in ids
                                    if i in catalog.ALL_ITEMS
                                ],
                                wrap=True,
                            )
                        ],
                    )
                )
    return ChildFrame(
        title=_("Det här bestämde vi sist"),
        actions=[
            big_button(
                "last-time-next",
                _("Nästa"),
                ft.Icons.ARROW_FORWARD,
                lambda: go(ROUTE_CHILD_HOME),
                primary=True,
            )
        ],
        content=ft.Column(
            [
                *rate_points(_, plan, store),
                ft.Text(
                    _("Det här sa du förra gången"), size=19, weight=ft.FontWeight.BOLD
                )
                if said
                else ft.Container(),
                *said,
            ],
            spacing=10,
            scroll=ft.ScrollMode.AUTO,
            expand=True,
        ),
    )
