"""The counsellor's secret is called what they chose: PIN-kod or lösenfras."""

from __future__ import annotations

import json

import pytest
from conftest import FAST_HASHER, first_run
from harness import Harness

from app.security import SECRET_KIND, PinGuard

PASSPHRASE = "blå kaffekopp vid fönstret"


def test_a_passphrase_is_called_lösenfras_on_the_lock_screen(repo, app_main):
    """After a passphrase was chosen: "Lösenfras", "Fel lösenfras", never "PIN-kod";
    the kind is in settings.json, the passphrase nowhere."""
    with Harness(app_main) as h:
        first_run(h, PASSPHRASE)
        assert any("igen om lösenfrasen glöms bort" in t for t in h.texts())
    repo.vault = None  # a restart: locked again
    with Harness(app_main) as h:
        assert h.find("pin").label == "Lösenfras"
        assert "Skriv lösenfrasen för att fortsätta." in h.texts()
        h.type("pin", "fel fras helt och hållet")
        h.click("pin-submit")
        assert h.find("pin").error == "Fel lösenfras. Försök igen."
        assert h.find("forgot-pin").content == "Glömt lösenfrasen?"
        assert not any("PIN" in t for t in h.texts())
    assert repo.get_setting(SECRET_KIND) == "passphrase"
    for path in repo.data_dir.rglob("*"):
        if path.is_file():
            assert PASSPHRASE.encode() not in path.read_bytes(), path


def test_a_pin_is_called_pin_kod_and_a_folder_from_before_gets_both_words(
    repo, app_main
):
    """Digits only: "PIN-kod"; no kind recorded (an older folder): both words."""
    PinGuard(repo, hasher=FAST_HASHER, encrypt=True).set_pin("482913")
    repo.vault = None
    with Harness(app_main) as h:
        assert h.find("pin").label == "PIN-kod"
        assert h.find("forgot-pin").content == "Glömt PIN-koden?"
    settings = repo.data_dir / "settings.json"
    doc = json.loads(settings.read_text(encoding="utf-8"))
    table = doc["settings"]
    for doc_id, row in list(table.items()):
        if row["key"] == SECRET_KIND:
            del table[doc_id]
    settings.write_text(json.dumps(doc), encoding="utf-8")
    with Harness(app_main) as h:
        assert h.find("pin").label == "PIN-kod eller lösenfras"
        h.type("pin", "000000")
        h.click("pin-submit")
        assert h.find("pin").error == "Fel PIN-kod eller lösenfras. Försök igen."


@pytest.mark.parametrize("secret", ["135790", PASSPHRASE])
def test_the_recovery_key_is_one_row_with_copy_and_a_printable_page(
    repo, app_main, secret
):
    """The key's groups sit in one row that does not wrap, one cell per
    character; *Kopiera* and *Utskriftssida (PDF)* are next to it."""
    with Harness(app_main) as h:
        key = first_run(h, secret)
        row = h.find("recovery-key")
        assert row.wrap is False
        groups = [
            "".join(cell.content.value for cell in group.controls)
            for group in row.controls
        ]
        assert "-".join(groups) == key
        assert len(groups) == 8
        assert h.exists("recovery-copy")
        assert h.exists("recovery-print")
