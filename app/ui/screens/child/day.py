"""*En vanlig dag*: twelve short screens, one prompt each, in the booklet's order.

Every step looks the same: *Tillbaka* top left, *Ångra* and *Nästa* top right,
a row of dots under them (grouped by column, each group with its picture, the
current dot big) so the child sees how far they are without numbers, then the
question with *Vet inte* and *Vill inte svara* always in the same place.

The first step is the day's timeline: the child taps an activity, it lands at
its usual time and the clock opens on it, so mostly the child only confirms.
The other steps are picture picks; a wish offers first what the child chose
earlier (``offers_first_from``) and leaves out what they already do
(``excludes_from``).

Places and persons are *not* tied to a part of the day. The booklet asks only
"var du är" and "vem du brukar vara tillsammans med"; a second question per
picture (morning? school? evening?) would double the taps and ask a child to
think in a table, which is exactly what tires the children this is for. The
timeline already shows when things happen, and the counsellor can ask "when
are you with grandma?" while looking at the summary together.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.catalog import PromptKind
from app.domain.models import Feeling
from app.ui.components.child_frame import ChildFrame, big_button
from app.ui.components.day_pieces import (
    NARROW,
    labelled,
    pick_body,
    pick_ids,
    question_row,
)
from app.ui.components.day_progress import progress_row
from app.ui.components.day_timeline import timeline_body
from app.ui.components.feeling import feeling_panel
from app.ui.components.own_item import COLUMN_SHELVES, OwnItemForm, over
from app.ui.components.screenful import use_first_screenful
from app.ui.components.speaker import use_reader
from app.ui.context import use_session_store, use_translator
from app.ui.routes import ROUTE_CHILD_HOME, go, step_route
from app.ui.state import SessionStore, day_scope, remember_position

# --- route adapters ------------------------------------------------------------


@ft.component
def DayScreen() -> ft.Control:
    """Route adapter for ``/barn/dag``: send the child to the step they were on."""
    store = use_session_store()
    return DayResume(store)


@ft.component
def DayResume(store: SessionStore) -> ft.Control:
    """Navigate to the stored step once; nothing to see in between."""
    step = day_rules.resume_step(store.session.position)
    ft.use_effect(lambda: go(step_route(step)), [])
    return ft.Container(expand=True)


@ft.component
def DayStepScreen() -> ft.Control:
    """Route adapter for ``/barn/dag/:step``: one prompt of the day."""
    store = use_session_store()
    params = ft.use_route_params()
    step = params.get("step", "")
    if step not in day_rules.STEPS:
        step = day_rules.STEPS[0]
    # The layout measured on one step holds for the next: a step measuring
    # itself anew rendered itself twice. Only narrow or wide is kept, so the
    # content's first measure (a little less than the page) renders nothing
    # again unless it crosses ``NARROW``.
    page = ft.context.page
    narrow, set_narrow = ft.use_state(lambda: (page.width or 1280) < NARROW)
    measured = ft.use_callback(lambda w: set_narrow(w < NARROW), [])
    # One view for every step (no key per step): on *Nästa* what two steps
    # share is kept, not built, diffed and sent again.
    return DayStepView(store, step, narrow, measured)


# --- the step screen -----------------------------------------------------------


@ft.component
def _DayStepView(
    store: SessionStore,
    step: str,
    narrow: bool,
    measured: Callable[[float], None],
) -> ft.Control:
    """One prompt of the day with the same frame, progress and answers as all;
    ``narrow``: the content was last measured narrower than ``NARROW``
    (``measured`` is told each width the content measures)."""
    _ = use_translator()
    reader = use_reader()
    # View state belongs to the step it was opened on: a new step starts with
    # no open form or editor (the view itself is kept from step to step).
    adding_on, set_adding_on = ft.use_state(None)
    editing_on, set_editing_on = ft.use_state((None, None))
    feeling_for, set_feeling_for = ft.use_state(None)
    adding = adding_on == step
    editing = editing_on[1] if editing_on[0] == step else None

    def set_adding(value: bool) -> None:
        set_adding_on(step if value else None)

    def set_editing(entry_id: str | None) -> None:
        set_editing_on((step, entry_id) if entry_id else (None, None))

    # Taps on a kept picture act on the step on screen: the same callables on
    # every step, so the pictures (``PickTile``) are kept too.
    on_screen = ft.use_ref(step)
    on_screen.current = step
    pick = ft.use_callback(
        lambda item_id: store.toggle_day_pick(on_screen.current, item_id), [store]
    )
    remove = ft.use_callback(
        lambda item_id: store.remove_day_custom_item(item_id, on_screen.current),
        [store],
    )
    scroller = ft.use_memo(lambda: ft.Ref[ft.Column](), [])
    shown = ft.use_ref(step)

    async def new_step() -> None:
        """On a new step: forget the last one's form, editor and scrolling."""
        if shown.current == step:
            return
        shown.current = step
        if adding_on is not None:
            set_adding_on(None)
        if editing_on != (None, None):
            set_editing_on((None, None))
        if feeling_for is not None:
            set_feeling_for(None)
        column = scroller.current
        if column is not None and prompt.kind != PromptKind.TIMELINE:
            await column.scroll_to(offset=0, duration=0)

    ft.use_effect(remember_position(store, day_rules.position_of(step)), [step])
    ft.use_effect(new_step, [step])
    build = use_first_screenful(step, pick_ids(store, step))

    prompt = day_rules.prompt(step)
    previous = day_rules.previous_step(step)

    def own_added(item_id: str | None) -> None:
        set_adding(False)
        if item_id and prompt.kind == PromptKind.TIMELINE:
            entry = day_rules.latest_entry_of(store.day, item_id)
            set_editing(entry.id if entry else None)
        elif item_id and scroller.current is not None:
            # Own pictures come last: the child sees the new one, not a grid
            # that looks as before when it landed below the fold.
            ft.context.page.run_task(
                scroller.current.scroll_to, offset=-1, duration=300
            )

    # The same callable on every render, so the pictures stay kept (PickTile).
    feel = ft.use_callback(lambda item_id: set_feeling_for(item_id), [])
    on_feel = feel if step in catalog.FEELING_PROMPTS else None

    def felt(feeling: Feeling | None) -> None:
        """Keep the feeling and hear its word (as a pen says its name)."""
        if feeling_for is not None:
            store.set_day_feeling(step, feeling_for, feeling)
        set_feeling_for(None)
        if reader and feeling is not None:
            reader.say(_(catalog.FEELINGS[feeling].label))

    if prompt.kind == PromptKind.TIMELINE:
        base = timeline_body(
            _, store, narrow, editing, set_editing, set_adding, reader, on_feel
        )
    else:
        base = pick_body(
            _,
            store,
            step,
            lambda: set_adding(True),
            reader,
            pick=pick,
            remove=remove,
            scroller=scroller,
            on_feel=on_feel,
            build=build,
        )
    layer: ft.Control | None = None
    if adding:
        layer = OwnItemForm(
            lambda label, picture: store.add_day_custom_item(step, label, picture),
            own_added,
            COLUMN_SHELVES[day_rules.prompt(step).column],
        )
    elif feeling_for in day_rules.feeling_contexts(store.day):
        view = day_rules.item_view(store.day, feeling_for)
        layer = feeling_panel(
            _,
            labelled(_, view),
            view.pictogram,
            day_rules.feeling_of(store.day, feeling_for),
            felt,
            reader,
        )

    def close_layer() -> None:
        set_adding(False)
        set_feeling_for(None)

    # The form and the faces cover the whole step (its own *Vet inte* too, and
    # *Nästa* above), which keeps its scroll place under them.
    content = over(
        ft.Column(
            [
                progress_row(store.day, step),
                question_row(_, store, step, narrow, reader),
                base,
            ],
            spacing=12,
            expand=True,
        ),
        layer,
    )
    return ChildFrame(
        title=_(catalog.COLUMN_TITLES[prompt.column]),
        subtitle=_(catalog.DAY_TITLE),
        # *Tillbaka* over the faces or the form closes them (one way back).
        on_back=close_layer
        if layer is not None
        else lambda: go(step_route(previous) if previous else ROUTE_CHILD_HOME),
        actions=[]
        if layer is not None
        else [
            big_button(
                "undo",
                _("Ångra"),
                ft.Icons.UNDO,
                (lambda: store.undo(day_scope(step)))
                if store.can_undo(day_scope(step))
                else None,
            ),
            big_button(
                "day-next",
                _("Nästa"),
                ft.Icons.ARROW_FORWARD,
                lambda: go(step_route(day_rules.next_step(step))),
                primary=True,
            ),
        ],
        notice=store.notice,
        on_dismiss_notice=store.dismiss_notice,
        content=ft.Container(
            key="day-content",
            content=content,
            expand=True,
            on_size_change=lambda e: measured(e.width),
        ),
    )


DayStepView = ft.memo(_DayStepView)
