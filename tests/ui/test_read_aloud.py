"""Read-aloud on the child's screens: speakers, clips, the counsellor's setting."""

from __future__ import annotations

import pytest
from conftest import unlock
from harness import Harness

from app import speech
from app.domain import catalog
from app.domain import day as day_rules
from app.domain.models import Level
from app.speech import clip_name
from app.ui.components.speaker import ReadAloud, read_aloud_of, save_read_aloud


@pytest.fixture
def voices(tmp_path, monkeypatch):
    """A voices folder holding clips for the given (language, text) pairs."""
    folder = tmp_path / "voices"
    monkeypatch.setattr(speech, "VOICES_DIR", folder)

    def add(language: str, *texts: str) -> None:
        (folder / language).mkdir(parents=True, exist_ok=True)
        for text in texts:
            (folder / language / clip_name(language, text)).write_bytes(b"ID3")

    return add


def clip(language: str, text: str) -> str:
    return f"/voices/{language}/{clip_name(language, text)}"


def label(item_id: str) -> str:
    return catalog.ALL_ITEMS[item_id].label


def listen(h) -> list[str]:
    """Answer play() like a browser and collect the src each play() was for."""
    heard: list[str] = []
    h.on_invoke("play", lambda inv: heard.append(inv.control.src))
    return heard


def test_a_tile_speaker_plays_its_label_clip_and_marks_nothing(
    repo, active, app_main, voices
):
    """Tapping a tile's speaker loads and plays that label's clip; no mark is made."""
    child, _session = active
    voices("sv", label("maths"), "Rita/måla")
    with Harness(app_main, route="/barn/bra-pa") as h:
        heard = listen(h)
        assert not h.exists("say-reading")  # no clip: no speaker
        h.click("say-maths")
        h.click("say-drawing")
        h.settle()
        assert heard == [clip("sv", label("maths")), clip("sv", "Rita/måla")]
        assert [src for _i, src in h.audio_sources] == heard  # loaded, then played
    (session,) = repo.sessions(child.id)
    assert session.grid.marks == {}


def test_picking_a_pen_reads_its_name(active, app_main, voices):
    """A pen holds no answer: picking it reads its name aloud."""
    fun = catalog.LEVELS[Level.FUN].label
    voices("sv", fun)
    with Harness(app_main, route="/barn/bra-pa") as h:
        heard = listen(h)
        h.click(f"pen-{Level.FUN.value}")
        h.settle()
        assert heard == [clip("sv", fun)]


def test_the_day_question_and_both_declines_have_speakers(active, app_main, voices):
    """A day step reads its question and *Vet inte* / *Vill inte svara* aloud."""
    step = day_rules.STEPS[0]
    question = day_rules.prompt(step).text
    declines = {how: info.label for how, info in catalog.DECLINES.items()}
    voices("sv", question, *declines.values())
    with Harness(app_main, route=f"/barn/dag/{step}") as h:
        heard = listen(h)
        h.click("say-question")
        for how in declines:
            h.click(f"say-decline-{how.value}")
        h.settle()
        assert heard == [clip("sv", question)] + [
            clip("sv", text) for text in declines.values()
        ]


def test_read_aloud_switched_off_for_the_child_shows_no_speaker_and_is_silent(
    repo, active, app_main, voices
):
    """With read-aloud off for this child: no speakers, and picking a pen is silent."""
    child, _session = active
    voices("sv", label("maths"), catalog.GRID_TITLE, catalog.LEVELS[Level.FUN].label)
    save_read_aloud(repo, child.id, ReadAloud(on=False))
    with Harness(app_main, route="/barn/bra-pa") as h:
        heard = listen(h)
        assert not h.exists("say-maths")
        assert not h.exists("say-title")
        h.click(f"pen-{Level.FUN.value}")
        h.settle()
        assert heard == []


def test_the_child_speed_reaches_the_audio(repo, active, app_main, voices):
    """A slower speed chosen for the child is the playback rate of its read-outs."""
    child, _session = active
    voices("sv", label("maths"))
    save_read_aloud(repo, child.id, ReadAloud(on=True, rate=0.8))
    with Harness(app_main, route="/barn/bra-pa") as h:
        heard = listen(h)
        h.click("say-maths")
        h.settle()
        (play,) = [inv for inv in h.invocations if inv.name == "play"]
        assert heard == [clip("sv", label("maths"))]
        assert play.control.playback_rate == 0.8


def test_the_counsellor_switch_remembers_read_aloud_off(repo, active, app_main):
    """The switch on the child's page stores read-aloud off for that child."""
    child, _session = active
    repo.clear_active()
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.type("read-aloud-on", False)  # the Switch: value, then "change"
    assert read_aloud_of(repo, child.id) == ReadAloud(on=False)


def test_the_recipient_cards_and_the_telling_back_are_read_aloud(
    repo, active, app_main, voices
):
    """A recipient card reads its plain words; *Så här blir det* reads *Det här
    är bara ditt* and *Nu kan du lämna tillbaka plattan.*"""
    from datetime import UTC, datetime

    from app.domain.models import Consent, ConsentGiver, Recipient

    child, _session = active
    consent = Consent(
        id="c1",
        given_by=(ConsentGiver.GUARDIANS,),
        recipients=(Recipient.SCHOOL,),
        given_at=datetime(2026, 9, 1, tzinfo=UTC),
    )
    repo.update_consent(child.id, lambda r: r.give(consent))
    words = catalog.RECIPIENTS[Recipient.SCHOOL].child_words
    mine, back = "Det här är bara ditt", "Nu kan du lämna tillbaka plattan."
    voices("sv", words, mine, back)
    with Harness(app_main, route="/barn/vem-far-veta") as h:
        heard = listen(h)
        h.click("say-recipient-school")
        h.settle()
        assert heard == [clip("sv", words)]
    with Harness(app_main, route="/barn/vem-far-veta/sa-blir-det") as h:
        heard = listen(h)
        h.click("say-mine")
        h.click("say-hand-back")
        h.settle()
        assert heard == [clip("sv", mine), clip("sv", back)]


def somali_session(repo, active):
    """The open session is in Somali (no synthetic voice)."""
    from dataclasses import replace

    child, session = active
    repo.save_session(replace(session, language="so"))
    return child


def test_a_recorded_voice_gives_a_somali_label_a_speaker_that_plays_its_bytes(
    repo, active, app_main
):
    """Somali has no synthetic voice: only the recorded label gets a speaker, and
    tapping it plays the recording's bytes, read from the encrypted folder."""
    from app.i18n import Translator

    child = somali_session(repo, active)
    maths = Translator("so")(label("maths"))
    repo.save_recorded_voice(child.id, "so", maths, b"RIFF-invented", "audio/wav")
    with Harness(app_main, route="/barn/bra-pa") as h:
        heard = listen(h)
        assert not h.exists("say-drawing")
        h.click("say-maths")
        h.settle()
        assert heard == [b"RIFF-invented"]


def test_a_recorded_voice_replaces_the_synthetic_clip(repo, active, app_main, voices):
    """Where both exist, the recording plays, not the robot voice; a text
    without a recording still plays its clip."""
    child, _session = active
    voices("sv", label("maths"), "Rita/måla")
    repo.save_recorded_voice(child.id, "sv", label("maths"), b"RIFF-sv", "audio/wav")
    with Harness(app_main, route="/barn/bra-pa") as h:
        heard = listen(h)
        h.click("say-maths")
        h.click("say-drawing")
        h.settle()
        assert heard == [b"RIFF-sv", clip("sv", "Rita/måla")]
