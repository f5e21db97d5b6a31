"""Before and after the meeting, the plan, the follow-up start, and history."""

from dataclasses import replace

from conftest import unlock
from harness import Harness

from app.domain.meeting import Participation, PlanOwner, PointStatus
from app.domain.models import Child, Level, Session


def new_child(repo):
    child = Child.new("G. H.", "Ärende 3")
    repo.add_child(child)
    return child


def test_plan_points_are_added_per_column_and_followed_up_with_history(
    repo, pinned, app_main
):
    """Add to *Skolan ska* and *Andra ska* (with who), then mark one continuing."""
    child = new_child(repo)
    with Harness(app_main, route=f"/arbete/barn/{child.id}/plan") as h:
        unlock(h)
        h.type("point-text-school", "Resurslärare möter eleven varje morgon")
        h.type("point-start-school", "2026-11-24")
        h.type("point-follow-school", "2026-12-08")
        h.click("add-point-school")
        h.type("point-text-others", "Föräldrastöd")
        h.type("point-who-others", "BUP")
        h.click("add-point-others")
        (point,) = repo.load_plan(child.id).column(PlanOwner.SCHOOL)
        h.type(f"point-note-{point.id}", "Fungerar bra")
        h.click(f"point-continuing-{point.id}")
        assert h.find(f"point-status-{point.id}").value == "Fortsätter"
    plan = repo.load_plan(child.id)
    (school,) = plan.column(PlanOwner.SCHOOL)
    assert school.status is PointStatus.CONTINUING
    assert school.history[0].note == "Fungerar bra"
    assert str(school.follow_up) == "2026-12-08"
    (others,) = plan.column(PlanOwner.OTHERS)
    assert (others.who, others.text) == ("BUP", "Föräldrastöd")


def test_a_badly_typed_plan_date_is_explained_and_nothing_is_added(
    repo, pinned, app_main
):
    """'1/12' is refused with the expected format; the plan stays empty."""
    child = new_child(repo)
    with Harness(app_main, route=f"/arbete/barn/{child.id}/plan") as h:
        unlock(h)
        h.type("point-text-student", "Äta lunch i skolan")
        h.type("point-start-student", "1/12")
        h.click("add-point-student")
        assert h.find("point-text-student").error == "Skriv datum som 2026-12-01."
    assert repo.load_plan(child.id).points == ()


def test_before_the_meeting_the_child_sees_it_and_says_how_to_take_part(
    repo, pinned, app_main
):
    """Counsellor adds people and a point; the child sees them and chooses."""
    child = new_child(repo)
    with Harness(app_main, route=f"/arbete/barn/{child.id}/mote") as h:
        unlock(h)
        h.type("participant-name", "Lärare L")
        h.click("participant-add")
        h.type("meeting-when", "2026-12-01 13:30")
        h.type("meeting-where", "Skolans konferensrum")
        h.click("meeting-when-save")
        h.type("topic-text", "Rasterna")
        h.click("topic-add")
        h.click("show-before")
        assert h.route == "/barn/infor-mote"
        texts = " ".join(h.texts())
        assert "Lärare L" in texts
        assert "Rasterna" in texts
        assert "Skolans konferensrum" in texts
        assert "tisdag 1 december 2026 13:30" in texts
        assert "Vi ska ha ett möte för att prata om hur vi kan hjälpa dig" in texts
        h.type("child-wants", "Jag vill ha kortare dagar")
        h.click("child-wants-save")
        h.click("participation-answers_read")
    (session,) = repo.sessions(child.id)
    sheets = repo.load_meeting(child.id, session.id)
    assert sheets.participation is Participation.ANSWERS_READ
    assert sheets.child_wants_known == "Jag vill ha kortare dagar"
    assert sheets.when.isoformat() == "2026-12-01T13:30:00"


def test_after_the_meeting_the_child_sees_the_plan_and_rates_being_heard(
    repo, pinned, app_main
):
    """*Efter mötet* shows the plan in child words; the child picks *Lite*."""
    child = new_child(repo)
    session = Session.new(child.id)
    repo.save_session(session)
    repo.update_plan(
        child.id,
        lambda p: p.add_point(
            PlanOwner.STUDENT,
            "Eleven går till första lektionen",
            child_text="Du går till första lektionen",
        ),
    )
    with Harness(app_main, route=f"/arbete/barn/{child.id}/mote") as h:
        unlock(h)
        h.click("show-after")
        assert h.route == "/barn/efter-motet"
        assert h.exists("child-plan-student")
        assert "Det här ska du göra" in h.texts()
        assert "• Du går till första lektionen" in h.texts()
        assert "• Eleven går till första lektionen" not in h.texts()
        h.click("listened-some")
    assert repo.load_meeting(child.id, session.id).listened.value == "some"
    assert repo.load_meeting(child.id, session.id).held


def test_a_follow_up_session_starts_with_the_plan_and_what_was_said_last(
    repo, pinned, app_main
):
    """The next session opens on *Det här bestämde vi sist*, before the exercises."""
    child = new_child(repo)
    first = Session.new(child.id)
    first = replace(first, grid=first.grid.toggle("maths", Level.FUN))
    repo.save_session(first)
    repo.update_plan(
        child.id,
        lambda p: p.add_point(
            PlanOwner.SCHOOL,
            "Lugn plats på rasten",
            child_text="Du får en lugn plats på rasten",
        ),
    )
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click("new-session")
        h.click("confirm-start")
        assert h.route == "/barn/sist"
        texts = h.texts()
        assert "Du får en lugn plats på rasten" in " ".join(texts)
        assert "Matte" in texts
        h.click("last-time-next")
        assert h.route == "/barn"


def test_history_shows_each_items_marks_per_session_and_school_hours(
    repo, pinned, app_main
):
    """Two sessions: Matte's marks in both columns, a bar per session for the
    hours at school and the wishes, and the same figures as text."""
    from app.domain import day as d
    from app.domain.models import DayAnswers, DayEntry

    child = new_child(repo)
    one = Session.new(child.id)
    one = replace(
        one,
        grid=one.grid.toggle("maths", Level.BORING_HARD),
        day=DayAnswers(
            timeline=(
                DayEntry("a", "lessons", 480),
                DayEntry("b", "after_school", 780),
            )
        ),
    )
    two = Session.new(child.id)
    two = replace(
        two,
        grid=two.grid.toggle("maths", Level.FUN),
        day=d.toggle_pick(
            d.toggle_pick(DayAnswers(), "places.more", "park"), "places.more", "bus"
        ),
    )
    repo.save_session(one)
    repo.save_session(two)
    with Harness(app_main, route=f"/arbete/barn/{child.id}/historik") as h:
        unlock(h)
        assert h.exists("history-maths")
        assert not h.exists("history-music")
        hours = h.find("history-hours-chart")
        assert [[r.to_y for r in g.rods] for g in hours.groups] == [[5.0], [0.0]]
        wishes = h.find("history-wishes-chart")
        assert [[r.to_y for r in g.rods] for g in wishes.groups] == [[0.0], [2.0]]
        texts = " ".join(h.texts())
        assert "5,0 h i skolan" in texts
        assert "ingen skoltid, 2 önskningar" in texts


def test_history_shows_the_childs_rating_of_each_plan_point_per_session(
    repo, pinned, app_main
):
    """Each plan point the child rated has its rating, in words, under the
    session it was given in."""
    from app.domain.models import Evaluation

    child = new_child(repo)
    plan = repo.update_plan(
        child.id, lambda p: p.add_point(PlanOwner.PARENTS, "Väcka i tid")
    )
    (point,) = plan.points
    one = replace(Session.new(child.id), evaluations={point.id: Evaluation.WORSE})
    two = replace(Session.new(child.id), evaluations={point.id: Evaluation.BETTER})
    repo.save_session(one)
    repo.save_session(two)
    with Harness(app_main, route=f"/arbete/barn/{child.id}/historik") as h:
        unlock(h)
        assert h.find(f"history-evaluation-{point.id}-{one.id}").value == "Sämre"
        assert h.find(f"history-evaluation-{point.id}-{two.id}").value == "Bättre"


def test_the_after_sheet_prints_in_the_familys_language(repo, pinned, app_main):
    """*Skriv ut Efter mötet* in Arabic downloads a PDF named for Arabic."""
    child = new_child(repo)
    repo.save_session(Session.new(child.id))
    repo.update_plan(child.id, lambda p: p.add_point(PlanOwner.PARENTS, "Väcka i tid"))
    with Harness(app_main, route=f"/arbete/barn/{child.id}/mote") as h:
        unlock(h)
        h.event("print-language", "select", "ar")
        h.click("print-after")
        (saved,) = [i for i in h.invocations if i.name == "save_file"]
        assert saved.args["src_bytes"][:5] == b"%PDF-"
        assert saved.args["file_name"].endswith("-ar.pdf")


def test_history_lists_calm_contexts_beside_worrying_ones(repo, pinned, app_main):
    """Feelings across sessions: grandma's home in the protective list, the
    bus in the worrying one, each with how many sessions said so."""
    from app.domain import day as d
    from app.domain.models import DayAnswers, Feeling

    child = new_child(repo)
    day = d.toggle_pick(DayAnswers(), "places.day", "bus")
    day = d.toggle_pick(day, "places.day", "grandparents_home")
    day = d.set_feeling(day, "bus", Feeling.WORRIED)
    day = d.set_feeling(day, "grandparents_home", Feeling.CALM)
    repo.save_session(replace(Session.new(child.id), day=day))
    repo.save_session(
        replace(Session.new(child.id), day=d.set_feeling(day, "bus", Feeling.SAD))
    )
    with Harness(app_main, route=f"/arbete/barn/{child.id}/historik") as h:
        unlock(h)
        assert h.exists("history-good-grandparents_home")
        assert h.exists("history-hard-bus")
        assert not h.exists("history-good-bus")
        assert "i 2 av 2 samtal" in h.texts()


def test_the_agenda_is_generated_edited_and_shown_to_the_child_as_what_happens_after(
    repo, pinned, app_main
):
    """The booklet's agenda appears; the counsellor sets the frame, drops an
    item and adds one; the child's *Inför möte* says how notes are shared."""
    child = new_child(repo)
    with Harness(app_main, route=f"/arbete/barn/{child.id}/mote") as h:
        unlock(h)
        assert h.find("agenda-item-2").value == "3. Barnets röst"
        assert not h.exists("agenda-remove-2")
        h.type("agenda-leader", "Rektor")
        h.type("agenda-note-taker", "Kurator")
        h.type("agenda-notes-shared", "Hem med posten")
        h.type("agenda-time-frame", "13.30–15.00")
        h.click("agenda-frame-save")
        h.click("agenda-remove-0")
        h.type("agenda-own-text", "Skolskjutsen")
        h.click("agenda-own-add")
        assert h.find("agenda-item-0").value.endswith(
            "Sammanhangsmarkering: syfte, spelregler, vem leder, vem antecknar"
        )
        h.click("show-before")
        assert "Hem med posten" in " ".join(h.texts())
    (session,) = repo.sessions(child.id)
    agenda = repo.load_meeting(child.id, session.id).agenda
    assert (agenda.leader, agenda.note_taker) == ("Rektor", "Kurator")
    assert agenda.time_frame == "13.30–15.00"
    assert [i.text for i in agenda.items][-2] == "Skolskjutsen"
    assert agenda.items[0].key == "framing"


def test_a_plan_point_cites_a_grid_answer_and_the_child_sees_only_its_du_version(
    repo, pinned, app_main
):
    """The counsellor links a point to *Rastaktiviteter: Gillar inte alls* and
    writes the child's version; the child's plan shows that version only."""
    child = new_child(repo)
    session = Session.new(child.id)
    session = replace(
        session, grid=session.grid.toggle("break_activities", Level.DISLIKE)
    )
    repo.save_session(session)
    repo.update_plan(
        child.id, lambda p: p.add_point(PlanOwner.SCHOOL, "Lugn plats på rasten")
    )
    (point,) = repo.load_plan(child.id).points
    with Harness(app_main, route=f"/arbete/barn/{child.id}/plan") as h:
        unlock(h)
        assert h.exists(f"point-no-child-text-{point.id}")
        h.event(f"point-cite-{point.id}", "select", "grid:break_activities")
        assert "Rastaktiviteter: Gillar inte alls" in " ".join(h.texts())
        h.type(f"point-child-text-{point.id}", "Du får en lugn plats på rasten.")
        h.click(f"point-versions-save-{point.id}")
        h.type("plan-goal", "Må bättre i skolan")
        h.type("plan-sub-goals", "Lugnare raster\nHela dagar")
        h.type("plan-coordinator", "Kim")
        h.click("plan-goals-save")
    plan = repo.load_plan(child.id)
    (point,) = plan.points
    assert point.answers == ("grid:break_activities",)
    assert point.child_text == "Du får en lugn plats på rasten."
    assert plan.sub_goals == ("Lugnare raster", "Hela dagar")
    assert plan.coordinator == "Kim"


def test_the_meeting_view_shows_the_childs_voice_but_nothing_kept_for_me(
    repo, pinned, app_main
):
    """From the meeting page the full-screen view opens: the child's words and
    a starred answer are there, an answer kept *bara för mig* is not."""
    child = new_child(repo)
    session = Session.new(child.id)
    grid = session.grid.toggle("maths", Level.FUN).toggle("music", Level.FUN)
    session = replace(
        session,
        grid=grid,
        starred=("grid:maths",),
        private=frozenset({"grid:music"}),
    )
    repo.save_session(session)
    repo.update_meeting(
        child.id,
        session.id,
        lambda m: replace(m, child_wants_known="Jag vill ha lugnare raster"),
    )
    with Harness(app_main, route=f"/arbete/barn/{child.id}/mote") as h:
        unlock(h)
        h.click("open-meeting-view")
        assert h.route == f"/arbete/barn/{child.id}/barnets-rost"
        texts = h.texts()
        assert "”Jag vill ha lugnare raster”" in texts
        assert h.exists("view-starred")
        assert "Matte" in texts
        assert "Musik" not in texts
        h.click("meeting-view-close")
        assert h.route == f"/arbete/barn/{child.id}/mote"


def test_a_child_who_will_not_be_there_chooses_to_have_the_view_shown(
    repo, pinned, app_main
):
    """*Jag är inte med – visa det här* on *Inför möte* is kept, said in the
    case file's words and shown at the top of the meeting view."""
    from app.domain.summary import meeting_sentences

    child = new_child(repo)
    session = Session.new(child.id)
    repo.save_session(session)
    with Harness(app_main, route=f"/arbete/barn/{child.id}/mote") as h:
        unlock(h)
        h.click("show-before")
        h.click("participation-show_view")
    sheets = repo.load_meeting(child.id, session.id)
    assert sheets.participation is Participation.SHOW_VIEW
    assert "vill att de vuxna ser elevens svar i mötesvyn" in " ".join(
        meeting_sentences(sheets)
    )
