"""The export panel of a session: *Barnets röst* to copy, and the exports.

PDF, JSON or text for a recipient, built as an ``ExportRequest`` and run by
the child's ``CaseStore`` (off the event loop); the browser saves the file.
The counsellor's name and role fill *Samtalsledare* in the export's header;
this browser remembers them for the next export (``AppState.counsellor``).
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.counsellor import MAX_ROLE_LENGTH, Counsellor
from app.domain.models import (
    MAX_NAME_LENGTH,
    Recipient,
    Session,
    ValidationError,
)
from app.faults import export_not_logged
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.fault import reports_faults
from app.ui.components.named import named_dropdown, readable
from app.ui.context import use_app_state, use_translator
from app.ui.latest import use_latest
from app.ui.messages import validation_message

EXPORT_RECIPIENTS = (
    Recipient.OWN_FILE,
    *(r for r in Recipient if r is not Recipient.OWN_FILE),
)
"""Own case file first: it is the default and needs no consent."""


@ft.component
def ExportPanel(store: CaseStore, session: Session, on_close) -> ft.Control:
    """*Barnets röst* to copy, and PDF/JSON/text exports for a recipient."""
    import functools

    from app.domain.sharing import for_recipient
    from app.domain.summary import child_voice
    from app.export.service import ConsentMissing, ExportRequest, VoicesTooLarge

    _ = use_translator()
    state = use_app_state()
    remembered, _set_remembered = ft.use_state(lambda: state.counsellor)
    name = use_latest(remembered.name)
    role = use_latest(remembered.role)
    recipient = use_latest(Recipient.OWN_FILE.value)
    other = use_latest("")
    include_name = use_latest(False)
    include_notes = use_latest(False)
    include_voices = use_latest(False)
    has_voices = store.has_recorded_voices()
    message, set_message = ft.use_state("")
    services = ft.use_ref(None)  # keep the clipboard / file picker alive
    previous = store.previous(session)

    def shared(s: Session) -> Session:
        # *Barnets röst* as the chosen recipient may read it (sharing.may_see).
        return for_recipient(s, store.consent, Recipient(recipient.value), other.value)

    voice = child_voice(
        shared(session),
        shared(previous) if previous else None,
        meeting=store.meeting(session.id),
    )

    async def copy(_e=None) -> None:
        services.current = ft.Clipboard()
        await services.current.set(voice)
        set_message(_("Texten är kopierad."))

    @reports_faults
    async def export(fmt: str, _e=None) -> None:
        try:
            counsellor = Counsellor.make(name.value, role.value)
        except ValidationError as exc:
            set_message(validation_message(_, exc))
            return
        state.remember_counsellor(counsellor)
        try:
            result = await store.export_session(
                session.id,
                ExportRequest(
                    fmt=fmt,
                    recipient=Recipient(recipient.value),
                    other_name=other.value,
                    include_name=include_name.value,
                    include_notes=include_notes.value,
                    counsellor=counsellor.signature,
                    include_voices=include_voices.value and has_voices,
                ),
            )
        except (ConsentMissing, VoicesTooLarge) as exc:
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
                readable(ft.Text(voice, key="voice-text", selectable=True, size=15)),
                ft.TextButton(
                    _("Kopiera texten"),
                    key="copy-voice",
                    icon=ft.Icons.COPY,
                    on_click=copy,
                ),
                ft.Text(_("Exportera till akten"), size=18, weight=ft.FontWeight.BOLD),
                ft.Row(
                    [
                        ft.TextField(
                            key="counsellor-name",
                            label=_("Samtalsledare: ditt namn"),
                            value=name.value,
                            max_length=MAX_NAME_LENGTH,
                            expand=True,
                            on_change=lambda e: (
                                name.set(e.control.value),
                                set_message(""),
                            ),
                        ),
                        ft.TextField(
                            key="counsellor-role",
                            label=_("Din roll (till exempel kurator)"),
                            value=role.value,
                            max_length=MAX_ROLE_LENGTH,
                            expand=True,
                            on_change=lambda e: (
                                role.set(e.control.value),
                                set_message(""),
                            ),
                        ),
                    ],
                    # No wrap: an expanding field inside a wrapping row is a
                    # layout error, drawn as a grey box in the browser.
                    spacing=12,
                ),
                named_dropdown(
                    ft.Dropdown(
                        key="export-recipient",
                        label=_("Mottagare"),
                        value=recipient.value,
                        options=[
                            ft.DropdownOption(
                                key=r.value, text=_(catalog.RECIPIENTS[r].label)
                            )
                            for r in EXPORT_RECIPIENTS
                        ],
                        on_select=lambda e: (
                            recipient.set(e.data or e.control.value),
                            set_message(""),
                        ),
                    ),
                    _(catalog.RECIPIENTS[Recipient(recipient.value)].label),
                ),
                ft.TextField(
                    key="export-other-name",
                    label=_("Annan mottagare: vem?"),
                    value=other.value,
                    visible=recipient.value == Recipient.OTHER.value,
                    on_change=lambda e: other.set(e.control.value),
                ),
                ft.Checkbox(
                    key="include-name",
                    label=_(
                        "Visa barnets namn (annars ärendereferens eller initialer)"
                    ),
                    value=include_name.value,
                    on_change=lambda e: include_name.set(bool(e.control.value)),
                ),
                ft.Checkbox(
                    key="include-notes",
                    label=_("Ta med mina anteckningar"),
                    value=include_notes.value,
                    on_change=lambda e: include_notes.set(bool(e.control.value)),
                ),
                ft.Checkbox(
                    key="include-voices",
                    label=_(
                        "Ta med de inspelade rösterna (bara i JSON; de är "
                        "förälderns eller din röst)"
                    ),
                    value=include_voices.value,
                    visible=has_voices,
                    on_change=lambda e: include_voices.set(bool(e.control.value)),
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
