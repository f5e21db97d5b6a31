"""Laptop → team server → laptop with the versioned JSON: nothing lost."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from app.domain.models import Child, Recipient
from app.export.move import MoveRefused, move_in, move_out, move_out_bytes
from app.storage.crypto import KdfParams, Vault
from app.storage.postgres import OPERATOR_ROLE, MasterKey, PostgresRepository
from app.storage.repository import Repository
from app.storage.store import NotFoundError, Store
from tests.export.conftest import NOW, add_demo


@pytest.fixture
def laptop(tmp_path) -> Repository:
    """An encrypted data folder with three invented children (sessions, own
    items, consents, notes, sheets, plans), without private answers, and a
    child with no session yet."""
    vault, _ = Vault.create(tmp_path / "laptop", "korrekt häst", kdf=KdfParams(1, 8, 1))
    repo = Repository(tmp_path / "laptop", vault=vault)
    for child in add_demo(repo):
        for session in repo.sessions(child.id):
            repo.save_session(replace(session, private=frozenset()))
    repo.add_child(Child.new("Ny elev", "Ärende 7"))
    return repo


@pytest.fixture
def server(pg_cluster, pg_database):
    """A team's store on the throwaway PostgreSQL cluster."""
    repo = PostgresRepository(
        pg_cluster.conninfo(pg_database, OPERATOR_ROLE),
        team="norr",
        master_key=MasterKey(os.urandom(32)),
    )
    yield repo
    repo.close()


def everything(store: Store) -> list:
    """Every child with its consent record, sessions, plan and meeting sheets,
    as read back. Consent belongs to the child (#19): a folder from before kept
    it per session, and the move carries it as the child's, so sessions are
    compared without their old per-session copies."""
    return [
        (
            child,
            store.load_consent(child.id),
            [replace(s, consents=()) for s in store.sessions(child.id)],
            store.load_plan(child.id),
            store.meetings(child.id),
        )
        for child in store.list_children()
    ]


def test_a_folder_moved_to_the_server_and_back_loses_nothing(laptop, server, tmp_path):
    """Every child (one without sessions too), session, note, consent, plan and
    meeting sheet reads back equal on the server and again on a new laptop;
    the move files of both directions are the same JSON."""
    before = everything(laptop)
    assert any(plan.points for _c, _r, _s, plan, _m in before)
    assert any(sheets for _c, _r, _s, _p, sheets in before)
    assert any(record.consents for _c, record, _s, _p, _m in before)
    out = move_out_bytes(laptop)
    report = move_in(server, out)
    assert (report.children, report.sessions) == (
        4,
        sum(len(s) for _c, _r, s, _p, _m in before),
    )
    assert everything(server) == before
    back = Repository(tmp_path / "again")
    move_in(back, move_out(server, created_at=NOW))
    assert everything(back) == before
    assert move_out(back, created_at=NOW) == move_out(laptop, created_at=NOW)
    assert json.loads(out)["children"][0]["sessions"][0]["format"] == "min-rost-export"


def test_private_answers_stop_a_move_unless_left_behind_on_purpose(server, tmp_path):
    """*Bara för mig* answers never travel in an export document: the move is
    refused (nothing written), or made without them when asked."""
    laptop = Repository(tmp_path / "laptop")
    (child,) = add_demo(laptop, count=1)
    assert any(s.private for s in laptop.sessions(child.id))
    with pytest.raises(MoveRefused, match="Bara för mig"):
        move_out(laptop)
    move_in(server, move_out(laptop, drop_private=True))
    assert all(not s.private for s in server.sessions(child.id))
    assert len(server.sessions(child.id)) == len(laptop.sessions(child.id))


def test_a_child_already_on_the_server_refuses_the_whole_move(laptop, server):
    """One child the target has already: refused before anything is written."""
    first = laptop.list_children()[0]
    server.add_child(first)
    with pytest.raises(MoveRefused, match="finns redan"):
        move_in(server, move_out(laptop))
    assert server.list_children() == [first]
    assert server.sessions(first.id) == []


def test_a_damaged_or_newer_move_file_is_refused_and_writes_nothing(laptop, server):
    """A session that fails the export schema, or a newer move format, is
    refused before the first write."""
    doc = move_out(laptop)
    doc["children"][1]["sessions"][0]["session"]["grid"] = "inte en tabell"
    with pytest.raises(MoveRefused):
        move_in(server, doc)
    newer = move_out(laptop)
    newer["format_version"] = 2
    with pytest.raises(MoveRefused, match="uppdatera"):
        move_in(server, newer)
    assert server.list_children() == []
    with pytest.raises(NotFoundError):
        server.get_child(laptop.list_children()[0].id)


@pytest.mark.parametrize("target", ["folder", "server"])
def test_a_move_that_fails_half_way_leaves_the_target_as_it_was(
    laptop, server, tmp_path, monkeypatch, target
):
    """The disk or the connection fails at the third child's plan: no child of
    the file stays in the target (one transaction, or the folder put back)."""
    store = server if target == "server" else Repository(tmp_path / "target")
    doc = move_out(laptop)
    real, calls = store.save_plan, []

    def failing(child_id, plan):
        calls.append(child_id)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(child_id, plan)

    monkeypatch.setattr(store, "save_plan", failing)
    with pytest.raises(OSError, match="No space"):
        move_in(store, doc)
    assert store.list_children() == []


def test_one_exported_session_imports_into_the_team_server(laptop, server, tmp_path):
    """The workspace's JSON import works on the server store too: the child,
    the session, its sheets and the plan arrive, all in one transaction, and
    the audit line goes to the process's own folder."""
    from app.export.json_export import dumps, export_doc
    from app.export.json_import import check_source, import_checked
    from app.storage.audit import AuditLog

    server.data_dir = tmp_path / "srv"
    server.data_dir.mkdir()
    child = laptop.list_children()[0]
    session = laptop.sessions(child.id)[-1]
    raw = dumps(
        export_doc(
            child,
            session,
            include_name=True,
            include_notes=True,
            recipient=Recipient.OWN_FILE,
            other_name="",
            created_at=NOW,
            plan=laptop.load_plan(child.id),
            meeting=laptop.load_meeting(child.id, session.id),
            consent=laptop.load_consent(child.id),
        )
    )
    result = import_checked(server, check_source(raw))
    assert result.child_id == child.id
    # the consent comes as the child's (#19), not as the session's copy
    assert server.get_session(child.id, session.id) == replace(session, consents=())
    assert server.load_consent(child.id) == laptop.load_consent(child.id)
    assert server.load_plan(child.id) == laptop.load_plan(child.id)
    assert server.meetings(child.id) == {
        session.id: laptop.load_meeting(child.id, session.id)
    }
    assert [e.action for e in AuditLog(server.data_dir).entries()] == ["import"]
