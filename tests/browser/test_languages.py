"""Switching the child's language in the real browser keeps every answer."""

import os
import subprocess
import sys

from playwright.sync_api import expect

from app.i18n import NATIVE_NAMES, Translator
from tests.browser.flutter import BROWSER_PIN, button, set_up_and_hand_over, tap
from tests.browser.server import read_encrypted

AR = Translator("ar")


def test_switching_to_arabic_mid_exercise_keeps_answers_and_export_stays_swedish(
    server, tablet, tmp_path
):
    """Mark in Swedish, switch to العربية, mark more, switch back: all there."""
    set_up_and_hand_over(tablet, server.url)
    tap(tablet, "Det här är jag bra på", touch=True)
    tap(tablet, "Roligt", touch=True)
    tap(tablet, "Matte", touch=True)

    tap(tablet, "Svenska", touch=True)
    tap(tablet, NATIVE_NAMES["ar"], touch=True)
    expect(button(tablet, AR("Musik"))).to_be_visible(timeout=30_000)
    assert AR("Musik") != "Musik"
    tap(tablet, AR("Musik"), touch=True)
    expect(button(tablet, AR("Matte"))).to_have_accessible_name(
        f"{AR('Matte')} {AR('Roligt')}", timeout=10_000
    )

    tap(tablet, NATIVE_NAMES["ar"], touch=True)
    tap(tablet, "Svenska", touch=True)
    expect(button(tablet, "Musik")).to_have_accessible_name(
        "Musik Roligt", timeout=30_000
    )
    expect(button(tablet, "Matte")).to_have_accessible_name("Matte Roligt")

    (child_file,) = (server.data_dir / "children").glob("*.json")
    assert child_file.read_bytes()[:4] == b"MRST"  # encrypted at rest

    out = tmp_path / "export.txt"
    index_path = server.data_dir / "index.json"
    index = read_encrypted(server.data_dir, index_path, BROWSER_PIN)
    (child_id,) = [c["id"] for c in index["children"].values()]
    env = {
        **os.environ,
        "MINROST_DATA_DIR": str(server.data_dir),
        "MINROST_PASSPHRASE": BROWSER_PIN,
    }
    server.stop()  # the CLI needs the data folder to itself
    command = [sys.executable, "-m", "app", "export", "--child", child_id]
    command += ["--session", "latest", "--format", "text", "--out", str(out)]
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "matte" in text.lower()
    assert "musik" in text.lower()
    assert AR("Musik") not in text
