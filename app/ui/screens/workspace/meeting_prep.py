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
    STANDARD_TOPICS,
    MeetingSheets,
)
from app.domain.models import ValidationError
from app.faults import export_not_logged
from app.i18n import LANGUAGES
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.agenda_form import AgendaForm
from app.ui.components.fault import reports_faults
from app.ui.components.gate import use_counsellor_activity
from app.ui.components.named import named_dropdown
from app.ui.components.workspace_page import workspace_page
from app.ui.context import use_case_store, use_translator
from app.ui.latest import use_latest
from app.ui.messages import validation_message
from app.ui.routes import (
    ROUTE_AFTER,
    ROUTE_BEFORE,
    ROUTE_CHILD_DETAIL,
    ROUTE_MEETING_VIEW,
)

ROLES = catalog.MEETING_PARTICIPANT_ROLES
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
    """Route adapter: the meeting sheets (the workspace layout route guards it)."""
    child_id = ft.use_route_params().get("child_id", "")
    # The sheets belong to the newest session: a first one starts if need be.
    return MeetingPrep(use_case_store(child_id, with_session=True))


@ft.component
def MeetingPrep(store: CaseStore) -> ft.Control:
    """Who, when, where, what: then show it to the child before and after."""
    _ = use_translator()
    use_counsellor_activity()
    session, child = store.latest, store.child
    assert session is not None  # opened with_session
    sheets = store.meeting(session.id)
    role = use_latest(ROLES[0])
    name = use_latest("")
    when = use_latest(sheets.when.isoformat(" ", "minutes") if sheets.when else "")
    where = use_latest(sheets.where)
    topic = use_latest("")
    error, set_error = ft.use_state("")
    print_language = use_latest("sv")
    picker = ft.use_ref(None)  # keep the file picker alive while it saves

    def change(fn) -> bool:
        try:
            store.change_meeting(session.id, fn)
        except ValidationError as exc:
            set_error(
                _("Skriv datum och tid som 2026-12-01 13:30.")
                if exc.msgid == "bad_date"
                else validation_message(_, exc)
            )
            return False
        set_error("")
        return True

    @reports_faults
    def add_person(_e=None) -> None:
        if change(lambda m: m.add_participant(role.value, name.value)):
            name.set("")

    @reports_faults
    def add_topic(_e=None) -> None:
        if change(lambda m: m.add_topic(topic.value)):
            topic.set("")

    @reports_faults
    def save_when_where(_e=None) -> None:
        def apply(m: MeetingSheets) -> MeetingSheets:
            from dataclasses import replace

            return replace(
                m, when=parse_when(when.value), where=where.value.strip()[:200]
            )

        change(apply)

    @reports_faults
    async def print_sheet(kind: str, _e=None) -> None:
        result = await store.print_sheet(session.id, kind, print_language.value)
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
        store.continue_session(session.id)
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
        back_route=ROUTE_CHILD_DETAIL.format(child_id=child.id),
        title=_("Inför möte och efter mötet"),
        aside=child.display_name,
        body=[
            ft.Text(error, key="meeting-error") if error else ft.Container(),
            ft.Text(_(catalog.WHO_COMES), size=17),
            *people,
            ft.Row(
                [
                    named_dropdown(
                        ft.Dropdown(
                            key="participant-role",
                            label=_("Roll"),
                            value=role.value,
                            options=[
                                ft.DropdownOption(
                                    key=r, text=_(catalog.ALL_ITEMS[r].label)
                                )
                                for r in ROLES
                            ],
                            on_select=lambda e: role.set(e.control.value),
                        ),
                        _(catalog.ALL_ITEMS[role.value].label),
                    ),
                    ft.TextField(
                        key="participant-name",
                        label=_("Namn"),
                        value=name.value,
                        on_change=lambda e: name.set(e.control.value),
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
                        value=when.value,
                        on_change=lambda e: when.set(e.control.value),
                    ),
                    ft.TextField(
                        key="meeting-where",
                        label=_(catalog.WHERE_CAPTION),
                        value=where.value,
                        on_change=lambda e: where.set(e.control.value),
                    ),
                    ft.TextButton(
                        _("Spara tid och plats"),
                        key="meeting-when-save",
                        on_click=save_when_where,
                    ),
                ],
                wrap=True,
            ),
            ft.Text(_(catalog.WE_WILL_TALK), size=17),
            *[ft.Text("• " + _(t)) for t in STANDARD_TOPICS],
            *[ft.Text("• " + t) for t in sheets.topics],
            ft.Row(
                [
                    ft.TextField(
                        key="topic-text",
                        label=_("Egen punkt"),
                        value=topic.value,
                        expand=True,
                        on_change=lambda e: topic.set(e.control.value),
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
                        _("Visa Barnets röst på mötet"),
                        key="open-meeting-view",
                        icon=ft.Icons.FULLSCREEN,
                        on_click=lambda _e: ft.context.page.navigate(
                            ROUTE_MEETING_VIEW.format(child_id=child.id)
                        ),
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
                    named_dropdown(
                        ft.Dropdown(
                            key="print-language",
                            label=_("Språk på utskriften"),
                            value=print_language.value,
                            # Named in the counsellor's words (Babel's CLDR
                            # names): the menu is laid out, hidden, in a style
                            # without our fonts, and a name in Arabic or Ge'ez
                            # script there sent the engine online (tofu).
                            options=[
                                ft.DropdownOption(key=code, text=_.language_name(code))
                                for code in LANGUAGES
                            ],
                            on_select=lambda e: print_language.set(
                                e.data or e.control.value
                            ),
                        ),
                        _.language_name(print_language.value),
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
                    ft.OutlinedButton(
                        _("Skriv ut dagordningen"),
                        key="print-agenda",
                        icon=ft.Icons.PRINT,
                        on_click=functools.partial(print_sheet, "agenda"),
                    ),
                    ft.OutlinedButton(
                        _("Skriv ut Inför möte för föräldrar"),
                        key="print-parents",
                        icon=ft.Icons.PRINT,
                        on_click=functools.partial(print_sheet, "parents"),
                    ),
                ],
                wrap=True,
            ),
            AgendaForm(store, session.id),
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
