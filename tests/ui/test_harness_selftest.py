"""Self-test of the headless UI harness against a tiny declarative Flet app."""

from __future__ import annotations

from dataclasses import dataclass, field

import flet as ft
import pytest
from harness import Harness

# --------------------------------------------------------------------------
# Sample app (test-only; deliberately not under app/)
# --------------------------------------------------------------------------


@ft.observable
@dataclass
class Store:
    items: list[str] = field(default_factory=list)

    def add_item(self, name: str) -> None:
        self.items.append(name)


StoreContext = ft.create_context(None)


@ft.component
def ItemList(store: Store):
    # `store` is an observable argument: its verbs must re-render this.
    return ft.Column(
        [
            ft.Text(f"{len(store.items)} items", key="item-count"),
            *[ft.Text(item, key=f"item-{i}") for i, item in enumerate(store.items)],
            ft.Button("Add apple", key="add", on_click=lambda: store.add_item("apple")),
        ]
    )


@ft.component
def Home():
    store = ft.use_context(StoreContext)
    count, set_count = ft.use_state(0)
    name, set_name = ft.use_state("")
    page = ft.context.page

    def on_name_change(e: ft.ControlEvent):
        set_name(e.control.value)

    return ft.Column(
        [
            ft.Text(f"Count: {count}", key="count"),
            ft.Button("Increment", key="inc", on_click=lambda: set_count(count + 1)),
            ft.Button(
                "Reset", key="reset", disabled=count == 0, on_click=lambda: set_count(0)
            ),
            ft.TextField(
                key="name", label="Name", value=name, on_change=on_name_change
            ),
            ft.Text(f"Hello, {name}!" if name else "Who are you?", key="greeting"),
            ItemList(store),
            ft.Button(
                "Open item 7", key="open-7", on_click=lambda: page.navigate("/item/7")
            ),
        ]
    )


@ft.component
def ItemScreen():
    params = ft.use_route_params()
    return ft.Column(
        [
            ft.Text(f"Item {params['id']}", key="item-title"),
            ft.Button(
                "Home", key="home", on_click=lambda: ft.context.page.navigate("/")
            ),
        ]
    )


@ft.component
def App(store: Store):
    return StoreContext(
        store,
        lambda: ft.Router(
            [
                ft.Route(index=True, component=Home),
                ft.Route(path="item/:id", component=ItemScreen),
            ]
        ),
    )


def make_main(store: Store | None = None):
    def main(page: ft.Page):
        page.title = "Harness self-test"
        page.render(App, store if store is not None else Store())

    return main


@pytest.fixture
def h():
    with Harness(make_main()) as harness:
        yield harness


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------


def test_app_mounts_with_title_and_home_screen(h: Harness):
    assert h.route == "/"
    assert h.page.title == "Harness self-test"
    assert h.find("count").value == "Count: 0"
    assert "Increment" in h.texts()
    assert h.find(ft.ValueKey("inc")) is h.find("inc")


def test_clicking_increment_increases_the_counter(h: Harness):
    h.click("inc")
    h.click("inc")
    assert h.find("count").value == "Count: 2"
    assert "Count: 2" in h.texts()


def test_store_verb_rerenders_the_component_observing_it():
    store = Store()
    with Harness(make_main(store)) as h:
        h.click("add")
        h.click("add")
        assert store.items == ["apple", "apple"]
        assert h.find("item-count").value == "2 items"
        assert h.find("item-1").value == "apple"
        # mutating the store from outside (e.g. a background job) re-renders too
        h.run_in_app(lambda: store.add_item("pear"))
        assert h.find("item-count").value == "3 items"
        assert "pear" in h.texts()


def test_typing_into_a_field_updates_the_greeting(h: Harness):
    h.type("name", "Saga")
    assert h.find("name").value == "Saga"
    assert h.find("greeting").value == "Hello, Saga!"
    h.type("name", "")
    assert h.find("greeting").value == "Who are you?"


def test_button_navigation_changes_route_and_renders_the_param(h: Harness):
    h.click("open-7")
    assert h.route == "/item/7"
    assert h.find("item-title").value == "Item 7"
    assert not h.exists("inc")
    assert [i.name for i in h.invocations] == ["push_route"]
    h.click("home")
    assert h.route == "/"
    assert h.find("count").value == "Count: 0"


def test_navigating_by_url_renders_the_matching_screen(h: Harness):
    h.navigate("/item/42")
    assert h.route == "/item/42"
    assert h.find("item-title").value == "Item 42"
    h.navigate("/")
    assert h.exists("inc")


def test_starting_on_a_deep_link_renders_that_screen():
    with Harness(make_main(), route="/item/3") as h:
        assert h.find("item-title").value == "Item 3"


def test_async_main_is_supported():
    async def main(page: ft.Page):
        page.render(App, Store())

    with Harness(main) as h:
        h.click("inc")
        assert h.find("count").value == "Count: 1"


def test_missing_key_error_lists_the_keys_that_exist(h: Harness):
    with pytest.raises(AssertionError) as err:
        h.find("nope")
    message = str(err.value)
    assert "'nope'" in message
    assert "'inc'" in message
    assert "'name'" in message
    assert not h.exists("nope")


def test_clicking_a_control_without_click_event_is_an_error(h: Harness):
    with pytest.raises(AssertionError, match="has no event 'on_click'"):
        h.click("count")


def test_disabled_button_cannot_be_clicked_until_enabled(h: Harness):
    with pytest.raises(AssertionError, match="disabled"):
        h.click("reset")
    h.click("inc")
    h.click("reset")
    assert h.find("count").value == "Count: 0"


def test_controls_of_a_previous_screen_cannot_be_clicked(h: Harness):
    h.navigate("/item/7")
    with pytest.raises(AssertionError, match="No control with key 'inc'"):
        h.click("inc")


def test_handler_exception_surfaces_as_assertion_error():
    @ft.component
    def Broken():
        def boom():
            raise ValueError("kaboom")

        return ft.Button("Boom", key="boom", on_click=boom)

    with Harness(lambda page: page.render(Broken)) as h:
        with pytest.raises(AssertionError, match="kaboom"):
            h.click("boom")
        h.settle()  # the error is reported once, then cleared


def test_two_harnesses_in_one_test_do_not_interfere():
    store1, store2 = Store(), Store()
    with Harness(make_main(store1)) as h1, Harness(make_main(store2)) as h2:
        h1.click("inc")
        h1.click("inc")
        h2.click("inc")
        h2.type("name", "Ali")
        h1.click("add")
        h1.navigate("/item/1")

        assert h1.route == "/item/1"
        assert h1.find("item-title").value == "Item 1"
        assert h2.route == "/"
        assert h2.find("count").value == "Count: 1"
        assert h2.find("greeting").value == "Hello, Ali!"
        assert store1.items == ["apple"]
        assert store2.items == []

        h1.navigate("/")
        assert h1.find("count").value == "Count: 0"  # Home remounted: fresh state
        assert h1.find("item-count").value == "1 items"


def test_error_in_main_fails_harness_construction():
    def main(page: ft.Page):
        raise RuntimeError("main exploded")

    with pytest.raises(AssertionError, match="main exploded"):
        Harness(main)


def test_change_never_sent_to_client_is_reported():
    def main(page: ft.Page):
        label = ft.Text("before", key="label")

        def sneaky(e):
            ft.context.disable_auto_update()
            label.value = "after"  # server tree changes, nothing is sent

        page.add(label, ft.Button("Go", key="go", on_click=sneaky))

    with Harness(main) as h, pytest.raises(AssertionError, match="diverged"):
        h.click("go")


@ft.component
def _BreaksOnSecondRender():
    count, set_count = ft.use_state(0)
    if count:
        raise RuntimeError("render broke")
    return ft.Button("go", key="go", on_click=lambda _e: set_count(1))


def test_an_error_while_re_rendering_fails_the_test_loudly():
    """Flet drops re-render errors silently; the harness must not."""
    with (
        Harness(lambda page: page.render(_BreaksOnSecondRender)) as h,
        pytest.raises(AssertionError, match="render broke"),
    ):
        h.click("go")
