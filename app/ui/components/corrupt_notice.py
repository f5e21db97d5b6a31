"""A damaged file, said calmly: kept aside untouched, the last good copy offered."""

from __future__ import annotations

import flet as ft

from app.storage.repository import CorruptFileError, NoUsableBackupError
from app.ui import theme
from app.ui.context import use_services, use_translator


@ft.component
def CorruptNotice(error: CorruptFileError, on_done) -> ft.Control:
    """A damaged file: say so calmly, keep it aside, offer the last good copy."""
    _ = use_translator()
    services = use_services()
    outcome, set_outcome = ft.use_state("")

    def restore(_e=None) -> None:
        try:
            services.repo.restore_backup(error.path)
        except (NoUsableBackupError, FileNotFoundError):
            set_outcome("no_backup")
            return
        set_outcome("restored")

    if outcome == "restored":
        text = _("Den senaste säkerhetskopian används nu. Den skadade filen är sparad.")
    elif outcome == "no_backup":
        text = _(
            "Det finns ingen läsbar säkerhetskopia. Den skadade filen är sparad "
            "orörd i datamappen; kontakta den som sköter appen."
        )
    else:
        text = _(
            "En fil med sparade svar går inte att läsa (den kan vara skadad). "
            "Inget har tagits bort: filen läggs undan orörd."
        )
    actions = []
    if not outcome and error.backup_path is not None:
        actions.append(
            ft.Button(
                _("Använd säkerhetskopian"),
                key="restore-backup",
                icon=ft.Icons.RESTORE,
                on_click=restore,
            )
        )
    return ft.Container(
        key="corrupt-notice",
        margin=24,
        padding=20,
        border_radius=16,
        bgcolor=theme.SOFT_NOTICE_BG,
        content=ft.Column(
            [
                ft.Text(_("Det gick inte att läsa en fil"), size=22),
                ft.Text(text, size=16),
                *actions,
                ft.Button(
                    _("Till början"),
                    key="corrupt-back",
                    on_click=lambda _e: on_done(),
                ),
            ],
            spacing=12,
        ),
    )
