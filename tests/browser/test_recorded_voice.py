"""A voice recorded through Chromium's fake microphone replaces the robot voice."""

from __future__ import annotations

import base64
import io
import math
import struct
import wave

import pytest
from playwright.sync_api import expect

from app.storage.crypto import Vault
from app.storage.repository import Repository
from tests.browser.conftest import csp_breakages
from tests.browser.flutter import (
    BROWSER_PIN,
    LOAD_TIMEOUT_MS,
    button,
    choose_pin,
    expect_text,
    fill,
    open_app,
    tap,
)
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_read_aloud import WATCH_MEDIA, ensure_clips, until_played

TONE_HZ = 440


def write_tone(path, seconds: float = 4.0, rate: int = 44100) -> None:
    """A 440 Hz mono WAV for the fake microphone (invented audio)."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(
            b"".join(
                struct.pack(
                    "<h", int(9000 * math.sin(2 * math.pi * TONE_HZ * i / rate))
                )
                for i in range(int(rate * seconds))
            )
        )


@pytest.fixture(scope="module")
def microphone_browser(browser, tmp_path_factory):
    """Chromium whose microphone plays a generated tone, granted without asking,
    and which plays media only after a user gesture."""
    tone = tmp_path_factory.mktemp("mic") / "tone.wav"
    write_tone(tone)
    b = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--autoplay-policy=user-gesture-required",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-audio-capture={tone}",
        ],
    )
    yield b
    b.close()


def dominant_period(samples: list[int]) -> float:
    """Samples per cycle of a tone, from its upward zero crossings."""
    ups = [i for i in range(1, len(samples)) if samples[i - 1] < 0 <= samples[i]]
    return (ups[-1] - ups[0]) / (len(ups) - 1)


def test_a_voice_recorded_in_the_workspace_plays_on_the_childs_speaker(
    server, microphone_browser
):
    """Record *Matte* through the microphone in the workspace: the file on disk
    is ciphertext, and the child's speaker for Matte plays that recording
    (not the synthetic clip)."""
    ensure_clips("sv", ["Matte"])
    context = microphone_browser.new_context(
        viewport={"width": 1280, "height": 800}, has_touch=True, is_mobile=True
    )
    context.grant_permissions(["microphone"])
    breakages = csp_breakages(context)
    context.add_init_script(WATCH_MEDIA)
    page = context.new_page()
    try:
        open_app(page, server.url)
        choose_pin(page)
        tap(page, "Jag har sparat nyckeln")
        fill(page, "Barnets namn eller initialer", "T. E.")
        tap(page, "Lägg till")
        tap(page, "Inspelade röster")
        expect_text(page, "Datorröst finns på")
        fill(page, "Sök ord eller fråga", "Matte")
        tap(page, "Matte")
        expect_text(page, "Datorröst: en inspelning ersätter den.")
        tap(page, "Spela in")
        expect(button(page, "Stoppa och spara")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        page.wait_for_timeout(2_000)  # two seconds of the tone
        tap(page, "Stoppa och spara")
        expect_text(page, "Inspelningen är sparad.")

        # On disk: ciphertext only; decrypted, a WAV of the microphone's tone.
        folder = server.data_dir / "recordings"
        files = [p for p in folder.rglob("*.json") if p.is_file()]
        assert len(files) == 2  # the index and the one recording
        for path in files:
            raw = path.read_bytes()
            assert raw[:4] == b"MRST", path.name
            assert b"RIFF" not in raw
            assert b"Matte" not in raw
        repo = Repository(
            server.data_dir, vault=Vault.unlock(server.data_dir, BROWSER_PIN)
        )
        (child,) = repo.list_children()
        recording = repo.recorded_voice(child.id, "sv", "Matte")
        assert recording is not None
        with wave.open(io.BytesIO(recording.audio)) as w:
            rate = w.getframerate()
            pcm = w.readframes(w.getnframes())
        samples = list(struct.unpack(f"<{len(pcm) // 2}h", pcm))
        loud = [i for i, v in enumerate(samples) if abs(v) > 2000]
        assert len(loud) > rate  # over a second of tone, not silence
        tone = samples[loud[0] : loud[0] + rate // 2]
        assert abs(rate / dominant_period(tone) - TONE_HZ) < 20

        # The child's speaker plays the recording.
        tap(page, "Tillbaka")
        tap(page, "Ny session")
        tap(page, "Starta barnläget")
        tap(page, "Det här är jag bra på", touch=True)
        tap(page, "Läs upp: Matte", touch=True)
        (played,) = until_played(page, 1)
        # Flet's Audio plays bytes as a data: URL: these are the recording's.
        assert played.startswith("data:audio/")
        assert base64.b64decode(played.split(",", 1)[1]) == recording.audio
        assert page.evaluate("window.__refused") == []
        assert not breakages, breakages
    finally:
        context.close()
