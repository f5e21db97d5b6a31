"""CaseStore: the counsellor's changes on a child's page are saved, then shown."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import FAST_HASHER

from app.domain.meeting import PlanOwner
from app.domain.models import Child, ConsentGiver, Recipient, Session
from app.security import PinGuard
from app.ui.state import AppState
from tests.folder_faults import read_only

ROOT = Path(__file__).resolve().parents[2]
CASE_SCREENS = (
    "app/ui/screens/workspace/child_detail.py",
    "app/ui/screens/workspace/plan.py",
    "app/ui/screens/workspace/meeting_prep.py",
    "app/ui/screens/workspace/history.py",
    "app/ui/screens/child/meeting.py",
)


@pytest.fixture
def case(repo):
    """A child with one session, opened for the counsellor."""
    child = Child.new("T. E.")
    repo.add_child(child)
    session = Session.new(child.id)
    repo.save_session(session)
    state = AppState(repo=repo, pin=PinGuard(repo, hasher=FAST_HASHER))
    return state.open_case(child.id), session


def test_a_consent_is_shown_by_the_store_once_it_is_on_disk(repo, case):
    """give_consent saves the child's consent, then the store's copy has it."""
    store, _session = case
    store.give_consent(givers=(ConsentGiver.GUARDIAN,), recipients=(Recipient.BUP,))
    (shown,) = store.consent.consents
    assert repo.load_consent(store.child.id).consents == (shown,)


def test_a_refused_save_leaves_the_case_store_as_it_was(repo, case, monkeypatch):
    """A read-only folder: the notes and the plan raise, and the store keeps the
    values that are on disk."""
    store, session = case
    read_only(monkeypatch, repo.data_dir)
    with pytest.raises(OSError, match="Read-only"):
        store.save_notes(session.id, "Vill prata om rasterna")
    with pytest.raises(OSError, match="Read-only"):
        store.change_plan(lambda p: p.add_point(PlanOwner.SCHOOL, "Lugn plats"))
    assert store.session(session.id).notes == ""
    assert store.plan.points == ()


def test_the_case_screens_never_reach_into_the_repository_or_count_renders():
    """Screens of a child's page render a CaseStore: no ``.repo``/``.pin``
    reaches, no storage reads, no ``use_state(0)`` re-render counters."""
    found = []
    for name in CASE_SCREENS:
        tree = ast.parse((ROOT / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("repo", "pin"):
                found.append(f"{name}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.ImportFrom) and node.module in (
                "app.storage.case_file",
            ):
                found.append(f"{name}:{node.lineno} imports {node.module}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "use_state"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and type(node.args[0].value) is int  # False == 0, but no counter
                and node.args[0].value == 0
            ):
                found.append(f"{name}:{node.lineno} use_state(0)")
    assert found == []
