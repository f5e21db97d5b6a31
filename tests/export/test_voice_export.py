"""Recorded voices leave with the case only when the counsellor chooses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.export import json_import
from app.export.json_import import ImportRejected, check_source, import_checked
from app.export.service import ExportRequest, VoicesTooLarge, export_session
from app.storage.crypto import KdfParams, Vault
from app.storage.repository import Repository
from tests.export.conftest import NOW, add_demo

FAST = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
SOUND = b"RIFF-invented-sound"


def encrypted(path: Path) -> Repository:
    """An encrypted data folder with a cheap Argon2."""
    path.mkdir(parents=True)
    vault, _ = Vault.create(path, "lösen ord här", recovery=False, kdf=FAST)
    return Repository(path, vault=vault)


@pytest.fixture
def source(tmp_path):
    """A child with a Somali recording and a Swedish one."""
    repo = encrypted(tmp_path / "here")
    child = add_demo(repo, count=1)[0]
    repo.save_recorded_voice(child.id, "so", "Xisaab", SOUND, "audio/wav")
    repo.save_recorded_voice(child.id, "sv", "Matte", b"ID3-mp3", "audio/mpeg")
    return repo, child, repo.sessions(child.id)[-1]


def test_a_json_export_holds_no_voice_unless_the_counsellor_chooses_them(source):
    """Without the choice the file has no voices; with it, both recordings."""
    repo, child, session = source
    plain = export_session(
        repo, child.id, session.id, ExportRequest(fmt="json", now=NOW)
    )
    doc = json.loads(plain.data)
    assert "voices" not in doc
    assert "voices" not in doc["includes"]

    chosen = export_session(
        repo,
        child.id,
        session.id,
        ExportRequest(fmt="json", include_voices=True, now=NOW),
    )
    doc = json.loads(chosen.data)
    assert doc["format_version"] == 4
    assert doc["includes"]["voices"] is True
    assert [(v["language"], v["text"], v["mime"]) for v in doc["voices"]] == [
        ("so", "Xisaab", "audio/wav"),
        ("sv", "Matte", "audio/mpeg"),
    ]


def test_imported_voices_are_the_childs_again_encrypted_even_as_a_copy(
    source, tmp_path
):
    """An export with voices, imported into another folder (and as a copy),
    gives the new child the same recordings, stored encrypted."""
    repo, child, session = source
    data = export_session(
        repo,
        child.id,
        session.id,
        ExportRequest(fmt="json", include_voices=True, now=NOW),
    ).data
    there = encrypted(tmp_path / "there")
    first = import_checked(there, check_source(data))
    again = import_checked(there, check_source(data), as_copy=True)
    for new_id in (first.child_id, again.child_id):
        assert there.recorded_voice(new_id, "so", "Xisaab").audio == SOUND
        assert there.recorded_voice(new_id, "sv", "Matte").info.mime == "audio/mpeg"
    for path in (tmp_path / "there" / "recordings").rglob("*.json"):
        assert path.read_bytes()[:4] == b"MRST"


def test_voices_are_not_imported_into_a_folder_without_encryption(source, tmp_path):
    """A plaintext folder refuses the whole file: a voice is never stored in
    plaintext, and nothing is added."""
    repo, child, session = source
    data = export_session(
        repo,
        child.id,
        session.id,
        ExportRequest(fmt="json", include_voices=True, now=NOW),
    ).data
    plain = Repository(tmp_path / "plain")
    with pytest.raises(ImportRejected, match="krypterad"):
        import_checked(plain, check_source(data))
    assert plain.list_children() == []


def test_an_export_too_big_to_import_again_is_refused(source, monkeypatch):
    """Voices that would make the file larger than an import accepts: no file,
    a sentence saying what to do."""
    repo, child, session = source
    monkeypatch.setattr("app.export.service.MAX_IMPORT_BYTES", 1000)
    assert json_import.MAX_BYTES > 1000
    with pytest.raises(VoicesTooLarge, match="utan dem"):
        export_session(
            repo,
            child.id,
            session.id,
            ExportRequest(fmt="json", include_voices=True, now=NOW),
        )
