"""Serving start-up: what lives as long as the process is frozen for the GC."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, sys
import app.main
from app.ui.screens.child.grid import GridScreen  # imported before, frozen or not

def tracked(obj):
    return any(o is obj for o in gc.get_objects())

print(tracked(GridScreen))
app.main.freeze_start_up()
print(tracked(GridScreen))
print("flet_web.fastapi.serve_fastapi_web_app" in sys.modules)
print("uvicorn" in sys.modules)
screens = ("child.day", "workspace.plan", "workspace.home")
print(all(f"app.ui.screens.{m}" in sys.modules for m in screens))
import uvicorn
from flet_web.fastapi import serve_fastapi_web_app as web
print(tracked(uvicorn.run) or tracked(web.serve_fastapi_web_app))
"""


def test_start_up_freezes_the_web_server_and_every_screen_for_the_collector():
    """Full collections during a child's taps must not walk start-up objects."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    assert out == ["True", "False", "True", "True", "True", "False"]
