"""One audio player per browser session: load, then play, each under a timeout.

Setting an ``Audio``'s ``src`` and calling ``play()`` at once can hang forever
in the Flet 1.0.5 web client (it rewinds before the clip has loaded, and the
``play()`` call never returns). So the player sets ``src``, waits for
``on_loaded``, then calls ``play()``, each step under a timeout; after a
timeout or a refusal it drops that ``Audio`` and makes a fresh one for the next
tap. Rapid taps *cancel the previous* read-out: the child hears the last thing
tapped, never a queue of stale words.

Nothing here raises into a tap handler or shows anything: a clip that is
missing, slow or refused is silence, and the next tap works.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from enum import StrEnum
from typing import Any, Protocol

import flet_audio

LOAD_TIMEOUT = 3.0
PLAY_TIMEOUT = 3.0


class AudioLike(Protocol):
    """What the player needs of ``flet_audio.Audio`` (a fake in tests)."""

    src: Any
    playback_rate: float
    on_loaded: Any

    def update(self) -> None: ...

    async def play(self) -> Any: ...


class Outcome(StrEnum):
    """How one read-out ended."""

    PLAYED = "played"
    SILENT = "silent"
    """No clip for this text: nothing was asked of the browser."""
    LOAD_TIMEOUT = "load-timeout"
    REFUSED = "refused"
    """``play()`` failed or never answered (e.g. the browser's autoplay rule)."""
    CANCELLED = "cancelled"
    """A newer tap took over."""


class Player:
    """Reads clips aloud for one browser session; never blocks a tap."""

    def __init__(
        self,
        make_audio: Callable[[Any, float, Callable[[Any], None]], AudioLike],
        *,
        load_timeout: float = LOAD_TIMEOUT,
        play_timeout: float = PLAY_TIMEOUT,
    ) -> None:
        """``make_audio(src, rate, on_loaded)`` builds and registers an ``Audio``."""
        self._make_audio = make_audio
        self.load_timeout = load_timeout
        self.play_timeout = play_timeout
        self.rate = 1.0
        """Playback speed of the next read-out (the child's setting)."""
        self._audio: AudioLike | None = None
        self._loaded_src: Any = None
        self._loaded = asyncio.Event()
        self._task: asyncio.Task[Outcome] | None = None
        self.replaced = 0
        """How many times an ``Audio`` was dropped for a fresh one."""
        self.outcomes: list[Outcome] = []
        """Every read-out's outcome, oldest first (for tests and the bench)."""

    def say(self, src: str | bytes | None) -> asyncio.Task[Outcome] | None:
        """Read ``src`` aloud in the background, cancelling any read-out under way.

        Returns the task (None when there is no clip: silence).
        """
        if self._task is not None and not self._task.done():
            self._task.cancel()
        if src is None:
            self._task = None
            self.outcomes.append(Outcome.SILENT)
            return None
        self._task = asyncio.get_running_loop().create_task(self._speak(src))
        return self._task

    async def _speak(self, src: str | bytes) -> Outcome:
        outcome = await self._attempt(src)
        self.outcomes.append(outcome)
        return outcome

    async def _attempt(self, src: str | bytes) -> Outcome:
        audio = self._audio
        if audio is None:
            # The client's Audio throws without a src, so each is born with one.
            self._loaded.clear()
            audio = self._new_audio(src)
        elif self._loaded_src != src:
            self._loaded_src = None
            self._loaded.clear()
            audio.src = src
            audio.playback_rate = self.rate
            audio.update()
        elif audio.playback_rate != self.rate:
            audio.playback_rate = self.rate
            audio.update()
        if self._loaded_src != src:
            try:
                await asyncio.wait_for(self._loaded.wait(), self.load_timeout)
            except TimeoutError:
                self._replace()
                return Outcome.LOAD_TIMEOUT
            except asyncio.CancelledError:
                # A late ``on_loaded`` of this clip must not pass for the next.
                self._replace()
                return Outcome.CANCELLED
            self._loaded_src = src
        try:
            await asyncio.wait_for(audio.play(), self.play_timeout)
        except asyncio.CancelledError:
            return Outcome.CANCELLED
        except Exception:  # a refused or hung play: silence, and a fresh Audio
            self._replace()
            return Outcome.REFUSED
        return Outcome.PLAYED

    def _new_audio(self, src: str | bytes) -> AudioLike:
        holder: list[AudioLike] = []
        audio = self._make_audio(src, self.rate, lambda _e: self._on_loaded(holder[0]))
        holder.append(audio)
        self._audio = audio
        return audio

    def _on_loaded(self, audio: AudioLike) -> None:
        if audio is self._audio:
            self._loaded.set()

    def _replace(self) -> None:
        """Drop the current ``Audio``; the next read-out makes a fresh one."""
        old, self._audio = self._audio, None
        self._loaded_src = None
        self._loaded = asyncio.Event()
        if old is not None:
            self.replaced += 1

    async def idle(self) -> None:
        """Wait until the read-out under way (if any) has ended."""
        task = self._task
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task


def flet_audio_player() -> Player:
    """A player whose ``Audio`` controls are real ``flet_audio.Audio`` services.

    Each is made inside a tap handler, so it registers with that tap's page.
    """
    return Player(
        lambda src, rate, on_loaded: flet_audio.Audio(
            src=src, playback_rate=rate, on_loaded=on_loaded
        )
    )
