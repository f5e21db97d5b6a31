"""Import of a JSON export in the workspace, against the real server."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

from app.export.json_import import answer_count, check_source
from app.export.service import ExportRequest, export_session
from app.storage.repository import Repository
from tests.browser.flutter import (
    BROWSER_PIN,
    LOAD_TIMEOUT_MS,
    button,
    choose_pin,
    expect_text,
    open_app,
    tap,
)
from tests.browser.server import ROOT, read_encrypted
from tests.export.conftest import NOW, add_demo

BAD_EXPORT = ROOT / "tests" / "export" / "bad_imports" / "bad_level.json"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def cli_refusal(path: Path, tmp_path: Path) -> str:
    """The sentence ``python -m app import`` prints for ``path``."""
    env = dict(os.environ, MINROST_DATA_DIR=str(tmp_path / "cli-data"))
    done = subprocess.run(
        [sys.executable, "-m", "app", "import", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    return done.stderr.strip()


def set_up_pin(page: Page, url: str) -> None:
    """First run: choose the PIN and keep the recovery key; the workspace opens."""
    open_app(page, url)
    choose_pin(page)
    tap(page, "Jag har sparat nyckeln")
    expect(button(page, "Välj fil…")).to_be_visible(timeout=LOAD_TIMEOUT_MS)


def pick(page: Page, path: Path) -> None:
    """Tap *Välj fil…* and choose ``path`` in the browser's file dialog."""
    with page.expect_file_chooser(timeout=LOAD_TIMEOUT_MS) as chooser:
        tap(page, "Välj fil…")
    chooser.value.set_files(str(path))


def test_import_in_the_workspace_refuses_a_bad_file_and_adds_a_good_one(
    server, laptop, tmp_path
):
    """A bad export is refused with the CLI's sentence and no file changes; a valid
    one is previewed (child, session, answers) and added with *Lägg till*."""
    source = Repository(tmp_path / "source")
    child = add_demo(source, count=1)[0]
    session = source.sessions(child.id)[-1]
    good = tmp_path / "export.json"
    good.write_bytes(
        export_session(
            source, child.id, session.id, ExportRequest(fmt="json", now=NOW)
        ).data
    )
    exported = check_source(good)

    set_up_pin(laptop, server.url)
    before = snapshot(server.data_dir)
    pick(laptop, BAD_EXPORT)
    refusal = cli_refusal(BAD_EXPORT, tmp_path)
    assert refusal.startswith("Filen kan inte importeras")
    expect_text(laptop, refusal)
    expect(laptop.get_by_text("Det här läggs till:")).to_have_count(0)
    assert snapshot(server.data_dir) == before

    pick(laptop, good)
    expect_text(laptop, "Det här läggs till:")
    expect_text(laptop, f"Barn: {exported.child.display_name}")
    expect_text(laptop, f"Antal svar: {answer_count(exported.session)}")
    assert snapshot(server.data_dir) == before  # a preview writes nothing
    tap_last(laptop, "Lägg till")  # the first *Lägg till* adds a new child
    expect(laptop).to_have_url(
        f"{server.url}/arbete/barn/{child.id}", timeout=LOAD_TIMEOUT_MS
    )
    index = read_encrypted(server.data_dir, server.data_dir / "index.json", BROWSER_PIN)
    assert [c["id"] for c in index["children"].values()] == [child.id]


def tap_last(page: Page, name: str) -> None:
    """Click the last button named ``name`` (the preview's, below the form's)."""
    target = button(page, name).last
    expect(target).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
