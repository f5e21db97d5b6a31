"""Fixtures for browser tests: the real server and Debian's headless chromium."""

from __future__ import annotations

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


@pytest.fixture
def laptop(browser):
    """A laptop-sized page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def tablet(browser):
    """A 10-inch tablet held landscape, with touch."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=1,
    )
    page = context.new_page()
    yield page
    context.close()
