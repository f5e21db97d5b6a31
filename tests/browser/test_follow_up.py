"""The meeting loop in the real browser: agenda, a plan point tied to the
child's answer, and the follow-up the child rates and confirms."""

import os
import subprocess
import sys

from playwright.sync_api import expect

from tests.browser.flutter import (
    BROWSER_PIN,
    LOAD_TIMEOUT_MS,
    button,
    expect_text,
    fill,
    set_up_and_hand_over,
    tap,
)
from tests.browser.server import read_encrypted
from tests.browser.test_meeting import open_workspace, unlock_child_mode


def exported_text(server, tmp_path, fmt: str = "text") -> str:
    """The latest session exported by the CLI (the server is stopped first)."""
    index = read_encrypted(server.data_dir, server.data_dir / "index.json", BROWSER_PIN)
    (child_id,) = [c["id"] for c in index["children"].values()]
    env = {
        **os.environ,
        "MINROST_DATA_DIR": str(server.data_dir),
        "MINROST_PASSPHRASE": BROWSER_PIN,
    }
    server.stop()
    out = tmp_path / f"export.{fmt}"
    command = [sys.executable, "-m", "app", "export", "--child", child_id]
    command += ["--session", "latest", "--format", fmt, "--out", str(out)]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_agenda_linked_plan_and_a_follow_up_rated_and_confirmed_by_the_child(
    server, tablet, tmp_path
):
    """Prepare the meeting (agenda), open the meeting view, tie a plan point
    to the child's grid answer, start the follow-up, rate the point, confirm
    last time's grid with a change, and find the rating and the change in the
    exported text."""
    set_up_and_hand_over(tablet, server.url, "Elev F")
    tap(tablet, "Det här är jag bra på", touch=True)
    tap(tablet, "Gillar inte alls", touch=True)
    tap(tablet, "Rastaktiviteter", touch=True)
    tap(tablet, "Roligt", touch=True)
    tap(tablet, "Matte", touch=True)
    tap(tablet, "Musik", touch=True)
    expect(button(tablet, "Musik")).to_have_accessible_name(
        "Musik Roligt", timeout=LOAD_TIMEOUT_MS
    )
    unlock_child_mode(tablet, server.url)
    child_url = tablet.url

    # The meeting: the booklet's agenda, with who leads.
    tap(tablet, "Inför och efter mötet", touch=True)
    expect_text(tablet, "3. Barnets röst")
    fill(tablet, "Vem leder?", "Rektor Ros")
    tap(tablet, "Spara ramarna", touch=True)
    expect_text(tablet, "1. Presentationsrunda")
    tap(tablet, "Visa Barnets röst på mötet", touch=True)
    expect_text(tablet, "Det här gillar du inte alls")
    tap(tablet, "Stäng mötesvyn", touch=True)
    expect_text(tablet, "1. Presentationsrunda")

    # The plan: a point tied to the child's answer, with the child's version.
    open_workspace(tablet, child_url + "/plan", "Skolan ska")
    fill(tablet, "Ny punkt", "Lugn plats på rasten")
    tap(tablet, "Lägg till punkt", touch=True)
    expect_text(tablet, "Planerad")
    tap(tablet, "Koppla till barnets svar", touch=True)
    tap(tablet, "Rastaktiviteter: Gillar inte alls", touch=True)
    expect_text(tablet, "Svarar på barnets svar:")
    fill(tablet, "Barnets version (du-form)", "Du får en lugn plats på rasten.")
    tap(tablet, "Spara barnets version", touch=True)
    expect(tablet.get_by_text("Ingen barnversion", exact=False)).to_have_count(
        0, timeout=LOAD_TIMEOUT_MS
    )

    # The follow-up: the child rates the point and confirms last time's grid.
    open_workspace(tablet, child_url, "Radera barnet")
    tap(tablet, "Ny session", touch=True)
    tap(tablet, "Starta barnläget", touch=True)
    expect_text(tablet, "Du får en lugn plats på rasten.")
    tap(tablet, "Bättre", touch=True)
    tap(tablet, "Nästa", touch=True)
    tap(tablet, "Det här är jag bra på", touch=True)
    tap(tablet, "Roligt", touch=True)
    tap(tablet, "Matte", touch=True)  # still right: confirmed
    tap(tablet, "Rastaktiviteter", touch=True)  # now also fun: a change
    tap(tablet, "Resten stämmer", touch=True)  # Musik as last time
    expect(button(tablet, "Resten stämmer")).to_have_count(0, timeout=LOAD_TIMEOUT_MS)

    (path,) = (server.data_dir / "children").glob("*.json")
    doc = read_encrypted(server.data_dir, path, BROWSER_PIN)
    latest = max(doc["sessions"].values(), key=lambda s: s["started"])
    assert list(latest["evaluations"].values()) == ["better"]
    assert latest["grid"]["origins"] == {
        "maths": "confirmed_last",
        "music": "confirmed_last",
    }

    text = exported_text(server, tmp_path)
    assert (
        "Rastaktiviteter: var gillar inte alls, nu roligt och gillar inte alls" in text
    )
    assert "Eleven bekräftade 2 svar från förra gången." in text
    assert "Skolan ska: Lugn plats på rasten (Planerad)" in text
    assert "  Svarar på barnets svar: Rastaktiviteter: Gillar inte alls" in text
    assert "  Elevens utvärdering: Bättre" in text
