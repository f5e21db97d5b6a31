"""A child's recorded voices behave the same on an encrypted folder and on the
team server: kept, replaced, deleted, and gone with the child (#17, #22)."""

from __future__ import annotations

import pytest

from app.domain.models import Child

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt invented audio"


@pytest.fixture(params=["file-encrypted", "postgres"])
def repo_kind(request) -> str:
    """Recordings are kept encrypted only: the stores that encrypt."""
    return request.param


def test_a_voice_is_kept_replaced_and_deleted(make_repo):
    """The newest recording of a text is the one played; deleting it leaves none."""
    repo = make_repo()
    child = Child.new("Elev Påhittad")
    repo.add_child(child)
    assert repo.recorded_voice(child.id, "so", "Xisaab") is None
    repo.save_recorded_voice(child.id, "so", "Xisaab", WAV, "audio/wav")
    repo.save_recorded_voice(child.id, "so", "Xisaab", WAV + b"2", "audio/wav")
    again = make_repo()
    found = again.recorded_voice(child.id, "so", "Xisaab")
    assert found is not None
    assert found.audio == WAV + b"2"
    assert list(again.recorded_voices(child.id)) == [("so", "Xisaab")]
    assert again.recorded_voice(child.id, "ti", "Xisaab") is None
    assert again.delete_recorded_voice(child.id, "so", "Xisaab") is True
    assert again.delete_recorded_voice(child.id, "so", "Xisaab") is False
    assert again.recorded_voices(child.id) == {}


def test_erasing_the_child_erases_its_voices(make_repo):
    """A voice belongs to the child: erased with it, never left behind."""
    repo = make_repo()
    child = Child.new("Elev Påhittad")
    repo.add_child(child)
    repo.save_recorded_voice(child.id, "ti", "ሒሳብ", WAV, "audio/wav")
    repo.erase_child(child.id)
    other = Child.new("Elev Annan")
    repo.add_child(other)
    assert repo.recorded_voices(other.id) == {}
    assert child.id not in {c.id for c in make_repo().list_children()}
