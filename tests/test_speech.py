"""Clip names and spoken forms of the read-aloud clips."""

from __future__ import annotations

import pytest

from app import speech
from app.speech import clip_name, clip_url, spoken_form


def test_abbreviations_and_slashes_are_said_as_words():
    """SO, NO and a slash are said as words, not "så", English "no", "snedstreck"."""
    assert spoken_form("sv", "SO") == "ess o"
    assert spoken_form("sv", "NO") == "enn o"
    assert spoken_form("sv", "Rita/måla") == "Rita eller måla"
    assert spoken_form("sv", "SOVA") == "SOVA"
    assert spoken_form("ar", "أبي/أمي") == "أبي أو أمي"


def test_a_changed_text_or_language_gets_another_clip():
    """A clip is named by (language, shown text): a changed msgid never plays stale."""
    names = {
        clip_name("sv", "Rita/måla"),
        clip_name("sv", "Rita / måla"),
        clip_name("en", "Rita/måla"),
    }
    assert len(names) == 3
    assert clip_name("sv", "Rita/måla") == clip_name("sv", "Rita/måla")


def test_a_missing_clip_has_no_address(tmp_path, monkeypatch):
    """A text without its clip on disk has no URL (silence); with it, a /voices one."""
    monkeypatch.setattr(speech, "VOICES_DIR", tmp_path)
    assert clip_url("sv", "Simma") is None
    (tmp_path / "sv").mkdir()
    (tmp_path / "sv" / clip_name("sv", "Simma")).write_bytes(b"ID3")
    assert clip_url("sv", "Simma") == f"/voices/sv/{clip_name('sv', 'Simma')}"


def pcm(values: list[int], channels: int = 2) -> bytes:
    """Interleaved 16-bit PCM with every channel the same (invented)."""
    return b"".join(v.to_bytes(2, "little", signed=True) * channels for v in values)


def wav_samples(data: bytes) -> tuple[int, int, list[int]]:
    """(channels, rate, samples) of a WAV."""
    import io
    import struct
    import wave

    with wave.open(io.BytesIO(data)) as w:
        frames = w.readframes(w.getnframes())
        return (
            w.getnchannels(),
            w.getframerate(),
            list(struct.unpack(f"<{len(frames) // 2}h", frames)),
        )


def test_a_recording_is_kept_mono_at_half_rate_without_the_quiet_around_it():
    """Stereo 44.1 kHz in, mono 22.05 kHz out; a second of quiet before and
    after the voice is cut down to the margin."""
    quiet = [0] * 44100
    voice = ([5000] * 20 + [-5000] * 20) * 110  # a tenth of a second, loud
    channels, rate, samples = wav_samples(speech.pcm_to_wav(pcm(quiet + voice + quiet)))
    assert (channels, rate) == (1, 22050)
    margin = int(speech.MARGIN_SECONDS * 22050)
    assert len(samples) == pytest.approx(2200 + 2 * margin, abs=2)
    assert max(samples) > 0


def test_a_recording_of_only_quiet_is_empty():
    """Nothing above the quiet level: no recording (the screen asks again)."""
    assert speech.pcm_to_wav(pcm([10, -10] * 20000)) == b""
