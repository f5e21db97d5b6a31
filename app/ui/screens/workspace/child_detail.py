"""One child in the workspace: sessions, the counsellor's notes, consent, erasure.

Notes and consent belong to the counsellor and are kept apart from the child's
answers; the child never sees this screen.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.models import (
    Recipient,
    Session,
    ValidationError,
)
from app.faults import STORAGE_FAULTS, export_not_logged
from app.i18n import N_, Translator
from app.storage.repository import NotFoundError
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.corrupt_notice import CorruptNotice
from app.ui.components.fault import reports_faults
from app.ui.components.gate import use_counsellor_activity
from app.ui.context import use_app_state, use_case_store, use_translator
from app.ui.messages import validation_message
from app.ui.routes import (
    ROUTE_CHILD_HOME,
    ROUTE_HISTORY,
    ROUTE_LAST_TIME,
    ROUTE_MEETING,
    ROUTE_PLAN,
    ROUTE_START,
)

EXPORT_RECIPIENTS = (
    Recipient.OWN_FILE,
    *(r for r in Recipient if r is not Recipient.OWN_FILE),
)
"""Own case file first: it is the default and needs no consent."""
CONSENT_ERRORS = {
    "consent_no_giver": N_("Välj vem som har gett samtycket."),
    "consent_no_recipient": N_("Välj minst en mottagare."),
}


def consent_line(_: Translator, session: Session) -> str:
    """Who may receive this session, in one line."""
    names = [
        (c.other_recipient if r is Recipient.OTHER else _(catalog.RECIPIENTS[r].label))
        for c in session.consents
        if c.active
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
def ChildDetailScreen() -> ft.Control:
    """Route adapter: one child's page (the workspace layout route guards it)."""
    _ = use_translator()
    child_id = ft.use_route_params().get("child_id", "")
    try:
        store = use_case_store(child_id)
    except STORAGE_FAULTS as exc:
        # A damaged or deleted file: the notice offers its backup.
        return CorruptNotice(exc, lambda: ft.context.page.navigate(ROUTE_START))
    except NotFoundError:
        return ft.Container(
            padding=24,
            content=ft.Column(
                [
                    ft.Text(_("Barnet finns inte."), size=22),
                    ft.Button(
                        _("Till arbetsytan"),
                        key="to-workspace",
                        on_click=lambda _e: ft.context.page.navigate(ROUTE_START),
                    ),
                ]
            ),
        )
    return ChildDetail(store)


@ft.component
def ConsentPanel(store: CaseStore, session: Session, on_close) -> ft.Control:
    """Record who consented to sharing with whom; list and withdraw consents."""
    _ = use_translator()
    givers, set_givers = ft.use_state(())
    recipients, set_recipients = ft.use_state(())
    other, set_other = ft.use_state("")
    note, set_note = ft.use_state("")
    error, set_error = ft.use_state("")

    def toggle(values: tuple, value, setter) -> None:
        setter(
            tuple(v for v in values if v != value)
            if value in values
            else (*values, value)
        )
        set_error("")

    @reports_faults
    def save(_e=None) -> None:
        try:
            store.give_consent(
                session.id,
                givers=givers,
                recipients=recipients,
                other_recipient=other,
                note=note,
            )
        except ValidationError as exc:
            msg = CONSENT_ERRORS.get(exc.msgid)
            set_error(_(msg) if msg else validation_message(_, exc))
            return
        on_close()

    @reports_faults
    def withdraw(consent_id: str) -> None:
        store.withdraw_consent(session.id, consent_id)
        on_close()

    existing = [
        ft.Row(
            [
                ft.Text(
                    _.join([_(catalog.GIVERS[g].label) for g in c.given_by])
                    + " → "
                    + _.join(
                        [
                            c.other_recipient
                            if r is Recipient.OTHER
                            else _(catalog.RECIPIENTS[r].label)
                            for r in c.recipients
                        ]
                    )
                    + " · "
                    + _.date(c.given_at, "medium")
                    + ("" if c.active else " · " + _("återkallat")),
                    expand=True,
                    color=theme.INK if c.active else theme.MUTED_INK,
                ),
                ft.TextButton(
                    _("Återkalla"),
                    key=f"withdraw-{c.id}",
                    on_click=lambda _e, cid=c.id: withdraw(cid),
                )
                if c.active
                else ft.Container(),
            ]
        )
        for c in session.consents
    ]
    return ft.Container(
        key="consent-panel",
        bgcolor=theme.TILE_BG,
        border=ft.Border.all(2, theme.ACCENT),
        border_radius=16,
        padding=16,
        content=ft.Column(
            [
                ft.Text(_("Samtycke"), size=20, weight=ft.FontWeight.BOLD),
                ft.Text(
                    _(
                        "Samtycke är grunden för samverkan – för att bryta "
                        "sekretessen. Påminn om samtycket – håll det levande."
                    ),
                    color=theme.MUTED_INK,
                ),
                *existing,
                ft.Text(_("Vem ger samtycke?"), weight=ft.FontWeight.BOLD),
                ft.Row(
                    [
                        ft.Checkbox(
                            key=f"giver-{g.value}",
                            label=_(giver.label),
                            value=g in givers,
                            on_change=lambda _e, g=g: toggle(givers, g, set_givers),
                        )
                        for g, giver in catalog.GIVERS.items()
                    ],
                    wrap=True,
                ),
                ft.Text(_("Till vem får svaren lämnas?"), weight=ft.FontWeight.BOLD),
                ft.Row(
                    [
                        ft.Checkbox(
                            key=f"recipient-{r.value}",
                            label=_(info.label),
                            value=r in recipients,
                            on_change=lambda _e, r=r: toggle(
                                recipients, r, set_recipients
                            ),
                        )
                        for r, info in catalog.RECIPIENTS.items()
                        if r is not Recipient.OWN_FILE
                    ],
                    wrap=True,
                ),
                ft.TextField(
                    key="recipient-other-name",
                    label=_("Annan mottagare: vem?"),
                    value=other,
                    visible=Recipient.OTHER in recipients,
                    on_change=lambda e: set_other(e.control.value),
                ),
                ft.TextField(
                    key="consent-note",
                    label=_("Anteckning om samtycket (valfritt)"),
                    value=note,
                    on_change=lambda e: set_note(e.control.value),
                ),
                ft.Text(error, key="consent-error", color=theme.INK)
                if error
                else ft.Container(),
                ft.Row(
                    [
                        ft.Button(
                            _("Spara samtycke"), key="consent-save", on_click=save
                        ),
                        ft.TextButton(
                            _("Stäng"),
                            key="consent-close",
                            on_click=lambda _e: on_close(),
                        ),
                    ]
                ),
            ],
            spacing=10,
        ),
    )


@ft.component
def ExportPanel(store: CaseStore, session: Session, on_close) -> ft.Control:
    """*Barnets röst* to copy, and PDF/JSON/text exports for a recipient."""
    import functools

    from app.domain.summary import child_voice, without_private
    from app.export.service import ConsentMissing, ExportRequest

    _ = use_translator()
    recipient, set_recipient = ft.use_state(Recipient.OWN_FILE.value)
    other, set_other = ft.use_state("")
    include_name, set_include_name = ft.use_state(False)
    include_notes, set_include_notes = ft.use_state(False)
    message, set_message = ft.use_state("")
    services = ft.use_ref(None)  # keep the clipboard / file picker alive
    previous = store.previous(session)
    voice = child_voice(
        without_private(session),
        without_private(previous) if previous else None,
        meeting=store.meeting(session.id),
    )

    async def copy(_e=None) -> None:
        services.current = ft.Clipboard()
        await services.current.set(voice)
        set_message(_("Texten är kopierad."))

    @reports_faults
    async def export(fmt: str, _e=None) -> None:
        try:
            result = await store.export_session(
                session.id,
                ExportRequest(
                    fmt=fmt,
                    recipient=Recipient(recipient),
                    other_name=other,
                    include_name=include_name,
                    include_notes=include_notes,
                ),
            )
        except ConsentMissing as exc:
            set_message(str(exc))
            return
        services.current = ft.FilePicker()
        await services.current.save_file(
            file_name=result.filename, src_bytes=result.data
        )
        done = _("Exporterad: {name}", name=result.filename)
        set_message(done if result.logged else f"{done} {export_not_logged(_)}")

    return ft.Container(
        key="export-panel",
        bgcolor=theme.TILE_BG,
        border=ft.Border.all(2, theme.ACCENT),
        border_radius=16,
        padding=16,
        content=ft.Column(
            [
                ft.Text(_("Barnets röst"), size=20, weight=ft.FontWeight.BOLD),
                ft.Text(voice, key="voice-text", selectable=True, size=15),
                ft.TextButton(
                    _("Kopiera texten"),
                    key="copy-voice",
                    icon=ft.Icons.COPY,
                    on_click=copy,
                ),
                ft.Text(_("Exportera till akten"), size=18, weight=ft.FontWeight.BOLD),
                ft.Dropdown(
                    key="export-recipient",
                    label=_("Mottagare"),
                    value=recipient,
                    options=[
                        ft.DropdownOption(
                            key=r.value, text=_(catalog.RECIPIENTS[r].label)
                        )
                        for r in EXPORT_RECIPIENTS
                    ],
                    on_select=lambda e: (
                        set_recipient(e.data or e.control.value),
                        set_message(""),
                    ),
                ),
                ft.TextField(
                    key="export-other-name",
                    label=_("Annan mottagare: vem?"),
                    value=other,
                    visible=recipient == Recipient.OTHER.value,
                    on_change=lambda e: set_other(e.control.value),
                ),
                ft.Checkbox(
                    key="include-name",
                    label=_(
                        "Visa barnets namn (annars ärendereferens eller initialer)"
                    ),
                    value=include_name,
                    on_change=lambda _e: set_include_name(not include_name),
                ),
                ft.Checkbox(
                    key="include-notes",
                    label=_("Ta med mina anteckningar"),
                    value=include_notes,
                    on_change=lambda _e: set_include_notes(not include_notes),
                ),
                ft.Row(
                    [
                        ft.Button(
                            "PDF",
                            key="export-pdf",
                            icon=ft.Icons.PICTURE_AS_PDF,
                            on_click=functools.partial(export, "pdf"),
                        ),
                        ft.OutlinedButton(
                            "JSON",
                            key="export-json",
                            on_click=functools.partial(export, "json"),
                        ),
                        ft.OutlinedButton(
                            _("Text"),
                            key="export-text",
                            on_click=functools.partial(export, "text"),
                        ),
                        ft.TextButton(
                            _("Stäng"),
                            key="export-close",
                            on_click=lambda _e: on_close(),
                        ),
                    ],
                    wrap=True,
                ),
                ft.Text(message, key="export-message") if message else ft.Container(),
            ],
            spacing=10,
        ),
    )


@ft.component
def NotesField(store: CaseStore, session: Session) -> ft.Control:
    """The counsellor's own notes on a session, saved with a button."""
    _ = use_translator()
    text, set_text = ft.use_state(session.notes)
    saved, set_saved = ft.use_state("")

    @reports_faults
    def save(_e=None) -> None:
        try:
            store.save_notes(session.id, text)
        except ValidationError as exc:
            set_saved(validation_message(_, exc))
            return
        set_saved(_("Sparat."))

    return ft.Column(
        [
            ft.TextField(
                key=f"notes-{session.id}",
                label=_("Mina anteckningar (syns inte för barnet)"),
                value=text,
                multiline=True,
                min_lines=2,
                max_lines=6,
                on_change=lambda e: (set_text(e.control.value), set_saved("")),
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
def ChildDetail(store: CaseStore) -> ft.Control:
    """Sessions with their state, consent, notes, new session and erasure."""
    _ = use_translator()
    state = use_app_state()
    use_counsellor_activity()
    panel, set_panel = ft.use_state("")
    child, child_id, sessions = store.child, store.child.id, store.sessions

    def close_panel() -> None:
        set_panel("")

    @reports_faults
    def hand_over(session_id: str | None) -> None:
        if session_id is None:
            store.start_session()
            # A follow-up session starts with the plan and what was said last.
            first = ROUTE_LAST_TIME if store.has_last_time else None
        else:
            store.continue_session(session_id)
            first = None
        ft.context.page.navigate(first or ROUTE_CHILD_HOME)

    @reports_faults
    def erase(_e=None) -> None:
        store.erase()
        ft.context.page.navigate(ROUTE_START)

    parts: list[ft.Control] = []
    if panel == "start":
        latest = sessions[-1] if sessions else None
        parts.append(
            ft.Container(
                key="consent-reminder",
                bgcolor=theme.SOFT_NOTICE_BG,
                border_radius=16,
                padding=16,
                content=ft.Column(
                    [
                        ft.Text(
                            _("Innan ni börjar"), size=20, weight=ft.FontWeight.BOLD
                        ),
                        ft.Text(
                            _(
                                "Påminn om samtycket – håll det levande. Barnet och "
                                "vårdnadshavarna kan ändra sig när som helst."
                            )
                        ),
                        ft.Text(consent_line(_, latest))
                        if latest
                        else ft.Text(_("Inget samtycke är registrerat än.")),
                        ft.Row(
                            [
                                ft.Button(
                                    _("Starta barnläget"),
                                    key="confirm-start",
                                    icon=ft.Icons.CHILD_CARE,
                                    on_click=lambda _e: hand_over(None),
                                ),
                                ft.TextButton(
                                    _("Avbryt"),
                                    key="cancel-start",
                                    on_click=lambda _e: set_panel(""),
                                ),
                            ]
                        ),
                    ],
                    spacing=10,
                ),
            )
        )
    if panel == "erase":
        parts.append(
            ft.Container(
                key="erase-panel",
                bgcolor=theme.SOFT_NOTICE_BG,
                border_radius=16,
                padding=16,
                content=ft.Column(
                    [
                        ft.Text(
                            _("Radera {name}?", name=child.display_name),
                            size=20,
                            weight=ft.FontWeight.BOLD,
                        ),
                        ft.Text(
                            _.plural(
                                "Allt om {name} raderas för gott: {n} session med "
                                "svar, anteckningar och samtycken, och alla "
                                "säkerhetskopior. Det går inte att ångra.",
                                "Allt om {name} raderas för gott: {n} sessioner med "
                                "svar, anteckningar och samtycken, och alla "
                                "säkerhetskopior. Det går inte att ångra.",
                                len(sessions),
                                name=child.display_name,
                            )
                        ),
                        ft.Row(
                            [
                                ft.Button(
                                    _("Radera för gott"),
                                    key="erase-confirm",
                                    icon=ft.Icons.DELETE_FOREVER,
                                    on_click=erase,
                                ),
                                ft.TextButton(
                                    _("Avbryt"),
                                    key="erase-cancel",
                                    on_click=lambda _e: set_panel(""),
                                ),
                            ]
                        ),
                    ],
                    spacing=10,
                ),
            )
        )

    for session in reversed(sessions):
        rows: list[ft.Control] = [
            ft.Row(
                [
                    ft.Text(
                        _.datetime(session.started, "medium"),
                        size=17,
                        weight=ft.FontWeight.BOLD,
                        expand=True,
                    ),
                    ft.Button(
                        _("Fortsätt med barnet"),
                        key=f"continue-{session.id}",
                        icon=ft.Icons.PLAY_ARROW,
                        on_click=lambda _e, sid=session.id: hand_over(sid),
                    ),
                    ft.OutlinedButton(
                        _("Exportera"),
                        key=f"export-{session.id}",
                        icon=ft.Icons.IOS_SHARE,
                        on_click=lambda _e, sid=session.id: set_panel(f"export:{sid}"),
                    ),
                    ft.OutlinedButton(
                        _("Samtycke"),
                        key=f"consent-{session.id}",
                        icon=ft.Icons.HANDSHAKE,
                        on_click=lambda _e, sid=session.id: set_panel(f"consent:{sid}"),
                    ),
                ],
            ),
            ft.Row(status_chips(_, session, session.id in store.exported), wrap=True),
            ft.Text(consent_line(_, session), color=theme.MUTED_INK),
        ]
        if panel == f"consent:{session.id}":
            rows.append(ConsentPanel(store, session, close_panel))
        if panel == f"export:{session.id}":
            rows.append(ExportPanel(store, session, close_panel))
        rows.append(NotesField(store, session))
        parts.append(
            ft.Container(
                key=f"session-{session.id}",
                bgcolor=theme.TILE_BG,
                border_radius=16,
                padding=16,
                content=ft.Column(rows, spacing=8),
            )
        )
    if not sessions:
        parts.append(ft.Text(_("Inga sessioner än."), color=theme.MUTED_INK))

    header = ft.Row(
        [
            ft.IconButton(
                ft.Icons.ARROW_BACK,
                key="to-workspace",
                tooltip=_("Till arbetsytan"),
                on_click=lambda _e: ft.context.page.navigate(ROUTE_START),
            ),
            ft.Column(
                [
                    ft.Text(child.display_name, size=28, weight=ft.FontWeight.BOLD),
                    ft.Text(
                        child.case_ref or _("Ingen ärendereferens"),
                        color=theme.MUTED_INK,
                    ),
                ],
                spacing=0,
                expand=True,
            ),
            ft.Button(
                _("Ny session"),
                key="new-session",
                icon=ft.Icons.ADD,
                on_click=lambda _e: set_panel("start"),
            ),
            ft.OutlinedButton(
                _("Lås"),
                key="lock-workspace",
                icon=ft.Icons.LOCK,
                on_click=lambda _e: state.lock.lock(),
            ),
        ],
    )

    def go(route: str) -> None:
        ft.context.page.navigate(route.format(child_id=child_id))

    tools = ft.Row(
        [
            ft.OutlinedButton(
                _("Inför och efter mötet"),
                key="open-meeting",
                icon=ft.Icons.GROUPS,
                on_click=lambda _e: go(ROUTE_MEETING),
            ),
            ft.OutlinedButton(
                _("Planen"),
                key="open-plan",
                icon=ft.Icons.CHECKLIST,
                on_click=lambda _e: go(ROUTE_PLAN),
            ),
            ft.OutlinedButton(
                _("Över tid"),
                key="open-history",
                icon=ft.Icons.TIMELINE,
                on_click=lambda _e: go(ROUTE_HISTORY),
            ),
        ],
        wrap=True,
    )
    footer = ft.Row(
        [
            ft.TextButton(
                _("Radera barnet"),
                key="erase-child",
                icon=ft.Icons.DELETE_OUTLINE,
                on_click=lambda _e: set_panel("erase"),
            )
        ],
        alignment=ft.MainAxisAlignment.END,
    )
    return ft.SafeArea(
        expand=True,
        content=ft.Container(
            padding=24,
            content=ft.Column(
                [header, tools, *parts, footer],
                spacing=14,
                scroll=ft.ScrollMode.AUTO,
                expand=True,
            ),
        ),
    )
