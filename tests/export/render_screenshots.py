"""Render ``docs/screenshots/export-page*.png`` from a real export of a demo session.

    .venv/bin/python -m tests.export.render_screenshots

Uses an invented child (seeded, so the pages are the same every time), its
follow-up session, notes included, exported for the school under the
consent the demo child gave, then pdftoppm at 110 dpi.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from app.domain.models import Recipient
from app.export.service import export_session
from app.paths import ROOT
from app.storage.repository import Repository
from tests.export.conftest import NOW, add_demo

OUT = ROOT / "docs" / "screenshots"
DPI = 110


def main() -> None:
    """Export the demo session and write one PNG per page."""
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(Path(tmp) / "data")
        child = add_demo(repo)[0]
        session = repo.sessions(child.id)[-1]
        result = export_session(
            repo,
            child.id,
            session.id,
            fmt="pdf",
            recipient=Recipient.SCHOOL,
            include_notes=True,
            counsellor="Kim Berg (kurator)",
            now=NOW,
        )
        pdf = Path(tmp) / result.filename
        pdf.write_bytes(result.data)
        for old in OUT.glob("export-page*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(OUT / "export-page")],
            check=True,
        )
    for page in sorted(OUT.glob("export-page*.png")):
        print(page.relative_to(ROOT))


if __name__ == "__main__":
    main()
