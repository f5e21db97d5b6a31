"""*Importera en export*: a JSON export from another laptop or a colleague.

The same checks and the same Swedish sentences as ``python -m app import``
(:mod:`app.export.json_import`): the picked file is checked before anything is
shown, a preview says what would be added, and only *Lägg till* writes. A child
or session that is here already is never overwritten: it can only be added as a
copy (a new child with new ids), as the command's ``--som-kopia``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import flet as ft

from app.export.json_import import (
    Imported,
    ImportPreview,
    ImportRejected,
    check_source,
    import_checked,
    preview,
)
from app.ui import theme
from app.ui.components.fault import reports_faults
from app.ui.context import use_app_state, use_translator
from app.ui.routes import ROUTE_CHILD_DETAIL


@ft.component
def ImportPanel(on_added: Callable[[], None]) -> ft.Control:
    """Pick a JSON export, see what it holds, then add it (never overwriting)."""
    _ = use_translator()
    state = use_app_state()
    picker = ft.use_ref(None)  # keep the file picker alive while it is open
    checked, set_checked = ft.use_state(None)
    shown, set_shown = ft.use_state(None)
    message, set_message = ft.use_state("")

    @reports_faults
    async def pick(_e=None) -> None:
        picker.current = ft.FilePicker()
        files = await picker.current.pick_files(
            dialog_title=_("Välj en JSON-export"),
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=["json"],
            with_data=True,
            cancel_upload_on_window_blur=False,
        )
        if not files:
            return
        set_checked(None)
        set_shown(None)
        try:
            found: Imported = await asyncio.to_thread(
                check_source, files[0].bytes or b""
            )
        except ImportRejected as exc:
            set_message(exc.msg_sv)
            return
        set_message("")
        set_checked(found)
        set_shown(await asyncio.to_thread(preview, state.repo, found))

    @reports_faults
    async def add(as_copy: bool) -> None:
        try:
            result = await asyncio.to_thread(
                import_checked, state.repo, checked, as_copy=as_copy
            )
        except ImportRejected as exc:
            set_message(exc.msg_sv)
            return
        set_checked(None)
        set_shown(None)
        set_message("")
        on_added()
        ft.context.page.navigate(ROUTE_CHILD_DETAIL.format(child_id=result.child_id))

    async def add_new(_e=None) -> None:
        await add(False)

    async def add_copy(_e=None) -> None:
        await add(True)

    def cancel(_e=None) -> None:
        set_checked(None)
        set_shown(None)
        set_message("")

    parts: list[ft.Control] = [
        ft.Text(_("Importera en export"), size=20, weight=ft.FontWeight.BOLD),
        ft.Text(
            _(
                "En JSON-export från en annan dator eller en kollega. "
                "Inget skrivs över."
            ),
            color=theme.MUTED_INK,
        ),
        ft.OutlinedButton(
            _("Välj fil…"),
            key="import-pick",
            icon=ft.Icons.UPLOAD_FILE,
            on_click=pick,
        ),
    ]
    if message:
        parts.append(
            ft.Container(
                key="import-message",
                bgcolor=theme.SOFT_NOTICE_BG,
                border_radius=12,
                padding=12,
                content=ft.Text(message, key="import-message-text", size=16),
            )
        )
    if shown is not None:
        parts.append(Preview(shown, add_new, add_copy, cancel))
    return ft.Container(
        key="import-panel",
        bgcolor=theme.TILE_BG,
        border_radius=16,
        padding=12,
        content=ft.Column(parts, spacing=10),
    )


@ft.component
def Preview(
    shown: ImportPreview,
    add_new: Callable[..., object],
    add_copy: Callable[..., object],
    cancel: Callable[..., None],
) -> ft.Control:
    """What the file would add, with *Lägg till* (or *som kopia*) and *Avbryt*."""
    _ = use_translator()
    lines = [
        _("Barn: {name}", name=shown.display_name),
        _("Ärendereferens: {ref}", ref=shown.case_ref) if shown.case_ref else "",
        _("Session: {date}", date=_.date(shown.started, "medium")),
        _("Antal svar: {n}", n=shown.answers),
    ]
    actions: list[ft.Control] = []
    if shown.child_exists:
        lines.append(
            _(
                "Eleven eller sessionen finns redan här. Den läggs till som en "
                "ny elev (en kopia); inget skrivs över."
            )
        )
        actions.append(
            ft.Button(
                _("Importera som kopia"),
                key="import-as-copy",
                icon=ft.Icons.COPY_ALL,
                on_click=add_copy,
            )
        )
    else:
        actions.append(
            ft.Button(
                _("Lägg till"),
                key="import-add",
                icon=ft.Icons.ADD,
                on_click=add_new,
            )
        )
    actions.append(ft.TextButton(_("Avbryt"), key="import-cancel", on_click=cancel))
    return ft.Container(
        key="import-preview",
        border=ft.Border.all(2, theme.ACCENT),
        border_radius=12,
        padding=12,
        content=ft.Column(
            [
                ft.Text(_("Det här läggs till:"), weight=ft.FontWeight.BOLD),
                *[
                    ft.Text(line, key=f"import-line-{i}")
                    for i, line in enumerate(lines)
                    if line
                ],
                ft.Row(actions, wrap=True),
            ],
            spacing=6,
        ),
    )
