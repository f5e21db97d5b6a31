"""What a session shows on the child's page: consent line, status chips, notes.

One session card of ``workspace/child_detail.py`` is made of these, with the
consent and export panels beside them.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.follow_up import EVALUATION_LABELS, EVALUATION_PICTOGRAMS
from app.domain.meeting import Plan
from app.domain.models import (
    ConsentRecord,
    CustomItem,
    Recipient,
    Session,
    ValidationError,
)
from app.domain.summary import follow_up_sentence
from app.i18n import Translator
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.fault import reports_faults
from app.ui.context import use_translator
from app.ui.latest import use_latest
from app.ui.messages import validation_message


def consent_line(_: Translator, consent: ConsentRecord) -> str:
    """Who may receive the child's answers now, in one line."""
    names = [
        (c.other_recipient if r is Recipient.OTHER else _(catalog.RECIPIENTS[r].label))
        for c in consent.active
        for r in c.recipients
    ]
    if not names:
        return _("Inget samtycke: bara egen journal.")
    return _("Samtycke: {names}", names=_.join(sorted(set(names))))


def status_chips(_: Translator, session: Session, exported: bool) -> list[ft.Control]:
    """Which exercises are done, and whether it was reviewed and exported."""
    done_grid = session.grid.marked_count(i.id for i in catalog.GRID_ITEMS)
    reviewed = session.reviewed_at is not None
    chips = [
        (
            "good_at",
            # Counts what it names: items with any answer, not one colour.
            _(
                "Det här är jag bra på: {count} av {total} har svar",
                count=done_grid,
                total=len(catalog.GRID_ITEMS),
            ),
            done_grid > 0,
        ),
        (
            "clock",
            _("En vanlig dag: {count} aktiviteter", count=len(session.day.timeline)),
            bool(session.day.timeline),
        ),
        (
            "done",
            _("Genomgången med barnet") if reviewed else _("Inte genomgången än"),
            reviewed,
        ),
        ("plan", _("Exporterad") if exported else _("Inte exporterad"), exported),
    ]
    return [
        ft.Container(
            padding=ft.Padding.symmetric(horizontal=8, vertical=4),
            border_radius=20,
            bgcolor="#E4F1E8" if on else "#EEF0F3",
            content=ft.Row(
                [
                    ft.Image(
                        src=theme.pictogram_src(pid),
                        width=22,
                        height=22,
                        opacity=1.0 if on else 0.35,
                        exclude_from_semantics=True,
                    ),
                    ft.Text(text, size=13, color=theme.INK if on else theme.MUTED_INK),
                ],
                spacing=4,
                tight=True,
            ),
        )
        for pid, text, on in chips
    ]


@ft.component
def NotesField(store: CaseStore, session: Session) -> ft.Control:
    """The counsellor's own notes on a session, saved with a button."""
    _ = use_translator()
    text = use_latest(session.notes)
    saved, set_saved = ft.use_state("")

    @reports_faults
    def save(_e=None) -> None:
        try:
            store.save_notes(session.id, text.value)
        except ValidationError as exc:
            set_saved(validation_message(_, exc))
            return
        set_saved(_("Sparat."))

    return ft.Column(
        [
            ft.TextField(
                key=f"notes-{session.id}",
                label=_("Mina anteckningar (syns inte för barnet)"),
                value=text.value,
                multiline=True,
                min_lines=2,
                max_lines=6,
                on_change=lambda e: (text.set(e.control.value), set_saved("")),
            ),
            ft.Row(
                [
                    ft.TextButton(
                        _("Spara anteckning"),
                        key=f"save-notes-{session.id}",
                        icon=ft.Icons.SAVE,
                        on_click=save,
                    ),
                    ft.Text(saved, color=theme.MUTED_INK),
                ]
            ),
        ],
        spacing=4,
    )


@ft.component
def OwnWordField(store: CaseStore, session: Session, item: CustomItem) -> ft.Control:
    """One own item the child chose by picture alone, with a field for the word
    the counsellor may add later (kept as the counsellor's word)."""
    _ = use_translator()
    text = use_latest("")
    note, set_note = ft.use_state("")
    picture = catalog.ALL_ITEMS.get(item.pictogram, catalog.SOMETHING_ELSE)

    @reports_faults
    def save(_e=None) -> None:
        try:
            store.name_own_item(session.id, item.id, text.value)
        except ValidationError as exc:
            set_note(validation_message(_, exc))

    return ft.Row(
        [
            ft.Image(
                src=theme.pictogram_src(item.pictogram),
                width=40,
                height=40,
                exclude_from_semantics=True,  # its word follows
            ),
            ft.Text(_(picture.label), width=160),
            ft.TextField(
                key=f"own-word-{item.id}",
                label=_("Ordet till bilden"),
                value=text.value,
                max_length=40,
                dense=True,
                expand=True,
                error=note or None,
                on_change=lambda e: (text.set(e.control.value), set_note("")),
                on_submit=save,
            ),
            ft.TextButton(
                _("Spara ordet"),
                key=f"save-own-word-{item.id}",
                icon=ft.Icons.SAVE,
                on_click=save,
            ),
        ],
        spacing=8,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )


def own_words(_: Translator, store: CaseStore, session: Session) -> list[ft.Control]:
    """The session's own items without a word, each with its field (nothing
    when there are none)."""
    wordless = [
        c
        for c in (*session.grid.custom_items, *session.day.custom_items)
        if not c.typed
    ]
    if not wordless:
        return []
    return [
        ft.Text(
            _("Egna bilder utan ord (lägg till ordet om barnet säger det)"),
            size=14,
            weight=ft.FontWeight.BOLD,
        ),
        *(OwnWordField(store, session, c, key=f"own-words-{c.id}") for c in wordless),
    ]


def follow_up_part(
    _: Translator, session: Session, previous: Session | None, plan: Plan
) -> ft.Control | None:
    """A follow-up session's evaluation per plan point and what changed since
    last time (the case file's Swedish sentence), or None for a first session."""
    rated = [
        (p, session.evaluations[p.id])
        for p in plan.points
        if p.id in session.evaluations
    ]
    if previous is None and not rated:
        return None
    rows: list[ft.Control] = [
        ft.Text(_("Uppföljning med barnet"), size=16, weight=ft.FontWeight.BOLD)
    ]
    for point, rating in rated:
        rows.append(
            ft.Row(
                [
                    ft.Image(
                        src=theme.pictogram_src(EVALUATION_PICTOGRAMS[rating]),
                        width=28,
                        height=28,
                        exclude_from_semantics=True,
                    ),
                    ft.Text(
                        f"{point.text}: {_(EVALUATION_LABELS[rating])}",
                        key=f"evaluation-{session.id}-{point.id}",
                        expand=True,
                    ),
                ]
            )
        )
    if previous is not None:
        rows.append(
            ft.Text(
                follow_up_sentence(session, previous),
                key=f"changes-{session.id}",
                color=theme.MUTED_INK,
            )
        )
    return ft.Container(
        key=f"follow-up-{session.id}",
        bgcolor=theme.SOFT_NOTICE_BG,
        border_radius=12,
        padding=10,
        content=ft.Column(rows, spacing=4),
    )
