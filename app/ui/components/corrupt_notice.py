"""A fault of the data folder, said calmly; a damaged file's last good copy offered."""

from __future__ import annotations

import flet as ft

from app.faults import STORAGE_FAULTS, fault_message
from app.storage.repository import CorruptFileError, NoUsableBackupError
from app.ui import theme
from app.ui.context import use_app_state, use_services, use_translator


@ft.component
def CorruptNotice(error: Exception, on_done) -> ft.Control:
    """A fault of the data folder: say so calmly, offer a damaged file's backup.

    A damaged or missing file is kept aside untouched and its last good copy
    offered; any other fault (a tampered key file or counter record, a folder
    that cannot be read) is said in a sentence from ``app.faults``.
    """
    _ = use_translator()
    services = use_services()
    state = use_app_state()
    outcome, set_outcome = ft.use_state("")
    if not isinstance(error, CorruptFileError):
        return notice_card(
            _,
            key="fault-notice",
            title=_("Det gick inte att läsa datamappen"),
            text=fault_message(_, error, services.repo.data_dir),
            actions=[],
            on_done=on_done,
        )

    def restore(_e=None) -> None:
        try:
            state.restore_backup(error.path)
        except (NoUsableBackupError, FileNotFoundError):
            set_outcome("no_backup")
            return
        except STORAGE_FAULTS as exc:
            set_outcome(fault_message(_, exc, services.repo.data_dir))
            return
        set_outcome("restored")

    if outcome == "restored":
        text = _("Den senaste säkerhetskopian används nu. Den skadade filen är sparad.")
    elif outcome == "no_backup":
        text = _(
            "Det finns ingen läsbar säkerhetskopia. Den skadade filen är sparad "
            "orörd i datamappen; kontakta den som sköter appen."
        )
    elif outcome:
        text = outcome
    elif not error.path.exists():
        text = _(
            "En fil med sparade svar saknas i datamappen, fast den har sparats "
            "förut (den kan ha raderats utanför Min röst)."
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
    return notice_card(
        _,
        key="corrupt-notice",
        title=_("Det gick inte att läsa en fil"),
        text=text,
        actions=actions,
        on_done=on_done,
    )


def notice_card(
    _, *, key: str, title: str, text: str, actions: list[ft.Control], on_done
) -> ft.Control:
    """A calm card: what happened, what can be done, and the way back."""
    return ft.Container(
        key=key,
        margin=24,
        padding=20,
        border_radius=16,
        bgcolor=theme.SOFT_NOTICE_BG,
        content=ft.Column(
            [
                ft.Text(title, size=22),
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
