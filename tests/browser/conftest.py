"""Fixtures for browser tests: the real server and Debian's headless chromium."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, AppServer


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test."""
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run (never a downloaded browser)."""
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield b
        b.close()


@pytest.fixture
def server(tmp_path):
    """A fresh server with an empty data folder."""
    srv = AppServer(tmp_path / "data")
    srv.wait_ready()
    yield srv
    srv.stop()


_BLOCKED_URL = re.compile(r"'([a-z][a-z0-9+.-]*://[^']*)'")
OWN_HOSTS = ("127.0.0.1", "localhost")


def csp_breakages(context) -> list[str]:
    """Collect the CSP violations that would break the app in ``context``.

    A script from another site being blocked is the policy working (the Rive
    extension asks for one from a CDN); anything of the app's own — an inline
    script or style, a worker, a WebAssembly module — being blocked is a
    breakage, and the test using the context fails on it.
    """
    found: list[str] = []

    def on_console(message) -> None:
        text = message.text
        if "Content Security Policy" not in text:
            return
        blocked = _BLOCKED_URL.search(text)
        if blocked and urlparse(blocked[1]).hostname not in OWN_HOSTS:
            return
        found.append(text)

    context.on("console", on_console)
    return found


@pytest.fixture
def laptop(browser):
    """A laptop-sized page; the test fails if the CSP blocked any of the app."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    breakages = csp_breakages(context)
    page = context.new_page()
    yield page
    context.close()
    assert not breakages, breakages


@pytest.fixture
def tablet(browser):
    """A 10-inch tablet held landscape, with touch (CSP watched as for laptop)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=1,
    )
    breakages = csp_breakages(context)
    page = context.new_page()
    yield page
    context.close()
    assert not breakages, breakages
