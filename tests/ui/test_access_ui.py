"""Who sees which child, through the app's screens on a team server: a
counsellor's own children, break-glass with a reason, the admin's assignments;
nothing of it on the laptop."""

from __future__ import annotations

import os
from dataclasses import replace

import psycopg
import pytest
from conftest import FAST_HASHER, PIN, unlock
from harness import Harness

from app.domain.models import Child, Session
from app.domain.staff import Role, StaffUser
from app.security import PinGuard
from app.storage.postgres import APP_ROLE, MasterKey, PostgresRepository
from app.ui.app import build_main

TEAM = "norr"
REASON = "Kollegan är sjuk och mötet med familjen är i dag"


@pytest.fixture
def team(pg_cluster, pg_database, tmp_path):
    """Team *norr*: an admin and two counsellors; each counsellor added a child
    with a session. ``main_for(user id)`` is ``main`` for that user."""
    owner = pg_cluster.conninfo(pg_database)
    staff = {
        "chef-1": StaffUser("chef-1", TEAM, Role.ADMIN, "Ada Admin"),
        "kurator-1": StaffUser("kurator-1", TEAM, Role.COUNSELLOR, "Kim Kurator"),
        "psykolog-2": StaffUser("psykolog-2", TEAM, Role.COUNSELLOR, "Pim Psykolog"),
    }
    with psycopg.connect(owner) as conn:
        for user in staff.values():
            conn.execute(
                "INSERT INTO users (team_id, id, issuer, subject, name, role)"
                " VALUES (%s, %s, 'https://idp.test', %s, %s, %s)",
                (TEAM, user.id, user.id, user.name, user.role.value),
            )
    master = MasterKey(os.urandom(32))
    (tmp_path / "team-server").mkdir()
    repos = {
        uid: PostgresRepository(
            pg_cluster.conninfo(pg_database, APP_ROLE),
            team=TEAM,
            master_key=master,
            actor=uid,
            data_dir=tmp_path / "team-server",
        )
        for uid in staff
    }
    PinGuard(repos["kurator-1"], hasher=FAST_HASHER).set_pin(PIN)
    children = {}
    for uid, name in (("kurator-1", "A. A."), ("psykolog-2", "B. B.")):
        child = Child.new(name)
        repos[uid].add_child(child)
        repos[uid].save_session(replace(Session.new(child.id), notes="anteckning"))
        children[uid] = child

    def main_for(uid: str):
        return build_main(
            repos[uid],
            hasher=FAST_HASHER,
            idle_watch=False,
            encrypt=False,
            staff=staff[uid],
        )

    yield {"repos": repos, "children": children, "main_for": main_for}
    for repo in repos.values():
        repo.close()


def test_a_counsellor_lists_only_their_children(team):
    """The workspace of a counsellor lists the children assigned to them."""
    mine, theirs = team["children"]["psykolog-2"], team["children"]["kurator-1"]
    with Harness(team["main_for"]("psykolog-2")) as h:
        unlock(h)
        assert h.exists(f"child-{mine.id}")
        assert not h.exists(f"child-{theirs.id}")
        assert theirs.display_name not in h.texts()


def test_a_child_not_assigned_opens_only_with_a_stated_reason(team):
    """Opening a colleague's child shows the break-glass prompt, not the case;
    a short reason is refused; with a reason the page opens under a banner."""
    child = team["children"]["kurator-1"]
    with Harness(team["main_for"]("psykolog-2"), route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        assert h.exists("break-glass")
        assert child.display_name not in h.texts()
        assert not h.exists("new-session")
        h.type("break-glass-reason", "behövs")
        h.click("break-glass-open")
        assert h.find("break-glass-error").value
        assert team["repos"]["psykolog-2"].access(child.id) is None
        h.type("break-glass-reason", REASON)
        h.click("break-glass-open")
        assert h.exists("break-glass-banner")
        assert child.display_name in h.texts()
        assert h.exists("new-session")
    access = team["repos"]["psykolog-2"].access(child.id)
    assert access.break_glass_until is not None


def test_the_admin_assigns_counsellors_without_seeing_the_case(team):
    """The admin's page for a child: the name and a tick per counsellor, no
    session; ticking assigns in the database, unticking takes it back."""
    child = team["children"]["kurator-1"]
    repos = team["repos"]
    with Harness(team["main_for"]("chef-1"), route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        assert h.exists("assignment-panel")
        assert child.display_name in h.texts()
        assert h.find("assign-kurator-1").value is True
        assert h.find("assign-psykolog-2").value is False
        assert not h.exists("new-session")
        assert not h.find_all(lambda c: str(c.key or "").startswith("session-"))
        h.event("assign-psykolog-2", "change")
        assert h.find("assign-psykolog-2").value is True
        assert repos["psykolog-2"].access(child.id).assigned
        h.event("assign-kurator-1", "change")
    assert repos["chef-1"].assigned(child.id) == ["psykolog-2"]
    assert repos["kurator-1"].list_children() == []


def test_the_laptop_shows_no_assignment_or_break_glass(repo):
    """On a data folder (no signed-in user) a child's page has no assignment
    panel and an unknown child is just not there."""
    PinGuard(repo, hasher=FAST_HASHER).set_pin(PIN)
    child = Child.new("A. A.")
    repo.add_child(child)
    main = build_main(repo, hasher=FAST_HASHER, idle_watch=False)
    with Harness(main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        state = h.page.data
        assert state.access(child.id) is None  # nothing to ask: no server
        assert not state.may_assign
        assert h.exists("new-session")
        assert not h.exists("assignment-panel")
        assert not h.exists("break-glass-banner")
        h.navigate("/arbete/barn/finns-inte")
        assert "Barnet finns inte." in h.texts()
        assert not h.exists("break-glass")


def test_a_colleague_cannot_save_over_answers_kept_bara_for_mig(team):
    """A colleague assigned to the child does not see the answer the child
    kept for kurator-1 and, saving a note on that session, is told why
    nothing was saved; the stored session keeps the answer."""
    from app.domain.models import Level
    from app.domain.sharing import Share, set_share

    child, repos = team["children"]["kurator-1"], team["repos"]
    (session,) = repos["kurator-1"].sessions(child.id)
    held = replace(session, grid=session.grid.toggle("music", Level.FUN))
    held = set_share(held, ["grid:music"], Share.ONLY_ME)
    repos["kurator-1"].save_session(held)
    repos["chef-1"].assign(child.id, "psykolog-2")
    with Harness(team["main_for"]("psykolog-2"), route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.type(f"notes-{session.id}", "kollegans anteckning")
        h.click(f"save-notes-{session.id}")
        assert "Bara för mig" in h.find("fault-text").value
    stored = repos["kurator-1"].get_session(child.id, session.id)
    assert stored == held
