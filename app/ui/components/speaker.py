"""The child's read-aloud: small speakers that read a shown text in their language.

A picture tile gets its *own* small speaker instead of reading aloud when the
picture is tapped: tapping a picture marks it (with the picked pen, or as
picked), so a child who only wanted to hear the word would give an answer,
and tapping again to hear it twice would take the answer back. Hearing and
answering stay two different places to tap. A pen has no answer in it, so
picking a pen reads its name.

Whether a child hears anything, and how fast, is the counsellor's choice per
child (some children with autism find sound stressful): a setting kept on this
machine under the child's random id (``read_aloud:<id>``), not on the session,
so it holds for every session of that child and needs no change to the stored
answers. A text without a clip (Somali, Tigrinya, the child's own words, a
wording changed since ``make voices``) shows no speaker at all.

A voice recorded for this child (``app/ui/screens/workspace/voices.py``)
replaces the synthetic clip of that text in that language, and gives a speaker
to a text that had none (the only voice Somali and Tigrinya can have). It is
read from the encrypted data folder at the tap and played as bytes: it is
never a file the web server could hand to anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from app.i18n import NATIVE_NAMES
from app.speech import SYNTHETIC_VOICES, clip_url
from app.storage.crypto import VaultError
from app.storage.repository import Repository
from app.ui import theme
from app.ui.components.tap_target import tap_target
from app.ui.context import (
    PrefsContext,
    SessionStoreContext,
    use_repo,
    use_services,
    use_translator,
)
from app.ui.player import Player

SPEAKER_SIZE = 40
SPEAKER_BG = "#EAF1F8"
"""A light blue disc: a button of its own, not part of the picture under it."""
RATES = (0.8, 1.0)
"""The two speeds a counsellor can choose: slower, and as made."""


@dataclass(frozen=True)
class ReadAloud:
    """One child's read-aloud setting."""

    on: bool = True
    rate: float = 1.0


def setting_key(child_id: str) -> str:
    """Where a child's read-aloud setting is kept among the machine's settings."""
    return f"read_aloud:{child_id}"


def read_aloud_of(repo: Repository, child_id: str) -> ReadAloud:
    """The child's setting, or the default (on, normal speed)."""
    raw = repo.get_setting(setting_key(child_id)) or {}
    rate = raw.get("rate", 1.0)
    return ReadAloud(on=bool(raw.get("on", True)), rate=rate if rate in RATES else 1.0)


def save_read_aloud(repo: Repository, child_id: str, value: ReadAloud) -> None:
    """Remember the child's setting on this machine."""
    repo.set_setting(setting_key(child_id), {"on": value.on, "rate": value.rate})


@dataclass(frozen=True)
class Reader:
    """Reads shown texts aloud; equal by value, so memoised tiles keep it."""

    player: Player
    language: str
    rate: float
    label: str
    """The speaker's accessible name, with ``{text}`` for what it reads."""
    repo: Repository | None = None
    child_id: str = ""
    recorded: frozenset[str] = frozenset()
    """The texts with a voice recorded for this child in ``language``."""

    def source(self, text: str) -> str | bytes | None:
        """What plays for ``text``: the recorded voice, the clip, or None."""
        if text in self.recorded and self.repo is not None:
            try:
                recording = self.repo.recorded_voice(self.child_id, self.language, text)
            except (OSError, ValueError, VaultError):
                recording = None  # a damaged recording: the clip, or silence
            if recording is not None:
                return recording.audio
        return clip_url(self.language, text)

    def say(self, text: str) -> None:
        """Read ``text`` aloud (silence if it has no voice); never blocks."""
        self.player.rate = self.rate
        self.player.say(self.source(text))

    def speaker(self, text: str, key: str) -> ft.Control | None:
        """A small speaker that reads ``text``, or None if it has no voice."""
        if text not in self.recorded and clip_url(self.language, text) is None:
            return None
        return tap_target(
            key,
            self.label.format(text=text),
            lambda: self.say(text),
            content=ft.Icon(ft.Icons.VOLUME_UP_ROUNDED, size=24, color=theme.ACCENT),
            width=SPEAKER_SIZE,
            height=SPEAKER_SIZE,
            border_radius=SPEAKER_SIZE // 2,
            bgcolor=SPEAKER_BG,
            border=ft.Border.all(2, theme.ACCENT),
            alignment=ft.Alignment.CENTER,
        )


def use_reader() -> Reader | None:
    """The child's reader on a child screen, or None (read-aloud off, no voice)."""
    services = use_services()
    repo = use_repo()
    _ = use_translator()
    prefs = ft.use_context(PrefsContext)
    store = ft.use_context(SessionStoreContext)
    if services.player is None or prefs is None:
        return None
    language = prefs.child_language
    setting = read_aloud_of(repo, store.child.id) if store else ReadAloud()
    if not setting.on:
        return None
    recorded = frozenset(
        text for (lang, text) in recorded_voices_of(repo, store) if lang == language
    )
    if language not in SYNTHETIC_VOICES and not recorded:
        return None
    return Reader(
        services.player,
        language,
        setting.rate,
        _("Läs upp: {text}"),
        repo,
        store.child.id if store else "",
        recorded,
    )


def recorded_voices_of(repo: Repository, store: object) -> set[tuple[str, str]]:
    """(language, text) of the voices recorded for the open child (none if broken)."""
    child = getattr(store, "child", None)
    if child is None:
        return set()
    try:
        return set(repo.recorded_voices(child.id))
    except (OSError, ValueError, VaultError):
        return set()  # a damaged index: the synthetic voices still read


def with_speaker(
    tile: ft.Control, speaker: ft.Control | None, width: int, height: int
) -> ft.Control:
    """``tile`` with its speaker in the top right corner (if it has one)."""
    if speaker is None:
        return tile
    return ft.Stack(
        [tile, ft.Container(right=2, top=2, content=speaker)],
        width=width,
        height=height,
    )


@ft.component
def ReadAloudSettings(child_id: str) -> ft.Control:
    """The counsellor's switch and speed for one child's read-aloud, remembered."""
    _ = use_translator()
    repo = use_services().repo
    setting, set_setting = ft.use_state(lambda: read_aloud_of(repo, child_id))

    def change(value: ReadAloud) -> None:
        save_read_aloud(repo, child_id, value)
        set_setting(value)

    voiced = _.join([NATIVE_NAMES[code] for code in SYNTHETIC_VOICES])
    return ft.Container(
        key="read-aloud",
        bgcolor=theme.TILE_BG,
        border_radius=16,
        padding=16,
        content=ft.Column(
            [
                ft.Row(
                    [
                        ft.Switch(
                            key="read-aloud-on",
                            label=_("Läs upp ord och frågor för barnet"),
                            value=setting.on,
                            on_change=lambda e: change(
                                ReadAloud(on=bool(e.control.value), rate=setting.rate)
                            ),
                        ),
                        ft.Switch(
                            key="read-aloud-slow",
                            label=_("Läs upp långsammare"),
                            value=setting.rate < 1.0,
                            disabled=not setting.on,
                            on_change=lambda e: change(
                                ReadAloud(
                                    on=setting.on,
                                    rate=RATES[0] if e.control.value else 1.0,
                                )
                            ),
                        ),
                    ],
                    wrap=True,
                    spacing=16,
                ),
                ft.Text(
                    _(
                        "Datorröst finns på {languages}. Somaliska och tigrinska "
                        "har ingen datorröst: där läses bara det upp som spelats "
                        "in under Inspelade röster.",
                        languages=voiced,
                    ),
                    color=theme.MUTED_INK,
                ),
            ],
            spacing=8,
        ),
    )
