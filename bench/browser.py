"""Servers in child processes and Debian's headless Chromium, for the benchmarks.

Reuses the browser tests' Chromium path and flags (``tests/browser/server.py``)
and their way of driving Flutter's semantics tree (``tests/browser/flutter.py``);
adds a server launcher that can start any module, times its start from the
moment of ``Popen`` and reads its memory from ``/proc``.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from bench.common import ROOT
from tests.browser.flutter import LOAD_TIMEOUT_MS, button
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, as_seeded_browser, free_port

TABLET = {
    "viewport": {"width": 1280, "height": 800},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 1,
}
"""The browser tests' 10-inch tablet, landscape, with touch."""


_BOOT_FROM = (
    "import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); "
    "runpy.run_module(sys.argv[1], run_name='__main__', alter_sys=True)"
)
"""``python -c`` that puts a folder first on ``sys.path``, then runs a module."""


class Server:
    """``python -m <module>`` on a free loopback port, with its own data folder."""

    def __init__(
        self,
        module: str,
        data_dir: Path | None,
        log_dir: Path,
        extra_env: dict[str, str] | None = None,
        app_root: Path | None = None,
    ) -> None:
        """``app_root``: import ``app`` from there (an earlier version of the
        app, unpacked by ``bench/steps.py``) instead of this checkout."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.update({"MINROST_PORT": str(self.port), "PYTHONUNBUFFERED": "1"})
        if data_dir is not None:
            env["MINROST_DATA_DIR"] = str(data_dir)
        env.update(extra_env or {})
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log = log_dir / f"{module.replace('.', '-')}-{self.port}.log"
        self._log_file = self.log.open("wb")
        self.started_ns = time.perf_counter_ns()
        command = [sys.executable, "-m", module]
        if app_root is not None:
            command = [sys.executable, "-c", _BOOT_FROM, str(app_root), module]
        self.proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 90, poll: float = 0.01) -> int:
        """Poll ``GET /`` every ``poll`` s until it answers 200; return that time
        (``perf_counter_ns``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log.read_text()}")
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    return time.perf_counter_ns()
            except OSError:
                time.sleep(poll)
            finally:
                conn.close()
        raise TimeoutError(f"server not ready:\n{self.log.read_text()}")

    def memory(self) -> dict[str, int]:
        """Current and peak resident memory of the server and its children, bytes.

        ``peak`` is the kernel's high-water mark (VmHWM) of the server process;
        children (Flet starts none in web mode) are added at their current RSS.
        """
        own = _proc_status(self.proc.pid)
        children = sum(
            _proc_status(pid).get("VmRSS", 0) for pid in _children(self.proc.pid)
        )
        return {
            "rss": own.get("VmRSS", 0),
            "peak": own.get("VmHWM", 0),
            "children_rss": children,
        }

    def signal(self, signum: int) -> None:
        """Send a signal to the server."""
        self.proc.send_signal(signum)

    def stop(self) -> None:
        """Stop the server and wait for it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_file.close()


def _proc_status(pid: int) -> dict[str, int]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    out = {}
    for key, value in re.findall(r"^(Vm\w+):\s+(\d+) kB", text, re.M):
        out[key] = int(value) * 1024
    return out


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
        except OSError:
            continue
        for child in text.split():
            found.append(int(child))
            found.extend(_children(int(child)))
    return found


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium with the browser tests' flags."""
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def tablet_page(browser: Browser, init_script: str | None = None) -> Iterator[Page]:
    """A fresh context (empty cache) and page, shaped like the tablet."""
    context: BrowserContext = browser.new_context(**TABLET)
    as_seeded_browser(context)  # the browser seeded child mode belongs to
    try:
        if init_script:
            context.add_init_script(init_script)
        yield context.new_page()
    finally:
        context.close()


def enable_semantics(page: Page) -> int:
    """Click Flutter's placeholder once attached; return when it was (ns)."""
    page.locator("flt-semantics-placeholder").wait_for(
        state="attached", timeout=LOAD_TIMEOUT_MS
    )
    seen = time.perf_counter_ns()
    page.evaluate("document.querySelector('flt-semantics-placeholder').click()")
    return seen


FIRST_LABELLED_BUTTON = """() => {
  for (const el of document.querySelectorAll('flt-semantics[role="button"]')) {
    const name = (el.getAttribute('aria-label') || el.textContent || '').trim();
    const box = el.getBoundingClientRect();
    if (name && box.width > 0 && box.height > 0
        && box.bottom > 0 && box.top < innerHeight) return name;
  }
  return null;
}"""


def wait_first_labelled_button(page: Page) -> str:
    """Wait until a button with a name is visible in the semantics tree."""
    handle = page.wait_for_function(FIRST_LABELLED_BUTTON, timeout=LOAD_TIMEOUT_MS)
    return str(handle.json_value())


def wait_button(page: Page, name: str) -> None:
    """Wait until the button named ``name`` is visible."""
    button(page, name).first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
