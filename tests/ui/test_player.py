"""The read-aloud player's state machine, with the Audio control's events faked."""

from __future__ import annotations

import asyncio
from typing import Any

from app.ui.player import Outcome, Player

SHORT = 0.05  # seconds a fake browser is given before the player gives up


class FakeAudio:
    """Stands in for ``flet_audio.Audio``: records what the player asks of it."""

    def __init__(self, browser: FakeBrowser, src, rate, on_loaded):
        self.browser = browser
        self.on_loaded = on_loaded
        self.src: Any = src
        self.playback_rate = rate
        self.sent_src: Any = None
        self.played: list[Any] = []
        self.update()  # registering sends the control, src and all

    def update(self) -> None:
        if self.src != self.sent_src:
            self.sent_src = self.src
            self.browser.loads.append((self, self.src))
            if self.browser.auto_load:
                asyncio.get_running_loop().call_soon(self.on_loaded, None)

    async def play(self) -> None:
        if self.browser.refuse:
            raise RuntimeError("NotAllowedError: play() failed")
        if self.browser.hang:
            await asyncio.Event().wait()
        self.played.append(self.sent_src)
        self.browser.played.append(self.sent_src)


class FakeBrowser:
    """The client side: makes the loaded event come (or not) and plays (or not)."""

    def __init__(self):
        self.auto_load = True
        self.refuse = False
        self.hang = False
        self.audios: list[FakeAudio] = []
        self.loads: list[tuple[FakeAudio, Any]] = []
        self.played: list[Any] = []

    def make(self, src, rate, on_loaded) -> FakeAudio:
        assert src is not None, "the client's Audio throws without a src"
        audio = FakeAudio(self, src, rate, on_loaded)
        self.audios.append(audio)
        return audio


def run(coro):
    return asyncio.run(coro)


def new_player(browser: FakeBrowser) -> Player:
    return Player(browser.make, load_timeout=SHORT, play_timeout=SHORT)


def test_play_is_called_only_after_the_clip_has_loaded():
    """The player sets src, waits for on_loaded, and only then calls play()."""

    async def scenario():
        browser = FakeBrowser()
        browser.auto_load = False
        player = new_player(browser)
        task = player.say("/voices/sv/a.mp3")
        await asyncio.sleep(0)
        assert browser.loads == [(browser.audios[0], "/voices/sv/a.mp3")]
        assert browser.played == []
        browser.audios[0].on_loaded(None)
        assert await task is Outcome.PLAYED
        assert browser.played == ["/voices/sv/a.mp3"]

    run(scenario())


def test_a_clip_that_never_loads_gives_silence_and_a_fresh_audio():
    """A load timeout replaces the Audio; the next tap plays on the new one."""

    async def scenario():
        browser = FakeBrowser()
        browser.auto_load = False
        player = new_player(browser)
        assert await player.say("/voices/sv/a.mp3") is Outcome.LOAD_TIMEOUT
        assert player.replaced == 1
        browser.auto_load = True
        assert await player.say("/voices/sv/b.mp3") is Outcome.PLAYED
        assert len(browser.audios) == 2
        assert browser.audios[1].played == ["/voices/sv/b.mp3"]

    run(scenario())


def test_a_refused_play_is_silent_and_the_next_tap_plays():
    """play() refused by the browser: no error escapes, and the next tap plays."""

    async def scenario():
        browser = FakeBrowser()
        browser.refuse = True
        player = new_player(browser)
        assert await player.say("/voices/ar/a.mp3") is Outcome.REFUSED
        browser.refuse = False
        assert await player.say("/voices/ar/a.mp3") is Outcome.PLAYED
        assert player.replaced == 1
        assert browser.played == ["/voices/ar/a.mp3"]

    run(scenario())


def test_a_play_that_never_answers_is_given_up_and_replaced():
    """A hung play() (the Flet trap) times out; a fresh Audio plays the next tap."""

    async def scenario():
        browser = FakeBrowser()
        browser.hang = True
        player = new_player(browser)
        assert await player.say("/voices/sv/a.mp3") is Outcome.REFUSED
        browser.hang = False
        assert await player.say("/voices/sv/b.mp3") is Outcome.PLAYED
        assert browser.audios[-1].played == ["/voices/sv/b.mp3"]
        assert len(browser.audios) == 2

    run(scenario())


def test_rapid_taps_cancel_the_earlier_read_out():
    """Three quick taps: only the last is played; the earlier ones are cancelled."""

    async def scenario():
        browser = FakeBrowser()
        browser.auto_load = False
        player = new_player(browser)
        first = player.say("/voices/sv/a.mp3")
        await asyncio.sleep(0)
        second = player.say("/voices/sv/b.mp3")
        await asyncio.sleep(0)
        browser.auto_load = True
        third = player.say("/voices/sv/c.mp3")
        assert await third is Outcome.PLAYED
        assert await first is Outcome.CANCELLED
        assert await second is Outcome.CANCELLED
        assert browser.played == ["/voices/sv/c.mp3"]

    run(scenario())


def test_a_late_loaded_event_of_a_cancelled_clip_does_not_start_the_next():
    """on_loaded of a clip the child tapped away from never lets the next one play
    before its own clip has loaded."""

    async def scenario():
        browser = FakeBrowser()
        browser.auto_load = False
        player = new_player(browser)
        player.say("/voices/sv/a.mp3")
        await asyncio.sleep(0)
        stale = browser.audios[0]
        task = player.say("/voices/sv/b.mp3")
        await asyncio.sleep(0)
        stale.on_loaded(None)  # the first clip finishes loading after all
        await asyncio.sleep(0)
        assert browser.played == []
        browser.loads[-1][0].on_loaded(None)
        assert await task is Outcome.PLAYED
        assert browser.played == ["/voices/sv/b.mp3"]

    run(scenario())


def test_the_same_clip_twice_plays_again_without_reloading():
    """Tapping the same speaker again replays the loaded clip (no second load)."""

    async def scenario():
        browser = FakeBrowser()
        player = new_player(browser)
        assert await player.say("/voices/sv/a.mp3") is Outcome.PLAYED
        assert await player.say("/voices/sv/a.mp3") is Outcome.PLAYED
        assert len(browser.loads) == 1
        assert browser.played == ["/voices/sv/a.mp3", "/voices/sv/a.mp3"]

    run(scenario())


def test_a_missing_clip_is_silence_without_asking_the_browser():
    """No clip for a text: nothing is loaded or played, and no error is raised."""

    async def scenario():
        browser = FakeBrowser()
        player = new_player(browser)
        assert player.say(None) is None
        assert player.outcomes == [Outcome.SILENT]
        assert browser.audios == []

    run(scenario())


def test_the_child_speed_is_set_on_the_audio():
    """The read-out speed reaches the Audio control's playback rate."""

    async def scenario():
        browser = FakeBrowser()
        player = new_player(browser)
        player.rate = 0.75
        assert await player.say("/voices/sv/a.mp3") is Outcome.PLAYED
        assert browser.audios[0].playback_rate == 0.75

    run(scenario())
