"""Export file names are generated: no names, no path characters."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.domain.models import Child, Session
from app.export.filenames import GENERIC_WORDS, export_filename, slug

SAFE = re.compile(r"[a-z0-9-]+_min-rost_\d{4}-\d{2}-\d{2}_[a-z0-9]{4}\.(pdf|json|txt)")


def make(display_name: str, case_ref: str) -> tuple[Child, Session]:
    child = replace(Child.new(display_name, case_ref), id="3f9a00c0ffee1234")
    session = Session(
        id="3f9ab00b1e5a1234",
        child_id=child.id,
        started=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
    )
    return child, session


def test_file_name_is_reference_app_date_and_short_id():
    """``nt-2026-0417_min-rost_2026-11-23_3f9a.pdf`` from ref, date and session id."""
    child, session = make("Elev A1", "NT-2026-0417")
    assert export_filename(child, session, "pdf") == (
        "nt-2026-0417_min-rost_2026-11-23_3f9a.pdf"
    )
    assert export_filename(child, session, "text").endswith(".txt")


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("Sara Lind", ""),
        ("Sara Lind", "Sara Lind 2026"),
        ("Örjan Åberg", "ÅBERG-17"),
        ("Amir", "../../etc/passwd"),
        ("Ny elev", "C:\\temp\\x; rm -rf /"),
        ("Elev", "   "),
        ("أحمد", "أحمد ١٢"),
        ("Lo", "😀😀"),
    ],
)
def test_file_name_never_holds_a_name_or_path_characters(name, ref):
    """Whatever was typed, the name is [a-z0-9-] parts and never the child's name."""
    child, session = make(name, ref)
    for fmt in ("pdf", "json", "text"):
        filename = export_filename(child, session, fmt)
        assert SAFE.fullmatch(filename), filename
        for word in slug(name).split("-"):
            if len(word) >= 2 and word not in GENERIC_WORDS:
                assert word not in filename.split("_")[0].split("-")


def test_a_reference_without_letters_or_digits_falls_back_to_a_short_id():
    """An unusable reference gives ``elev-`` and six characters of the child id."""
    child, session = make("Lo", "***")
    assert export_filename(child, session, "json").startswith("elev-3f9a00_")


def test_slug_folds_swedish_letters():
    """å, ä, ö fold to a, a, o; other signs to single dashes."""
    assert slug("Ärende Åsa/Östra 12") == "arende-asa-ostra-12"
