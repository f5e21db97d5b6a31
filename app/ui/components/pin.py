"""The counsellor's PIN: choose it on first run, enter it to open the workspace."""

from __future__ import annotations

import asyncio
import math

import flet as ft

from app.domain.models import ValidationError
from app.faults import STORAGE_FAULTS, fault_message
from app.i18n import Translator
from app.security import BackoffActive, secret_kind, validate_secret
from app.storage.crypto import WrongRecoveryKey
from app.ui import theme
from app.ui.components.fault import reports_faults
from app.ui.components.secret_words import recovery_key_line, secret_words
from app.ui.context import use_app_state, use_translator
from app.ui.latest import use_latest


def secret_message(_: Translator, error: ValidationError) -> str:
    """Say why a PIN or passphrase was not accepted."""
    if error.msgid == "pin_too_short":
        return _("PIN-koden måste ha minst {min} siffror.", min=error.params["min"])
    if error.msgid == "passphrase_too_short":
        return _("Lösenfrasen måste ha minst {min} tecken.", min=error.params["min"])
    return _("Texten är för lång: högst {max} tecken.", max=error.params["max"])


def wait_message(_: Translator, seconds: float) -> str:
    """Tell the counsellor how long the back-off lasts."""
    return _(
        "För många felaktiga försök. Vänta {seconds} sekunder och försök igen.",
        seconds=math.ceil(seconds),
    )


def pin_card(
    title: str, intro: str, fields: list[ft.Control], width: int = 420
) -> ft.Control:
    """A calm, centred card for PIN entry."""
    return ft.SafeArea(
        expand=True,
        content=ft.Container(
            alignment=ft.Alignment.CENTER,
            expand=True,
            content=ft.Container(
                width=width,
                padding=28,
                bgcolor=theme.TILE_BG,
                border_radius=20,
                content=ft.Column(
                    [
                        ft.Icon(ft.Icons.LOCK_OUTLINE, size=48, color=theme.ACCENT),
                        ft.Text(title, size=24, weight=ft.FontWeight.BOLD),
                        ft.Text(intro, color=theme.MUTED_INK),
                        *fields,
                    ],
                    spacing=14,
                    tight=True,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                ),
            ),
        ),
    )


@ft.component
def SetupPin() -> ft.Control:
    """First run: the counsellor chooses a PIN (≥ 6 digits) or a passphrase."""
    _ = use_translator()
    state = use_app_state()
    first = use_latest("")
    again = use_latest("")
    error, set_error = ft.use_state("")
    recovery, set_recovery = ft.use_state("")
    message, set_message = ft.use_state("")
    services = ft.use_ref(None)  # keep the clipboard / file picker alive

    async def copy_key(_e=None) -> None:
        services.current = ft.Clipboard()
        await services.current.set(recovery)
        set_message(_("Nyckeln är kopierad. Klistra in den där den förvaras säkert."))

    async def print_key(_e=None) -> None:
        from app.export.recovery_sheet import RECOVERY_FILE_NAME, recovery_key_pdf

        data = await asyncio.to_thread(
            recovery_key_pdf, recovery, secret_kind(first.value), state.clock()
        )
        services.current = ft.FilePicker()
        await services.current.save_file(file_name=RECOVERY_FILE_NAME, src_bytes=data)
        set_message(_("Skriv ut sidan och lås in den. Radera filen efteråt."))

    @reports_faults
    def save(_e=None) -> None:
        if first.value != again.value:
            set_error(_("De två koderna är inte lika. Skriv samma kod två gånger."))
            return
        try:
            key = state.pin.set_pin(first.value)
        except ValidationError as exc:
            set_error(secret_message(_, exc))
            return
        if key:
            set_recovery(key)  # shown once; the workspace opens after confirming
        else:
            state.lock.unlock(state.clock())

    if recovery:
        words = secret_words(_, secret_kind(first.value))
        return pin_card(
            _("Din återställningsnyckel"),
            words.keep_key,
            [
                recovery_key_line(recovery),
                ft.Row(
                    [
                        ft.OutlinedButton(
                            _("Kopiera"),
                            key="recovery-copy",
                            icon=ft.Icons.COPY,
                            on_click=copy_key,
                        ),
                        ft.OutlinedButton(
                            _("Utskriftssida (PDF)"),
                            key="recovery-print",
                            icon=ft.Icons.PRINT,
                            on_click=print_key,
                        ),
                    ],
                    alignment=ft.MainAxisAlignment.CENTER,
                    wrap=True,
                ),
                ft.Text(message, key="recovery-message", color=theme.MUTED_INK)
                if message
                else ft.Container(),
                ft.Button(
                    _("Jag har sparat nyckeln"),
                    key="recovery-confirmed",
                    height=52,
                    on_click=lambda _e: state.lock.unlock(state.clock()),
                ),
            ],
            width=600,
        )

    return pin_card(
        _("Välj en PIN-kod"),
        _(
            "Första gången: välj en PIN-kod med minst 6 siffror, eller en "
            "lösenfras. Den behövs för att lämna barnläget och öppna arbetsytan, "
            "och den låser upp de krypterade svaren. En lösenfras med flera ord "
            "skyddar bäst om datorn kommer bort."
        ),
        [
            ft.TextField(
                key="pin-new",
                label=_("PIN-kod eller lösenfras"),
                password=True,
                can_reveal_password=True,
                value=first.value,
                on_change=lambda e: (first.set(e.control.value), set_error("")),
            ),
            ft.TextField(
                key="pin-repeat",
                label=_("Samma kod en gång till"),
                password=True,
                value=again.value,
                error=error or None,
                on_change=lambda e: (again.set(e.control.value), set_error("")),
                on_submit=save,
            ),
            ft.Button(_("Spara PIN-kod"), key="pin-save", height=52, on_click=save),
        ],
    )


@ft.component
def PinEntry(on_success=None, title: str = "", back=None) -> ft.Control:
    """Ask for the PIN; wrong tries are counted and slow down."""
    _ = use_translator()
    state = use_app_state()
    secret = use_latest("")
    error, set_error = ft.use_state("")
    try:
        kind = state.pin.kind()
    except STORAGE_FAULTS:
        kind = None  # the notice comes with the try; the neutral words fit any
    words = secret_words(_, kind)

    forgot, set_forgot = ft.use_state(False)

    def submit(_e=None) -> None:
        try:
            ok = (
                on_success(secret.value)
                if on_success
                else state.try_unlock(secret.value)
            )
        except BackoffActive as exc:
            secret.set("")
            set_error(wait_message(_, exc.seconds))
            return
        except STORAGE_FAULTS as exc:
            # A damaged key file or settings, a folder that cannot be read.
            secret.set("")
            set_error(fault_message(_, exc, state.repo.data_dir))
            return
        if not ok:
            secret.set("")
            set_error(words.wrong)

    fields: list[ft.Control] = [
        ft.TextField(
            key="pin",
            label=words.name,
            password=True,
            autofocus=True,
            value=secret.value,
            error=error or None,
            on_change=lambda e: (secret.set(e.control.value), set_error("")),
            on_submit=submit,
        ),
        ft.Button(_("Lås upp"), key="pin-submit", height=52, on_click=submit),
    ]
    if back is not None:
        fields.append(back)
    if state.pin.encrypted:
        fields.append(
            ft.TextButton(
                words.forgot,
                key="forgot-pin",
                on_click=lambda _e: set_forgot(True),
            )
        )
    if forgot:
        return RecoverPin(on_done=lambda: set_forgot(False))
    return pin_card(
        title or _("Arbetsytan är låst"),
        words.prompt,
        fields,
    )


@ft.component
def RecoverPin(on_done) -> ft.Control:
    """A forgotten PIN: the recovery key opens the data and a new PIN is chosen."""
    _ = use_translator()
    state = use_app_state()
    key = use_latest("")
    first = use_latest("")
    error, set_error = ft.use_state("")

    def recover(_e=None) -> None:
        try:
            validate_secret(first.value)
            state.pin.recover(key.value, first.value)
        except ValidationError as exc:
            set_error(secret_message(_, exc))
            return
        except WrongRecoveryKey:
            set_error(_("Återställningsnyckeln stämmer inte."))
            return
        except STORAGE_FAULTS as exc:
            set_error(fault_message(_, exc, state.repo.data_dir))
            return
        state.lock.unlock(state.clock())
        on_done()

    return pin_card(
        _("Återställ med nyckeln"),
        _("Skriv återställningsnyckeln och välj en ny PIN-kod."),
        [
            ft.TextField(
                key="recovery-input",
                label=_("Återställningsnyckel"),
                value=key.value,
                on_change=lambda e: (key.set(e.control.value), set_error("")),
            ),
            ft.TextField(
                key="recovery-new-pin",
                label=_("Ny PIN-kod eller lösenfras"),
                password=True,
                value=first.value,
                error=error or None,
                on_change=lambda e: (first.set(e.control.value), set_error("")),
                on_submit=recover,
            ),
            ft.Button(
                _("Återställ"), key="recovery-submit", height=52, on_click=recover
            ),
            ft.TextButton(
                _("Tillbaka"), key="recovery-back", on_click=lambda _e: on_done()
            ),
        ],
    )
