"""Layouts Flutter refuses: drawn in the browser as a grey box, silent here.

An expanding control inside a wrapping row has no width to expand into; the
web client then paints the whole row as a grey box (seen in the export panel
when the counsellor's name and role fields came into a wrapping row).
"""

from __future__ import annotations

from dataclasses import replace

import flet as ft
from conftest import unlock
from harness import Harness

from app.domain.models import Child, Level, Session


def expanding_in_wrap(h: Harness) -> list[str]:
    """Keys (or types) of expanding controls directly inside a wrapping row."""
    found = []
    for row in h.find_all(lambda c: isinstance(c, ft.Row) and bool(c.wrap)):
        for child in row.controls:
            if getattr(child, "expand", None):
                found.append(str(getattr(child, "key", None) or type(child).__name__))
    return found


def test_the_child_page_with_the_export_panel_open_has_no_expand_in_a_wrap(
    repo, pinned, app_main
):
    """The export panel (name, role, recipient) lays out in the browser."""
    child = Child.new("L. R.")
    repo.add_child(child)
    session = replace(
        Session.new(child.id),
        grid=Session.new(child.id).grid.toggle("maths", Level.FUN),
    )
    repo.save_session(session)
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        assert expanding_in_wrap(h) == []
        h.click(f"export-{session.id}")
        assert h.exists("counsellor-name")
        assert expanding_in_wrap(h) == []


WORKSPACE_PAGES = ("", "/plan", "/mote", "/historik", "/roster", "/barnets-rost")
CHILD_SCREENS = (
    "/barn",
    "/barn/bra-pa",
    "/barn/dag/activities.day",
    "/barn/dag/places.day",
    "/barn/dag/persons.help",
    "/barn/granska",
    "/barn/vem-far-veta",
    "/barn/vem-far-veta/sa-blir-det",
    "/barn/infor-mote",
    "/barn/sist",
)


def test_no_workspace_page_has_an_expanding_control_in_a_wrapping_row(
    repo, pinned, app_main
):
    """Every page of a child's case lays out in the browser."""
    child = Child.new("L. R.")
    repo.add_child(child)
    repo.save_session(Session.new(child.id))
    found = {}
    for page in WORKSPACE_PAGES:
        with Harness(app_main, route=f"/arbete/barn/{child.id}{page}") as h:
            unlock(h)
            found[page] = expanding_in_wrap(h)
            assert h.route == f"/arbete/barn/{child.id}{page}", page
    with Harness(app_main) as h:
        unlock(h)
        found["home"] = expanding_in_wrap(h)
    assert {page: bad for page, bad in found.items() if bad} == {}


def test_no_child_screen_has_an_expanding_control_in_a_wrapping_row(
    repo, active, app_main
):
    """Every screen the child sees lays out in the browser."""
    found = {}
    for route in CHILD_SCREENS:
        with Harness(app_main, route=route) as h:
            found[route] = expanding_in_wrap(h)
            assert h.route == route, route  # the screen itself, not a redirect
    assert {route: bad for route, bad in found.items() if bad} == {}
