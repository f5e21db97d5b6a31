"""*Inför möte* and *Efter mötet*: the counsellor fills in, the child sees pictures.

The counsellor's form lives in the workspace; *Visa för barnet* hands the
device over in child mode, where the sheet is shown with pictures and the
child adds what the adults should know, how to take part, and (afterwards)
whether they felt listened to.
"""

from __future__ import annotations

import functools
from datetime import datetime

import flet as ft

from app.domain import catalog
from app.domain.meeting import (
    AFTER_PLANNED,
    AFTER_TALKED_ABOUT,
    CHILD_OWNER_TITLES,
    LISTENED_LABELS,
    LISTENED_PICTOGRAMS,
    OWNER_PICTOGRAMS,
    PARTICIPATION_LABELS,
    PARTICIPATION_PICTOGRAMS,
    STANDARD_TOPICS,
    WHY_WE_MEET,
    Listened,
    MeetingSheets,
    Participation,
    Plan,
    PlanOwner,
)
from app.domain.models import ValidationError
from app.faults import export_not_logged
from app.i18n import LANGUAGES, NATIVE_NAMES, Translator
from app.storage.case_file import load_meeting, load_plan
from app.ui import theme
from app.ui.app import (
    ROUTE_CHILD_DETAIL,
    ROUTE_CHILD_HOME,
    use_app_state,
    use_translator,
)
from app.ui.components.child_frame import ChildFrame, NoSession, big_button
from app.ui.components.fault import reports_faults
from app.ui.components.gate import WorkspaceGate, use_counsellor_activity
from app.ui.components.pictogram_tile import pictogram_tile
from app.ui.components.workspace_page import workspace_page
from app.ui.messages import validation_message
from app.ui.screens.grid_summary import small_picture

ROUTE_BEFORE = "/barn/infor-mote"
ROUTE_AFTER = "/barn/efter-motet"
ROUTE_LAST_TIME = "/barn/sist"

ROLES = (
    "teacher",
    "counsellor",
    "school_nurse",
    "mum",
    "dad",
    "grandparent",
    "social_worker",
    "doctor",
    "coach",
    "relative",
)
"""Role pictures the counsellor can give a participant."""


def parse_when(text: str) -> datetime | None:
    """Parse '2026-12-01 13:30' (or just the date); empty means not decided."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError("bad_date") from exc


# --- the counsellor's form ---------------------------------------------------
@ft.component
def MeetingPrepScreen() -> ft.Control:
    """Route adapter: the meeting sheets behind the PIN gate."""
    child_id = ft.use_route_params().get("child_id", "")
    return WorkspaceGate(use_app_state().lock, lambda: MeetingPrep(child_id))


@ft.component
def MeetingPrep(child_id: str) -> ft.Control:
    """Who, when, where, what: then show it to the child before and after."""
    _ = use_translator()
    state = use_app_state()
    use_counsellor_activity()
    session = state.latest_session(child_id)
    sheets = load_meeting(state.repo, child_id, session.id)
    child = state.repo.get_child(child_id)
    version, set_version = ft.use_state(0)
    role, set_role = ft.use_state(ROLES[0])
    name, set_name = ft.use_state("")
    when, set_when = ft.use_state(
        sheets.when.isoformat(" ", "minutes") if sheets.when else ""
    )
    where, set_where = ft.use_state(sheets.where)
    topic, set_topic = ft.use_state("")
    error, set_error = ft.use_state("")
    print_language, set_print_language = ft.use_state("sv")
    picker = ft.use_ref(None)  # keep the file picker alive while it saves

    def change(fn) -> bool:
        try:
            state.change_meeting(child_id, session.id, fn)
        except ValidationError as exc:
            set_error(
                _("Skriv datum och tid som 2026-12-01 13:30.")
                if exc.msgid == "bad_date"
                else validation_message(_, exc)
            )
            return False
        set_error("")
        set_version(version + 1)
        return True

    @reports_faults
    def add_person(_e=None) -> None:
        if change(lambda m: m.add_participant(role, name)):
            set_name("")

    @reports_faults
    def add_topic(_e=None) -> None:
        if change(lambda m: m.add_topic(topic)):
            set_topic("")

    @reports_faults
    def save_when_where(_e=None) -> None:
        def apply(m: MeetingSheets) -> MeetingSheets:
            from dataclasses import replace

            return replace(m, when=parse_when(when), where=where.strip()[:200])

        change(apply)

    @reports_faults
    async def print_sheet(kind: str, _e=None) -> None:
        import asyncio

        from app.export.service import export_meeting_sheet

        result = await asyncio.to_thread(
            export_meeting_sheet,
            state.repo,
            child_id,
            session.id,
            kind=kind,
            language=print_language,
        )
        picker.current = ft.FilePicker()
        await picker.current.save_file(file_name=result.filename, src_bytes=result.data)
        done = _("Sparad: {name}", name=result.filename)
        set_error(done if result.logged else f"{done} {export_not_logged(_)}")

    @reports_faults
    def show(route: str, held: bool = False) -> None:
        if held:
            from dataclasses import replace

            change(
                lambda m: replace(m, held=True, attended=m.attended or m.participants)
            )
        state.show_to_child(child_id, session.id)
        ft.context.page.navigate(route)

    people = [
        ft.Row(
            [
                ft.Image(src=theme.pictogram_src(p.role), width=32, height=32),
                ft.Text(f"{_(catalog.ALL_ITEMS[p.role].label)}: {p.name}"),
            ]
        )
        for p in sheets.participants
    ]
    return workspace_page(
        _,
        back_key="meeting-back",
        back_route=ROUTE_CHILD_DETAIL.format(child_id=child_id),
        title=_("Inför möte och efter mötet"),
        aside=child.display_name,
        body=[
            ft.Text(error, key="meeting-error") if error else ft.Container(),
            ft.Text(_("De här personerna kommer vara med på mötet:"), size=17),
            *people,
            ft.Row(
                [
                    ft.Dropdown(
                        key="participant-role",
                        label=_("Roll"),
                        value=role,
                        options=[
                            ft.DropdownOption(key=r, text=_(catalog.ALL_ITEMS[r].label))
                            for r in ROLES
                        ],
                        on_select=lambda e: set_role(e.control.value),
                    ),
                    ft.TextField(
                        key="participant-name",
                        label=_("Namn"),
                        value=name,
                        on_change=lambda e: set_name(e.control.value),
                        on_submit=add_person,
                    ),
                    ft.TextButton(
                        _("Lägg till person"),
                        key="participant-add",
                        on_click=add_person,
                    ),
                ],
                wrap=True,
            ),
            ft.Row(
                [
                    ft.TextField(
                        key="meeting-when",
                        label=_("När? (2026-12-01 13:30)"),
                        value=when,
                        on_change=lambda e: set_when(e.control.value),
                    ),
                    ft.TextField(
                        key="meeting-where",
                        label=_("Var?"),
                        value=where,
                        on_change=lambda e: set_where(e.control.value),
                    ),
                    ft.TextButton(
                        _("Spara tid och plats"),
                        key="meeting-when-save",
                        on_click=save_when_where,
                    ),
                ],
                wrap=True,
            ),
            ft.Text(_("Vi kommer prata om:"), size=17),
            *[ft.Text("• " + _(t)) for t in STANDARD_TOPICS],
            *[ft.Text("• " + t) for t in sheets.topics],
            ft.Row(
                [
                    ft.TextField(
                        key="topic-text",
                        label=_("Egen punkt"),
                        value=topic,
                        expand=True,
                        on_change=lambda e: set_topic(e.control.value),
                        on_submit=add_topic,
                    ),
                    ft.TextButton(
                        _("Lägg till punkt"),
                        key="topic-add",
                        on_click=add_topic,
                    ),
                ]
            ),
            ft.Row(
                [
                    ft.Button(
                        _("Visa Inför möte för barnet"),
                        key="show-before",
                        icon=ft.Icons.CHILD_CARE,
                        on_click=lambda _e: show(ROUTE_BEFORE),
                    ),
                    ft.Button(
                        _("Mötet är hållet: visa Efter mötet"),
                        key="show-after",
                        icon=ft.Icons.CHILD_CARE,
                        on_click=lambda _e: show(ROUTE_AFTER, held=True),
                    ),
                ],
                wrap=True,
            ),
            ft.Row(
                [
                    ft.Dropdown(
                        key="print-language",
                        label=_("Språk på utskriften"),
                        value=print_language,
                        options=[
                            ft.DropdownOption(key=code, text=NATIVE_NAMES[code])
                            for code in LANGUAGES
                        ],
                        on_select=lambda e: set_print_language(
                            e.data or e.control.value
                        ),
                    ),
                    ft.OutlinedButton(
                        _("Skriv ut Inför möte"),
                        key="print-before",
                        icon=ft.Icons.PRINT,
                        on_click=functools.partial(print_sheet, "before"),
                    ),
                    ft.OutlinedButton(
                        _("Skriv ut Efter mötet"),
                        key="print-after",
                        icon=ft.Icons.PRINT,
                        on_click=functools.partial(print_sheet, "after"),
                    ),
                    ft.OutlinedButton(
                        _("Skriv ut planen"),
                        key="print-plan",
                        icon=ft.Icons.PRINT,
                        on_click=functools.partial(print_sheet, "plan"),
                    ),
                ],
                wrap=True,
            ),
            ft.Text(
                _(
                    "Barnet vill att de vuxna vet: {text}",
                    text=sheets.child_wants_known,
                ),
                key="child-wants-shown",
            )
            if sheets.child_wants_known
            else ft.Container(),
        ],
        spacing=10,
    )


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
        points = [p for p in plan.column(owner) if p.open]
        if points:
            out.append(
                band(
                    _(CHILD_OWNER_TITLES[owner]),
                    OWNER_PICTOGRAMS[owner],
                    [ft.Text("• " + p.text, size=16) for p in points],
                    key=f"child-plan-{owner.value}",
                )
            )
    return out


@ft.component
def BeforeMeetingScreen() -> ft.Control:
    """Route adapter: *Inför möte* for the child in child mode."""
    state = use_app_state()
    store = state.open_active()
    if store is None:
        return NoSession()
    return BeforeMeeting(store.child.id, store.session.id)


@ft.component
def BeforeMeeting(child_id: str, session_id: str) -> ft.Control:
    """Why we meet, who comes, when and where, what we talk about; the child's say."""
    _ = use_translator()
    state = use_app_state()
    version, set_version = ft.use_state(0)
    sheets = load_meeting(state.repo, child_id, session_id)
    wants, set_wants = ft.use_state(sheets.child_wants_known)

    def change(fn) -> None:
        state.change_meeting(child_id, session_id, fn)
        set_version(version + 1)

    @reports_faults
    def choose(p: Participation) -> None:
        from dataclasses import replace

        change(lambda m: replace(m, participation=p))

    @reports_faults
    def save_wants(_e=None) -> None:
        from dataclasses import replace

        text = " ".join(wants.split())[:500]
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
        title=_("Inför möte"),
        on_back=lambda: ft.context.page.navigate(ROUTE_CHILD_HOME),
        content=ft.Column(
            [
                band(
                    _("Varför?"),
                    "meeting",
                    [ft.Text(_(t), size=16) for t in WHY_WE_MEET],
                ),
                band(
                    _("De här personerna kommer vara med på mötet:"),
                    "classmates",
                    people_pictures(_, sheets.participants),
                ),
                band(_("När och var?"), "clock", when_text or [ft.Text("—")]),
                band(
                    _("Vi kommer prata om:"),
                    "talk_adults",
                    [ft.Text("• " + _(t), size=16) for t in STANDARD_TOPICS]
                    + [ft.Text("• " + t, size=16) for t in sheets.topics],
                ),
                band(
                    _("Det här vill jag att de vuxna vet"),
                    "wish",
                    [
                        ft.TextField(
                            key="child-wants",
                            value=wants,
                            multiline=True,
                            text_size=18,
                            on_change=lambda e: set_wants(e.control.value),
                            on_blur=save_wants,
                        ),
                        ft.TextButton(
                            _("Spara"), key="child-wants-save", on_click=save_wants
                        ),
                    ],
                ),
                ft.Text(_("Så vill jag vara med"), size=19, weight=ft.FontWeight.BOLD),
                ft.Row(
                    [
                        pictogram_tile(
                            key=f"participation-{p.value}",
                            pictogram=PARTICIPATION_PICTOGRAMS[p],
                            label=_(PARTICIPATION_LABELS[p]),
                            selected=sheets.participation is p,
                            on_tap=lambda p=p: choose(p),
                            width=190,
                            height=190,
                            picture_size=100,
                        )
                        for p in Participation
                    ],
                    wrap=True,
                    spacing=12,
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
    state = use_app_state()
    store = state.open_active()
    if store is None:
        return NoSession()
    return AfterMeeting(store.child.id, store.session.id)


@ft.component
def AfterMeeting(child_id: str, session_id: str) -> ft.Control:
    """We met; who was there; what we talked about; the plan; were you heard?"""
    _ = use_translator()
    state = use_app_state()
    version, set_version = ft.use_state(0)
    sheets = load_meeting(state.repo, child_id, session_id)
    plan = load_plan(state.repo, child_id)

    @reports_faults
    def listened(value: Listened) -> None:
        from dataclasses import replace

        state.change_meeting(child_id, session_id, lambda m: replace(m, listened=value))
        set_version(version + 1)

    return ChildFrame(
        title=_("Efter mötet"),
        on_back=lambda: ft.context.page.navigate(ROUTE_CHILD_HOME),
        content=ft.Column(
            [
                band(
                    _("Vi har haft ett möte."),
                    "meeting",
                    [
                        ft.Text(_("De här personerna var med på mötet:"), size=16),
                        *people_pictures(_, sheets.attended or sheets.participants),
                    ],
                ),
                band(
                    _("Vi pratade om"),
                    "talk_adults",
                    [ft.Text(_(t), size=16) for t in AFTER_TALKED_ABOUT],
                ),
                ft.Text(_(AFTER_PLANNED), size=19, weight=ft.FontWeight.BOLD),
                *plan_for_child(_, plan),
                ft.Text(
                    _("Kände du att de lyssnade på dig?"),
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
    state = use_app_state()
    store = state.open_active()
    if store is None:
        return NoSession()
    return LastTime(store.child.id, store.session.id)


@ft.component
def LastTime(child_id: str, session_id: str) -> ft.Control:
    """The current plan and what the child said last time, before the exercises."""
    from app.domain.models import Level

    _ = use_translator()
    state = use_app_state()
    plan = load_plan(state.repo, child_id)
    earlier = [s for s in state.repo.sessions(child_id) if s.id != session_id]
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
                        _(catalog.LEVEL_SUMMARY[level]),
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
                lambda: ft.context.page.navigate(ROUTE_CHILD_HOME),
                primary=True,
            )
        ],
        content=ft.Column(
            [
                *plan_for_child(_, plan),
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


def has_last_time(state, child_id: str) -> bool:
    """Whether a new session should start with *Det här bestämde vi sist*."""
    return (
        bool(load_plan(state.repo, child_id).points)
        or len(state.repo.sessions(child_id)) > 1
    )
