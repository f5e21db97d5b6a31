"""The local OpenID Connect provider (tests/oidc_provider, npm oidc-provider)
in a child process, for the sign-in browser test."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from tests.browser.flutter import LOAD_TIMEOUT_MS, tap
from tests.browser.server import ROOT, AppServer, free_port, stop_process

PROVIDER_DIR = ROOT / "tests" / "oidc_provider"
CLIENT_ID = "min-rost-test"
CLIENT_SECRET = "test-secret-not-a-real-one"
TEST_USER = "testperson-1"
"""The invented user's login (and subject) in provider.mjs."""
TEST_GROUP = "grp-narvaroteam-norr"


class OidcProvider:
    """``node provider.mjs PORT REDIRECT_URL`` until :meth:`stop`."""

    def __init__(self, redirect_url: str, log_dir: Path) -> None:
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is missing: run `make test` (system deps)")
        if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
            raise RuntimeError("run `make oidc-provider` (npm ci there)")
        self.port = free_port()
        self.issuer = f"http://localhost:{self.port}"
        """Another site than the app's 127.0.0.1, as a real provider is."""
        self.log = log_dir / f"oidc-provider-{self.port}.log"
        self._log_file = self.log.open("wb")
        self.proc = subprocess.Popen(
            [node, "provider.mjs", str(self.port), redirect_url],
            cwd=PROVIDER_DIR,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 30) -> None:
        """Block until the provider says it listens, or fail with its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"provider exited:\n{self.log.read_text()}")
            if f"ready {self.issuer}" in self.log.read_text():
                return
            time.sleep(0.1)
        raise TimeoutError(f"provider not ready:\n{self.log.read_text()}")

    def stop(self) -> None:
        """Stop the provider and wait for it."""
        stop_process(self.proc, self._log_file)


def sign_in_at_the_provider(page, *, remembered: bool = False) -> None:
    """Tap *Logga in*; in the provider's window, sign in as the test user
    (``remembered``: the provider still knows the browser and asks nothing)."""
    with page.context.expect_page(timeout=LOAD_TIMEOUT_MS) as opened:
        tap(page, "Logga in")
    if remembered:
        return
    window = opened.value
    window.wait_for_load_state()
    window.locator("input[name=login]").fill(TEST_USER)
    window.locator("input[name=password]").fill("anything")
    window.locator("button[type=submit]").click()


def signing_in_app(
    provider: OidcProvider,
    folder: Path,
    *,
    master: str,
    database: str,
    port: int,
    group: str = TEST_GROUP,
) -> AppServer:
    """``python -m app serve --database … --team norr`` signing in through
    ``provider``; its groups file makes ``group`` the counsellors of *norr*."""
    groups = folder / "groups.toml"
    groups.write_text(f'[groups."{group}"]\nteam = "norr"\nrole = "counsellor"\n')
    return AppServer(
        folder / "data",
        extra_env={
            "MINROST_MASTER_KEY": master,
            "MINROST_OIDC_ISSUER": provider.issuer,
            "MINROST_OIDC_CLIENT_ID": CLIENT_ID,
            "MINROST_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "MINROST_OIDC_GROUPS_FILE": str(groups),
        },
        port=port,
        args=("serve", "--database", database, "--team", "norr"),
    )
