"""Recorded voices: encrypted in the child's folder, replaced, erased with the child."""

from __future__ import annotations

import io
import math
import struct
import wave
from pathlib import Path

import pytest

from app.domain.models import Child
from app.storage.crypto import KdfParams, Vault, VaultLocked
from app.storage.repository import (
    MAX_RECORDING_BYTES,
    RecordingTooLarge,
    Repository,
)

PASSPHRASE = "korrekt häst batteri"
FAST = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
LABEL = "Simma"


def tone(hz: int = 440, seconds: float = 0.2) -> bytes:
    """A short mono WAV: invented audio whose bytes are easy to look for."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        frames = int(16000 * seconds)
        w.writeframes(
            b"".join(
                struct.pack("<h", int(9000 * math.sin(2 * math.pi * hz * i / 16000)))
                for i in range(frames)
            )
        )
    return out.getvalue()


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    """An encrypted data folder with a cheap Argon2."""
    vault, _ = Vault.create(tmp_path, PASSPHRASE, recovery=False, kdf=FAST)
    return Repository(tmp_path, vault=vault)


@pytest.fixture
def child(repo: Repository) -> Child:
    """One invented child."""
    child = Child.new("T. E.", "")
    repo.add_child(child)
    return child


def every_file(folder: Path) -> list[Path]:
    """Every file under ``folder`` (backups and counters too)."""
    return [p for p in folder.rglob("*") if p.is_file()]


def test_a_recorded_voice_is_stored_encrypted_and_reads_back(repo, child, tmp_path):
    """The WAV's bytes (and the text and language) appear in no file on disk;
    the recording reads back exactly, keyed by language and shown text."""
    audio = tone()
    repo.save_recorded_voice(child.id, "so", LABEL, audio, "audio/wav")

    got = repo.recorded_voice(child.id, "so", LABEL)
    assert got is not None
    assert got.audio == audio
    assert got.info.mime == "audio/wav"
    assert set(repo.recorded_voices(child.id)) == {("so", LABEL)}
    pcm = audio[100:164]  # a run of samples from inside the WAV
    files = every_file(tmp_path / "recordings")
    assert len(files) >= 2
    for path in every_file(tmp_path):
        raw = path.read_bytes()
        assert pcm not in raw, path
        assert b"RIFF" not in raw, path
        assert LABEL.encode() not in raw, path
    for path in files:
        assert path.read_bytes()[:4] == b"MRST", path
        assert child.id in path.parts


def test_a_new_recording_replaces_the_old_and_erases_its_file_and_key(
    repo, child, tmp_path
):
    """Recording the same text again keeps only the new voice: the old file,
    its backup and its key are gone."""
    repo.save_recorded_voice(child.id, "sv", LABEL, tone(440), "audio/wav")
    first = set(repo.vault.file_ids())
    repo.save_recorded_voice(child.id, "sv", LABEL, tone(660), "audio/wav")

    got = repo.recorded_voice(child.id, "sv", LABEL)
    assert got is not None
    assert got.audio == tone(660)
    audio_files = [
        p
        for p in (tmp_path / "recordings" / child.id).iterdir()
        if p.name != "index.json" and not p.name.startswith("index.json")
    ]
    assert len(audio_files) == 1
    recording_keys = {f for f in repo.vault.file_ids() if "/index" not in f}
    recording_keys = {f for f in recording_keys if f.startswith("recordings/")}
    assert len(recording_keys) == 1
    assert not (recording_keys & first)


def test_each_language_keeps_its_own_recording_of_a_text(repo, child):
    """A Somali and a Tigrinya recording of the same text are two voices."""
    repo.save_recorded_voice(child.id, "so", LABEL, tone(440), "audio/wav")
    repo.save_recorded_voice(child.id, "ti", LABEL, tone(550), "audio/wav")

    assert repo.recorded_voice(child.id, "so", LABEL).audio == tone(440)
    assert repo.recorded_voice(child.id, "ti", LABEL).audio == tone(550)


def test_a_missing_recording_is_none_so_the_synthetic_clip_or_silence_plays(
    repo, child
):
    """No recording (never made, another text, another child, deleted) is None."""
    assert repo.recorded_voice(child.id, "so", LABEL) is None
    assert repo.recorded_voices(child.id) == {}
    repo.save_recorded_voice(child.id, "so", LABEL, tone(), "audio/wav")
    other = Child.new("A. B.", "")
    repo.add_child(other)

    assert repo.recorded_voice(child.id, "so", "Läsa") is None
    assert repo.recorded_voice(other.id, "so", LABEL) is None
    assert repo.delete_recorded_voice(child.id, "so", LABEL)
    assert repo.recorded_voice(child.id, "so", LABEL) is None
    assert not repo.delete_recorded_voice(child.id, "so", LABEL)
    assert [
        f
        for f in repo.vault.file_ids()
        if f.startswith("recordings/") and not f.endswith("/index")
    ] == []


def test_erasing_a_child_erases_its_recorded_voices_and_their_keys(
    repo, child, tmp_path
):
    """After the child is erased no recording file, backup or key of it is left,
    and another child's recording is untouched."""
    repo.save_recorded_voice(child.id, "so", LABEL, tone(440), "audio/wav")
    repo.save_recorded_voice(child.id, "sv", LABEL, tone(550), "audio/wav")
    other = Child.new("A. B.", "")
    repo.add_child(other)
    repo.save_recorded_voice(other.id, "so", LABEL, tone(660), "audio/wav")

    repo.erase_child(child.id)

    assert not (tmp_path / "recordings" / child.id).exists()
    assert [f for f in repo.vault.file_ids() if child.id in f] == []
    assert [p for p in every_file(tmp_path) if child.id in p.name] == []
    assert repo.recorded_voice(other.id, "so", LABEL).audio == tone(660)


def test_a_voice_is_never_written_without_encryption(tmp_path):
    """A folder without keys refuses to keep a recording (nothing in plaintext)."""
    repo = Repository(tmp_path)
    child = Child.new("T. E.", "")
    repo.add_child(child)

    with pytest.raises(VaultLocked):
        repo.save_recorded_voice(child.id, "sv", LABEL, tone(), "audio/wav")
    assert not (tmp_path / "recordings").exists()


def test_an_empty_or_oversized_recording_is_refused(repo, child):
    """Nothing is kept for zero bytes or more than the limit."""
    with pytest.raises(RecordingTooLarge):
        repo.save_recorded_voice(child.id, "sv", LABEL, b"", "audio/wav")
    with pytest.raises(RecordingTooLarge):
        repo.save_recorded_voice(
            child.id, "sv", LABEL, b"\0" * (MAX_RECORDING_BYTES + 1), "audio/wav"
        )
    assert repo.recorded_voices(child.id) == {}
