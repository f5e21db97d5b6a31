"""The printable page of the recovery key."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pypdf

from app.export.recovery_sheet import recovery_key_pdf
from app.storage.crypto import format_recovery_key, parse_recovery_key

RAW = bytes(range(20))


def test_the_printed_key_reads_back_as_the_key_and_names_the_chosen_secret():
    """The page holds the key's 32 characters in order on one line (typing them
    back opens the folder), and says "lösenfrasen" when a passphrase was chosen."""
    key = format_recovery_key(RAW)
    data = recovery_key_pdf(key, "passphrase", datetime(2026, 12, 7, 9, 5))
    (page,) = pypdf.PdfReader(BytesIO(data)).pages
    lines = page.extract_text().splitlines()
    key_lines = [
        line
        for line in lines
        if line.replace(" ", "")
        and set(line.replace(" ", "")) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    ]
    assert len(key_lines) == 1
    assert parse_recovery_key(key_lines[0]) == RAW
    text = " ".join(lines)
    assert "om lösenfrasen glöms bort" in text
    assert "kl. 09:05" in text
    assert "PIN" not in text
