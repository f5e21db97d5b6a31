"""Start the real Min röst server on a free loopback port, for browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


SEEDED_BROWSER = "seeded-browser-0123456789abcdefghijklmnopqr"
"""The device cookie of the browser a seeded data folder hands the child to.

Child mode belongs to the browser that started it (``app.web``). Tools and
benchmarks that seed child mode on disk record this browser with
:func:`seed_child_mode` and open the app in a context given its cookie by
:func:`as_seeded_browser`.
"""


def seed_child_mode(repo, child_id: str, session_id: str) -> None:
    """Record child mode on disk as started by :data:`SEEDED_BROWSER`."""
    from app.web import device_id

    repo.set_active(child_id, session_id, device=device_id(SEEDED_BROWSER))


def as_seeded_browser(context) -> None:
    """Give a Playwright browser context the seeded browser's device cookie."""
    from app.web import DEVICE_COOKIE

    context.add_cookies(
        [
            {
                "name": DEVICE_COOKIE,
                "value": SEEDED_BROWSER,
                "domain": "127.0.0.1",
                "path": "/",
                "httpOnly": True,
                "sameSite": "Strict",
            }
        ]
    )


def free_port() -> int:
    """Ask the OS for a free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`python -m app` in a child process with its own data folder."""

    def __init__(
        self,
        data_dir: Path,
        extra_env: dict[str, str] | None = None,
        module: str = "app",
        port: int | None = None,
        args: tuple[str, ...] = (),
    ):
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.update(
            {
                "MINROST_DATA_DIR": str(data_dir),
                "MINROST_PORT": str(self.port),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(extra_env or {})
        self.log = data_dir.parent / f"server-{self.port}.log"
        self._log_file = self.log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        """Block until the server answers HTTP, or fail with its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"server not ready:\n{self.log.read_text()}")

    def stop(self) -> None:
        """Stop the server and wait for it."""
        stop_process(self.proc, self._log_file)


def read_encrypted(data_dir: Path, path: Path, passphrase: str) -> dict:
    """Decrypt one of the app's data files with the counsellor's passphrase.

    Also checks that the file on disk is ciphertext, never plain JSON.
    """
    from app.storage.crypto import Vault

    raw = path.read_bytes()
    assert raw[:4] == b"MRST", f"{path.name} is not encrypted"
    vault = Vault.unlock(data_dir, passphrase)
    return vault.codec_for(path).decode(raw, path=path)


def stop_process(proc: subprocess.Popen, log_file: IO[bytes]) -> None:
    """Ask a helper process to stop (kill it after 10 s) and close its log."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log_file.close()
