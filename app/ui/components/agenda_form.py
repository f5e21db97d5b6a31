"""The meeting's agenda on the counsellor's *Inför möte* page.

Generated from the booklet's example the first time it is shown; the
counsellor sets who leads, who takes notes, how the notes are shared and the
time frame, drops items and adds their own. Printed with *Skriv ut
dagordningen*, exported with the meeting.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.models import ValidationError
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.fault import reports_faults
from app.ui.components.named import named
from app.ui.context import use_translator
from app.ui.latest import Latest, use_latest
from app.ui.messages import validation_message


@ft.component
def AgendaForm(store: CaseStore, session_id: str) -> ft.Control:
    """The frame fields, the numbered items and a field for an own item."""
    _ = use_translator()
    agenda = store.meeting(session_id).agenda_or_booklet
    leader = use_latest(agenda.leader)
    note_taker = use_latest(agenda.note_taker)
    shared = use_latest(agenda.notes_shared)
    time_frame = use_latest(agenda.time_frame)
    own = use_latest("")
    error, set_error = ft.use_state("")

    def change(fn) -> bool:
        try:
            store.change_meeting(session_id, lambda m: m.change_agenda(fn))
        except ValidationError as exc:
            set_error(
                _("Barnets röst stannar på dagordningen.")
                if exc.msgid == "agenda_keeps_childs_voice"
                else validation_message(_, exc)
            )
            return False
        set_error("")
        return True

    @reports_faults
    def save_frame(_e=None) -> None:
        change(
            lambda a: a.with_frame(
                leader=leader.value,
                note_taker=note_taker.value,
                notes_shared=shared.value,
                time_frame=time_frame.value,
            )
        )

    @reports_faults
    def add_own(_e=None) -> None:
        if change(lambda a: a.add_item(own.value)):
            own.set("")

    @reports_faults
    def remove(index: int) -> None:
        change(lambda a: a.remove_item(index))

    def field(key: str, label: str, text: Latest[str], width=220) -> ft.TextField:
        return ft.TextField(
            key=key,
            label=label,
            value=text.value,
            width=width,
            dense=True,
            on_change=lambda e: text.set(e.control.value),
            on_blur=save_frame,
            on_submit=save_frame,
        )

    rows = []
    for n, item in enumerate(agenda.items):
        text = _(item.msgid) if item.msgid else item.text
        rows.append(
            ft.Row(
                [
                    ft.Text(
                        f"{n + 1}. {text}",
                        key=f"agenda-item-{n}",
                        weight=ft.FontWeight.BOLD
                        if item.key == "childs_voice"
                        else None,
                        expand=True,
                    ),
                    named(
                        ft.IconButton(
                            ft.Icons.REMOVE_CIRCLE_OUTLINE,
                            key=f"agenda-remove-{n}",
                            tooltip=_("Ta bort punkten {text}", text=text),
                            on_click=lambda _e, n=n: remove(n),
                        )
                    )
                    if item.key != "childs_voice"
                    else ft.Container(width=40),
                ],
                spacing=4,
            )
        )
    return ft.Container(
        key="agenda",
        bgcolor=theme.TILE_BG,
        border_radius=14,
        padding=14,
        content=ft.Column(
            [
                ft.Text(_(catalog.AGENDA_TITLE), size=18, weight=ft.FontWeight.BOLD),
                ft.Text(
                    _(
                        "Från häftets exempel. Alla får dagordningen före mötet: "
                        "skriv ut den eller skicka den."
                    ),
                    size=13,
                    color=theme.MUTED_INK,
                ),
                ft.Text(error, key="agenda-error", color=ft.Colors.ERROR)
                if error
                else ft.Container(),
                ft.Row(
                    [
                        field(
                            "agenda-leader",
                            _(catalog.LEADER_CAPTION),
                            leader,
                        ),
                        field(
                            "agenda-note-taker",
                            _(catalog.NOTE_TAKER_CAPTION),
                            note_taker,
                        ),
                        field(
                            "agenda-time-frame",
                            _("Tid (t.ex. 13.30–15.00)"),
                            time_frame,
                        ),
                        field(
                            "agenda-notes-shared",
                            _(catalog.NOTES_SHARED_CAPTION),
                            shared,
                            width=460,
                        ),
                        ft.TextButton(
                            _("Spara ramarna"),
                            key="agenda-frame-save",
                            icon=ft.Icons.SAVE,
                            on_click=save_frame,
                        ),
                    ],
                    wrap=True,
                ),
                *rows,
                ft.Row(
                    [
                        ft.TextField(
                            key="agenda-own-text",
                            label=_("Egen punkt på dagordningen"),
                            value=own.value,
                            expand=True,
                            dense=True,
                            on_change=lambda e: own.set(e.control.value),
                            on_submit=add_own,
                        ),
                        ft.TextButton(
                            _("Lägg till på dagordningen"),
                            key="agenda-own-add",
                            icon=ft.Icons.ADD,
                            on_click=add_own,
                        ),
                    ]
                ),
            ],
            spacing=6,
        ),
    )
