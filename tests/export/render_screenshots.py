"""Render the export screenshots in ``docs/screenshots`` from real exports.

    .venv/bin/python -m tests.export.render_screenshots

Uses an invented child (seeded, so the pages are the same every time) with its
meeting sheets and plan, then pdftoppm at 110 dpi:

- ``export-page*.png``: the follow-up session's case-file PDF, notes included,
  exported for the school under the consent the demo child gave;
- ``sheet-before.png``, ``sheet-after.png``: *Inför möte* and *Efter mötet*;
- ``sheet-after-ar.png``: *Efter mötet* in Arabic (right to left);
- ``plan.png``: the plan for guardians.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from app.domain.models import Recipient
from app.export.service import ExportRequest, export_meeting_sheet, export_session
from app.paths import ROOT
from app.storage.repository import Repository
from tests.export.conftest import NOW, add_demo

OUT = ROOT / "docs" / "screenshots"
DPI = 110
SHEETS = (
    ("sheet-before", "before", "sv"),
    ("sheet-after", "after", "sv"),
    ("sheet-after-ar", "after", "ar"),
    ("plan", "plan", "sv"),
)
"""(file stem, sheet kind, language)."""


def _png(pdf: Path, stem: str, *, single: bool) -> None:
    args = ["pdftoppm", "-r", str(DPI), "-png"]
    if single:
        args += ["-singlefile", "-f", "1", "-l", "1"]
    subprocess.run([*args, str(pdf), str(OUT / stem)], check=True)


def main() -> None:
    """Export the demo session, its sheets and plan; write the PNGs."""
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(Path(tmp) / "data")
        child = add_demo(repo)[0]
        session = repo.sessions(child.id)[-1]
        result = export_session(
            repo,
            child.id,
            session.id,
            ExportRequest(
                fmt="pdf",
                recipient=Recipient.SCHOOL,
                include_notes=True,
                counsellor="Kim Berg (kurator)",
                now=NOW,
            ),
        )
        pdf = Path(tmp) / result.filename
        pdf.write_bytes(result.data)
        for old in OUT.glob("export-page*.png"):
            old.unlink()
        _png(pdf, "export-page", single=False)
        for stem, kind, language in SHEETS:
            sheet = export_meeting_sheet(
                repo, child.id, session.id, kind=kind, language=language
            )
            if sheet.language != language:
                raise SystemExit(f"no {language} catalog: {stem}.png would be Swedish")
            path = Path(tmp) / sheet.filename
            path.write_bytes(sheet.data)
            _png(path, stem, single=True)
    for page in sorted(OUT.glob("*.png")):
        if page.stem.startswith(("export-page", "sheet-", "plan")):
            print(page.relative_to(ROOT))


if __name__ == "__main__":
    main()
