"""Suite-wide ordering: browser tests run last.

Playwright's sync API keeps an event loop running for the whole session once
the shared browser starts, and the UI harness needs to run its own loop, so
every client-less test runs before the first browser test.

Also the throwaway PostgreSQL cluster that the team-server tests share.
"""

import pytest

from app.storage.postgres import migrate
from tools.pg_cluster import Cluster, ClusterError


def pytest_collection_modifyitems(items):
    """Stable-sort browser tests to the end of the run."""
    items.sort(key=lambda item: "tests/browser/" in str(item.path))


# --- a throwaway PostgreSQL cluster (only started when a test asks for it) ---------
@pytest.fixture(scope="session")
def pg_cluster():
    """One PostgreSQL server for the whole run: fsync off, unix socket only.

    Fails (never skips) with the reason when it cannot start.
    """
    cluster = Cluster(fsync=False)
    try:
        cluster.start()
    except ClusterError as exc:
        cluster.stop()
        pytest.fail(f"the throwaway PostgreSQL cluster did not start: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster):
    """A database migrated once, copied for each test that needs one."""
    name = pg_cluster.create_database()
    migrate(pg_cluster.conninfo(name))
    return name


@pytest.fixture
def pg_database(pg_cluster, pg_template):
    """A fresh migrated database for one test (dropped after it): its name."""
    name = pg_cluster.create_database(template=pg_template)
    yield name
    pg_cluster.drop_database(name)
