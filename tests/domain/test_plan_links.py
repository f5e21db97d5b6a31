"""The plan tied to the child: cited answers, goals, child and family versions."""

import pytest

from app.domain.meeting import Plan, PlanOwner
from app.domain.models import Level, Session, ValidationError
from app.domain.summary import citable_answers, cited_texts


def _session() -> Session:
    session = Session.new("c1")
    grid = session.grid.toggle("break_activities", Level.DISLIKE).toggle(
        "maths", Level.FUN
    )
    from dataclasses import replace

    return replace(session, grid=grid, private=frozenset({"grid:maths"}))


def test_a_point_cites_the_childs_answers_in_the_case_files_words():
    """A point linked to *Rastaktiviteter* reads back "Rastaktiviteter: Gillar
    inte alls"; a private answer is neither offered nor cited."""
    session = _session()
    offered = {a.key: a.text for a in citable_answers(session)}
    assert offered == {"grid:break_activities": "Rastaktiviteter: Gillar inte alls"}
    plan = Plan().add_point(
        PlanOwner.SCHOOL,
        "Lugn plats på rasten",
        answers=("grid:break_activities", "grid:maths"),
    )
    (point,) = plan.points
    assert point.answers == ("grid:break_activities", "grid:maths")
    assert cited_texts(session, point.answers) == ["Rastaktiviteter: Gillar inte alls"]
    assert Plan.from_doc(plan.to_doc()) == plan


def test_goals_sub_goals_and_coordinator_are_kept():
    """The long-term goal, one sub-goal a line and the coordinator survive."""
    plan = Plan().set_goals(
        "Må bättre och vara mer i skolan", "Börja enskilt\n\n Utöka tiden ", "Kim"
    )
    assert plan.sub_goals == ("Börja enskilt", "Utöka tiden")
    assert plan.coordinator == "Kim"
    assert Plan.from_doc(plan.to_doc()) == plan
    with pytest.raises(ValidationError):
        Plan().set_goals("", "\n".join(f"Delmål {n}" for n in range(11)), "")


def test_the_child_sees_only_the_du_version_and_the_family_the_marked_translation():
    """Without a child version a point is not shown to the child; a family
    translation is used in its language, marked unless an interpreter checked it."""
    plan = Plan().add_point(PlanOwner.PARENTS, "Väcka eleven kl. 7.00")
    (point,) = plan.points
    assert point.for_child("sv") is None
    plan = plan.set_child_text(point.id, "Mamma väcker dig kl. 7.")
    plan = plan.set_family_text(point.id, "ماما توقظك الساعة 7.", "ar", checked=False)
    point = plan.point(point.id)
    assert point.for_child("sv") == ("Mamma väcker dig kl. 7.", False)
    assert point.for_child("ar") == ("ماما توقظك الساعة 7.", True)
    assert point.for_child("fa") == ("Mamma väcker dig kl. 7.", False)
    checked = plan.set_family_text(point.id, "ماما توقظك الساعة 7.", "ar", checked=True)
    assert checked.point(point.id).for_child("ar") == ("ماما توقظك الساعة 7.", False)
    assert Plan.from_doc(checked.to_doc()) == checked
