"""The record / listen / replace / remove panel of one text's recorded voice.

Part of *Inspelade röster* (``app/ui/screens/workspace/voices.py``). The
microphone streams 16-bit PCM to the server (``AudioRecorder.on_stream``): the
bytes never become a file on either side until the repository has encrypted
them. Where the browser lends no microphone (plain HTTP from another device)
the panel says so and offers to pick an audio file instead.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import flet as ft
import flet_audio_recorder as far

from app.pairing import is_loopback
from app.speech import (
    RECORDING_CHANNELS,
    RECORDING_RATE,
    audio_type,
    clip_url,
    pcm_to_wav,
)
from app.storage.repository import MAX_RECORDING_BYTES, RecordingTooLarge
from app.ui import theme
from app.ui.components.fault import reports_faults
from app.ui.context import use_repo, use_services, use_translator

STOP_TIMEOUT = 10.0
"""How long *Stoppa och spara* waits for the browser to end the stream."""


def can_record(page: Any, https: bool) -> bool:
    """Whether this browser may use a microphone: HTTPS, or the app on loopback.

    Over plain HTTP only a page opened as 127.0.0.1/localhost is a secure
    context; the server answers a network address only for another device (or
    this one typing that address), whose browser refuses the microphone.
    """
    return https or is_loopback(getattr(page, "client_ip", None))


@ft.component
def RecordingPanel(
    child_id: str,
    language: str,
    text: str,
    *,
    secure: bool,
    has_clip: bool,
    has_recording: bool,
    on_change: Callable[[], None],
) -> ft.Control:
    """Record, pick a file, listen to or remove the child's voice for ``text``."""
    _ = use_translator()
    services = use_services()
    repo = use_repo()
    recording, set_recording = ft.use_state(False)
    note, set_note = ft.use_state(("", "", ""))
    message = note[2] if note[:2] == (language, text) else ""
    recorder = ft.use_ref(None)
    chunks: Any = ft.use_ref(None)
    picker = ft.use_ref(None)

    def set_message(note: str) -> None:
        set_note((language, text, note))

    def changed(note: str) -> None:
        set_message(note)
        on_change()

    def keep(audio: bytes, mime: str) -> None:
        try:
            repo.save_recorded_voice(child_id, language, text, audio, mime)
        except RecordingTooLarge:
            set_message(
                _(
                    "Ljudet är tomt eller för långt (högst {mib} MiB). "
                    "Spela in bara ordet eller frågan.",
                    mib=MAX_RECORDING_BYTES // (1024 * 1024),
                )
            )
            return
        changed(_("Inspelningen är sparad. Barnet hör den nu i stället."))

    def on_chunk(e: Any) -> None:
        held = chunks.current
        if held is not None and sum(map(len, held)) < 2 * MAX_RECORDING_BYTES:
            held.append(bytes(e.chunk))

    @reports_faults
    async def start(_e: Any = None) -> None:
        chunks.current = []
        recorder.current = far.AudioRecorder(
            configuration=far.AudioRecorderConfiguration(
                encoder=far.AudioEncoder.PCM16BITS,
                channels=RECORDING_CHANNELS,
                sample_rate=RECORDING_RATE,
            ),
            on_stream=on_chunk,
        )
        try:
            started = await recorder.current.has_permission() and (
                await recorder.current.start_recording()
            )
        except Exception:  # the browser refused or has no microphone
            started = False
        if not started:
            set_message(
                _(
                    "Mikrofonen gick inte att använda. Tillåt mikrofonen i "
                    "webbläsaren, eller välj en ljudfil."
                )
            )
            return
        set_message("")
        set_recording(True)

    @reports_faults
    async def stop(_e: Any = None) -> None:
        rec = recorder.current
        set_recording(False)
        if rec is None:
            return
        with contextlib.suppress(Exception):
            await asyncio.wait_for(rec.stop_recording(), STOP_TIMEOUT)
        pcm = b"".join(chunks.current or [])
        chunks.current = None
        if not pcm:
            set_message(_("Inget ljud kom fram från mikrofonen. Försök igen."))
            return
        wav = await asyncio.to_thread(pcm_to_wav, pcm)
        if not wav:
            set_message(_("Inget ljud kom fram från mikrofonen. Försök igen."))
            return
        keep(wav, "audio/wav")

    @reports_faults
    async def upload(_e: Any = None) -> None:
        picker.current = ft.FilePicker()
        files = await picker.current.pick_files(
            dialog_title=_("Välj en ljudfil"),
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=["wav", "mp3", "ogg", "oga", "opus", "webm", "m4a"],
            with_data=True,
            cancel_upload_on_window_blur=False,
        )
        if not files:
            return
        mime = audio_type(files[0].name)
        if mime is None:
            set_message(_("Det är ingen ljudfil som appen kan spela."))
            return
        keep(files[0].bytes or b"", mime)

    @reports_faults
    def listen(_e: Any = None) -> None:
        if services.player is None:
            return
        found = repo.recorded_voice(child_id, language, text)
        services.player.rate = 1.0
        services.player.say(found.audio if found else clip_url(language, text))

    @reports_faults
    def remove(_e: Any = None) -> None:
        repo.delete_recorded_voice(child_id, language, text)
        changed(_("Inspelningen är borttagen."))

    if not text:
        status = _("Välj ett ord eller en fråga.")
    elif has_recording:
        status = _("Inspelad röst: barnet hör den.")
    elif has_clip:
        status = _("Datorröst: en inspelning ersätter den.")
    else:
        status = _("Ingen röst än: barnet hör inget.")
    actions: list[ft.Control] = []
    if secure:
        actions.append(
            ft.Button(
                _("Stoppa och spara") if recording else _("Spela in"),
                key="voice-stop" if recording else "voice-record",
                icon=ft.Icons.STOP if recording else ft.Icons.MIC,
                bgcolor=theme.ACCENT,
                color=ft.Colors.WHITE,
                disabled=not text,
                on_click=stop if recording else start,
            )
        )
    actions += [
        ft.OutlinedButton(
            _("Välj en ljudfil"),
            key="voice-upload",
            icon=ft.Icons.UPLOAD_FILE,
            disabled=not text or recording,
            on_click=upload,
        ),
        ft.OutlinedButton(
            _("Lyssna"),
            key="voice-listen",
            icon=ft.Icons.VOLUME_UP,
            disabled=recording or not (has_recording or has_clip),
            on_click=listen,
        ),
    ]
    if has_recording:
        actions.append(
            ft.TextButton(
                _("Ta bort inspelningen"),
                key="voice-delete",
                icon=ft.Icons.DELETE_OUTLINE,
                disabled=recording,
                on_click=remove,
            )
        )
    return ft.Container(
        key="voice-chosen",
        bgcolor=theme.TILE_BG,
        border_radius=14,
        padding=14,
        content=ft.Column(
            [
                ft.Text(text or "…", size=20, weight=ft.FontWeight.BOLD),
                ft.Text(status, key="voice-status", color=theme.MUTED_INK),
                ft.Row(actions, wrap=True, spacing=10, run_spacing=10),
                *(
                    []
                    if secure
                    else [
                        ft.Text(
                            _(
                                "Inspelning går bara när appen är öppnad på den här "
                                "datorn (http://127.0.0.1) eller över HTTPS: "
                                "webbläsaren lånar inte ut mikrofonen annars. Välj "
                                "en ljudfil i stället."
                            ),
                            key="voice-insecure",
                        )
                    ]
                ),
                *([ft.Text(message, key="voice-message")] if message else []),
            ],
            spacing=10,
        ),
    )
