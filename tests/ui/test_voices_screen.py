"""*Inspelade röster*: the counsellor records a text once for the child."""

from __future__ import annotations

import io
import wave

from conftest import unlock
from harness import Harness

from app.speech import RECORDING_RATE

MATTE = "Matte"


def stereo_pcm(frames: int) -> bytes:
    """Interleaved 16-bit stereo PCM as the web client streams it: a loud
    square wave (invented)."""
    return b"".join(
        (8000 if (i // 20) % 2 else -8000).to_bytes(2, "little", signed=True) * 2
        for i in range(frames)
    )


def choose(h, text: str) -> None:
    """Search for ``text`` and pick the first match."""
    h.type("voice-search", text)
    h.click("voice-pick-0")


def test_recording_through_the_microphone_keeps_a_mono_wav_for_the_text(
    repo, active, app_main
):
    """Spela in → streamed chunks → Stoppa och spara: the child's recording of
    *Matte* in Swedish is a mono WAV of those samples at half the rate, and
    the screen says so."""
    child, _session = active
    repo.clear_active()
    recorders = []

    def started(inv):
        recorders.append(inv.control)
        return True

    with Harness(app_main, route=f"/arbete/barn/{child.id}/roster") as h:
        unlock(h)
        h.on_invoke("has_permission", lambda _inv: True)
        h.on_invoke("start_recording", started)
        choose(h, MATTE)
        h.click("voice-record")
        h.settle()
        (recorder,) = recorders
        pcm = stereo_pcm(4000)
        for n, part in enumerate((pcm[:8000], pcm[8000:]), start=1):
            h.service_event(
                recorder,
                "stream",
                {"chunk": part, "sequence": n, "bytes_streamed": 8000 * n},
            )
        h.click("voice-stop")
        h.settle()
        assert h.find("voice-status").value == "Inspelad röst: barnet hör den."

    found = repo.recorded_voice(child.id, "sv", MATTE)
    assert found is not None
    with wave.open(io.BytesIO(found.audio)) as w:
        assert (w.getnchannels(), w.getframerate()) == (1, RECORDING_RATE // 2)
        frames = w.readframes(w.getnframes())
    samples = [
        int.from_bytes(frames[i : i + 2], "little", signed=True)
        for i in range(0, len(frames), 2)
    ]
    assert len(samples) == 2000
    assert set(samples) == {8000, -8000}


def test_a_refused_microphone_says_so_and_keeps_nothing(repo, active, app_main):
    """When the browser refuses the microphone nothing is recorded and the
    screen says how to go on."""
    child, _session = active
    repo.clear_active()
    with Harness(app_main, route=f"/arbete/barn/{child.id}/roster") as h:
        unlock(h)
        h.on_invoke("has_permission", lambda _inv: False)
        choose(h, MATTE)
        h.click("voice-record")
        h.settle()
        assert "Mikrofonen gick inte att använda" in h.find("voice-message").value
        assert h.exists("voice-record")
    assert repo.recorded_voices(child.id) == {}


def test_over_plain_http_on_the_network_recording_explains_itself_and_a_file_works(
    repo, active, app_main
):
    """A tablet on plain HTTP gets no microphone: no record button, a sentence
    saying why, and a picked audio file becomes the recording."""
    child, _session = active
    repo.clear_active()
    with Harness(
        app_main,
        route=f"/arbete/barn/{child.id}/roster",
        page_props={"client_ip": "192.168.1.23"},
    ) as h:
        unlock(h)
        h.on_invoke(
            "pick_files",
            lambda _inv: [
                {"id": 1, "name": "matte.mp3", "size": 7, "bytes": b"ID3-mp3"}
            ],
        )
        choose(h, MATTE)
        assert not h.exists("voice-record")
        assert "HTTPS" in h.find("voice-insecure").value
        h.click("voice-upload")
        h.settle()
        assert h.find("voice-status").value == "Inspelad röst: barnet hör den."
    found = repo.recorded_voice(child.id, "sv", MATTE)
    assert (found.audio, found.info.mime) == (b"ID3-mp3", "audio/mpeg")


def test_the_screen_names_the_languages_with_and_without_a_synthetic_voice(
    repo, active, app_main
):
    """Somali and Tigrinya are named as needing recordings; the five others as
    having a synthetic voice."""
    child, _session = active
    repo.clear_active()
    with Harness(app_main, route=f"/arbete/barn/{child.id}/roster") as h:
        unlock(h)
        said = h.find("voice-languages").value
    voiced, unvoiced = said.split(". ", 1)
    for name in ("Svenska", "English", "العربية", "فارسی", "Українська"):
        assert name in voiced
    for name in ("Soomaali", "ትግርኛ"):
        assert name in unvoiced
        assert name not in voiced


def test_removing_a_recording_brings_back_the_synthetic_voice_status(
    repo, active, app_main
):
    """*Ta bort inspelningen* erases it; the text is back to no recording."""
    child, _session = active
    repo.clear_active()
    repo.save_recorded_voice(child.id, "sv", MATTE, b"RIFF-x", "audio/wav")
    with Harness(app_main, route=f"/arbete/barn/{child.id}/roster") as h:
        unlock(h)
        h.click("voice-recorded-0")
        h.click("voice-delete")
        h.settle()
        assert not h.exists("voice-delete")
    assert repo.recorded_voices(child.id) == {}
