"""The throwaway PostgreSQL cluster of the tests: found, or a clear failure."""

from __future__ import annotations

import pytest

from tools import pg_cluster
from tools.pg_cluster import ClusterError


def test_a_machine_without_postgresql_is_told_how_to_install_it(monkeypatch):
    """No initdb anywhere: the error names the package and the make target,
    so the tests fail with a reason instead of skipping."""
    monkeypatch.setattr(pg_cluster.glob, "glob", lambda _pattern: [])
    monkeypatch.setattr(pg_cluster.shutil, "which", lambda _name: None)
    with pytest.raises(ClusterError, match="apt-get install postgresql"):
        pg_cluster.bindir()


def test_the_cluster_listens_on_its_own_socket_only(pg_cluster):
    """No TCP port: listen_addresses is empty and the socket is in the temp dir."""
    import psycopg

    with psycopg.connect(pg_cluster.conninfo()) as conn:
        listen = conn.execute("SHOW listen_addresses").fetchone()[0]
        sockets = conn.execute("SHOW unix_socket_directories").fetchone()[0]
        fsync = conn.execute("SHOW fsync").fetchone()[0]
    assert listen == ""
    assert sockets == str(pg_cluster.socket_dir)
    assert fsync == "off"
