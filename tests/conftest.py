"""Suite-wide ordering: browser tests run last.

Playwright's sync API keeps an event loop running for the whole session once
the shared browser starts, and the UI harness needs to run its own loop, so
every client-less test runs before the first browser test.
"""


def pytest_collection_modifyitems(items):
    """Stable-sort browser tests to the end of the run."""
    items.sort(key=lambda item: "tests/browser/" in str(item.path))
