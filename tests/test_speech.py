"""Clip names and spoken forms of the read-aloud clips."""

from __future__ import annotations

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
