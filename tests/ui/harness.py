"""Headless test harness for the Flet 1.0.5 app: a real server, a fake client.

`Harness(main)` builds a real flet `Session`/`Page` on an in-process
`Connection`, plays the Flutter client's side of the protocol (the
register-client handshake, control events, property updates, method
invocations such as `push_route`) and runs the whole thing on a private
asyncio loop. Tests drive it synchronously: find controls by `key`, dispatch
events exactly as the client would send them, and read the re-rendered tree.

This is the ONLY module that may import flet internals (`flet.messaging`,
`flet.controls.context`, ...). When flet is upgraded, fix things here.

What the fake client reproduces (flet 1.0.5, client = packages/flet/lib in
flet-dev/flet, server = flet_web/fastapi/flet_app.py):

* register: the page props a browser sends (route, width, height, web, ...),
  `Session.apply_page_patch`, a REGISTER_CLIENT reply carrying
  `Session.get_page_patch()`, then `main(page)` in its own task.
* every server -> client message is packed with the server's msgpack encoder
  (`configure_encode_object_for_msgpack`). Packing is NOT optional: it records
  the `__prev_*` snapshots the next diff is computed against.
* every client -> server message is msgpack round-tripped, then handled the
  way `FletApp.__on_message` handles it (events run in their own task).
* click/change/submit: only for controls the client would let the user touch
  (visible, not disabled, on the top view) and only when the matching `on_*`
  handler is set (the client checks `on_<event> == true` before sending).
* `page.push_route()` / `page.navigate()`: the client answers the
  `push_route` method call by sending `{route}` as a property update plus a
  `route_change` event, exactly like a URL change in the browser.
* the client keeps its own copy of the tree, built only from the bytes it
  received (patches applied like control.dart `applyPatch`). Visibility,
  `disabled` and `on_*` flags are checked there, and after every settle its
  texts/keys must match the server tree (`check_client=True`), so a change
  that was never sent to the browser fails the test.
* `Harness(main, beside=other)`: a second browser session (tab) of the same
  server process, sharing its event loop and its `PubSubHub`, as FletApp's
  sessions do; settling waits for every session on the loop.

Traps this module handles (each one silently breaks tests otherwise):
* `Page` holds only a weakref to its `Session`: the harness keeps the Session.
* skipping the msgpack packing of the register reply / patches leaves the
  `__prev_*` snapshots unset: nothing mounts, the tree is empty.
* `_context_page` is a ContextVar: every `run_until_complete` is a new task
  with a copied context, so the page is re-bound at the start of each one.
* handler exceptions are swallowed by `Session.dispatch_event` and only sent
  to the client as SESSION_CRASHED: the harness turns them into failures.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import inspect
import logging
import time
import traceback
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

import flet as ft
import msgpack
from flet.controls.base_control import BaseControl
from flet.controls.context import _context_page, context
from flet.controls.dialog_control import DialogControl
from flet.controls.exceptions import FletPageDisconnectedException
from flet.messaging.connection import Connection
from flet.messaging.protocol import (
    ControlEventBody,
    InvokeMethodResponseBody,
    Message,
    MessageAction,
    RegisterClientResponseBody,
    UpdateControlPropsBody,
    configure_encode_object_for_msgpack,
    decode_ext_from_msgpack,
)
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub

from app.web import presented_device

__all__ = ["THIS_BROWSER", "Harness", "Invocation"]

THIS_BROWSER = "harness-browser-device-secret-0123456789abc"
"""The device secret every Harness presents unless told otherwise: a reload
(a new Harness) is the same browser, as a real browser brings its cookie."""

logger = logging.getLogger("tests.ui.harness")

_ENCODE = configure_encode_object_for_msgpack(BaseControl)
_COMPONENT_CLS: type | None = None


def _component_cls() -> type:
    # flet.components is imported lazily by flet itself; do the same.
    global _COMPONENT_CLS
    if _COMPONENT_CLS is None:
        from flet.components.component import Component

        _COMPONENT_CLS = Component
    return _COMPONENT_CLS


@dataclass
class Invocation:
    """A method call the server asked the client to perform."""

    control: BaseControl | None
    name: str
    args: Any


InvokeHandler = Callable[[Invocation], Any]


@dataclass
class _Node:
    control: BaseControl
    ancestors: tuple[BaseControl, ...]
    shown: bool
    disabled: bool
    hidden_by: str | None  # why the user cannot see it
    disabled_by: BaseControl | None


# --------------------------------------------------------------------------
# The client's copy of the control tree
# --------------------------------------------------------------------------


@dataclass
class _ClientNode:
    props: dict[str, Any]
    shown: bool
    disabled: bool


def _is_control_map(obj: Any) -> bool:
    return isinstance(obj, dict) and "_c" in obj and "_i" in obj


def _control_maps(obj: Any) -> Iterator[dict[str, Any]]:
    """Every control map in ``obj`` (itself first), depth first."""
    if isinstance(obj, list):
        for item in obj:
            yield from _control_maps(item)
    elif isinstance(obj, dict):
        if _is_control_map(obj):
            yield obj
        for v in obj.values():
            yield from _control_maps(v)


class _ClientTree:
    """What the Flutter client holds: decoded maps, patched like control.dart.

    Built only from the bytes the server sent, so a UI change that never
    reached the client (no patch) is visible as a divergence from the
    server-side control tree.
    """

    def __init__(self):
        self.page: dict[str, Any] = {}

    def register(self, client_props: dict[str, Any], page_patch: dict[str, Any]):
        self.page = dict(client_props)
        self.update(self.page, page_patch)

    def update(self, dst: dict[str, Any], src: dict[str, Any]):
        """control.dart Control.update/_mergeMaps: deep-merge props."""
        for k, v in src.items():
            cur = dst.get(k)
            if isinstance(cur, dict) and isinstance(v, dict):
                if _is_control_map(cur) and cur["_i"] != v.get("_i", cur["_i"]):
                    dst[k] = v
                else:
                    self.update(cur, v)
            elif k not in ("_i", "_c") or k not in dst:
                dst[k] = v

    def controls(self) -> Iterator[dict[str, Any]]:
        stack: list[Any] = [self.page]
        while stack:
            obj = stack.pop()
            if isinstance(obj, dict):
                if _is_control_map(obj):
                    yield obj
                stack.extend(reversed(list(obj.values())))
            elif isinstance(obj, list):
                stack.extend(reversed(obj))

    def get(self, control_id: int) -> dict[str, Any] | None:
        for c in self.controls():
            if c["_i"] == control_id:
                return c
        return None

    def apply_patch(self, control_id: int, patch: list[Any]):
        """control.dart Control.applyPatch."""
        root = self.get(control_id)
        if root is None:
            return  # the client ignores patches for unknown controls
        path_index: dict[int, list[Any]] = {}

        def build(node: list[Any], path: list[Any]):
            path_index[node[0]] = path
            if len(node) > 1 and isinstance(node[1], dict):
                for k, child in node[1].items():
                    build(child, [*path, k])

        build(patch[0], [])

        def target(index: int) -> Any:
            obj: Any = root
            for p in path_index[index]:
                obj = obj[p]
            return obj

        for op in patch[1:]:
            kind = op[0]
            if kind == 0:  # replace
                target(op[1])[op[2]] = op[3]
            elif kind == 1:  # add
                obj = target(op[1])
                if isinstance(obj, list):
                    obj.insert(op[2], op[3])
                else:
                    obj[op[2]] = op[3]
            elif kind == 2:  # remove
                obj = target(op[1])
                if isinstance(obj, list):
                    del obj[op[2]]
                else:
                    obj.pop(op[2], None)
            elif kind == 3:  # move
                src, dst = target(op[1]), target(op[3])
                value = src.pop(op[2])
                if isinstance(dst, list):
                    dst.insert(op[4], value)
                else:
                    dst[op[4]] = value
            else:
                raise AssertionError(f"Unknown patch operation {op!r}")

    def views(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []

        def collect(item: Any):
            if isinstance(item, list):
                for i in item:
                    collect(i)
            elif _is_control_map(item):
                if item["_c"] == "View":
                    out.append(item)
                elif item["_c"] == "C":
                    collect(item.get("_b"))

        collect(self.page.get("views"))
        return out

    def walk(self) -> Iterator[_ClientNode]:
        """Controls in tree order with what the client would show/enable."""
        views = self.views()
        top = views[-1] if views else None

        def visit(obj: Any, shown: bool, disabled: bool) -> Iterator[_ClientNode]:
            if isinstance(obj, list):
                for item in obj:
                    yield from visit(item, shown, disabled)
                return
            if not isinstance(obj, dict):
                return
            if _is_control_map(obj):
                if obj.get("visible", True) is False:
                    shown = False
                if obj["_c"] == "View" and obj is not top:
                    shown = False
                if obj.get("disabled") is True:
                    disabled = True
                yield _ClientNode(obj, shown, disabled)
            for k, v in obj.items():
                if k == "_dialogs" and isinstance(v, dict):
                    for d in v.get("controls") or []:
                        yield from visit(d, shown and bool(d.get("open")), disabled)
                elif isinstance(v, (dict, list)):
                    yield from visit(v, shown, disabled)

        yield from visit(self.page, True, False)

    def node(self, control_id: int) -> _ClientNode | None:
        for n in self.walk():
            if n.props["_i"] == control_id:
                return n
        return None

    def texts(self) -> list[str]:
        out: list[str] = []
        for n in self.walk():
            if not n.shown or n.props["_c"] == "C":
                continue
            if n.props["_c"] == "Text":
                value = n.props.get("value")
                if value not in (None, ""):
                    out.append(str(value))
            elif isinstance(n.props.get("content"), str) and n.props["content"]:
                out.append(n.props["content"])
        return out

    def shown_keys(self) -> list[Any]:
        out = []
        for n in self.walk():
            key = n.props.get("key")
            if n.shown and key is not None and n.props["_c"] != "C":
                out.append(key.get("value") if isinstance(key, dict) else key)
        return out


# --------------------------------------------------------------------------
# The fake Flutter client (a flet Connection)
# --------------------------------------------------------------------------


class _FakeClient(Connection):
    """Plays the Flutter client. The Session sends to it; it answers."""

    def __init__(self, loop: asyncio.AbstractEventLoop, route: str):
        super().__init__()
        self.loop = loop
        self.page_name = ""
        self.page_url = "http://127.0.0.1:8550"
        self.session: Session | None = None
        self.route = route  # what the browser address bar shows
        self.session_id: str | None = None
        self.messages: list[tuple[MessageAction, Any]] = []
        self.frames: list[bytes] = []
        """Each message as packed for the WebSocket (``messages`` holds them
        decoded, and the client tree patches those maps in place)."""
        self.errors: list[str] = []
        self.invocations: list[Invocation] = []
        self.invoke_handlers: dict[str, InvokeHandler] = {}
        self.tasks: set[asyncio.Task] = set()
        self.executor_futures: set[concurrent.futures.Future] = set()
        self.tree = _ClientTree()
        self.register_props: dict[str, Any] = {}
        self.audio_loads = True
        """Whether an ``Audio`` service reports ``loaded`` after its src changes."""
        self.audio_sources: list[tuple[int, Any]] = []
        """Every (Audio id, src) the client was asked to load, oldest first."""
        self._audio_src: dict[int, Any] = {}

    # -- server -> client -------------------------------------------------

    def send_message(self, message: Message):
        # Same bytes as FletApp.send_message puts on the websocket.
        packed = msgpack.packb([message.action, message.body], default=_ENCODE)
        self.frames.append(packed)
        action_code, body = msgpack.unpackb(
            packed, ext_hook=decode_ext_from_msgpack, strict_map_key=False
        )
        action = MessageAction(action_code)
        try:
            on_loop = asyncio.get_running_loop() is self.loop
        except RuntimeError:
            on_loop = False
        if on_loop:
            self._receive(action, body)
        else:  # page.update() from a page.run_thread() worker
            self.loop.call_soon_threadsafe(self._receive, action, body)

    def _receive(self, action: MessageAction, body: Any):
        self.messages.append((action, body))
        if action == MessageAction.REGISTER_CLIENT:
            self.session_id = body["session_id"]
            if body.get("error"):
                self.errors.append(f"register_client: {body['error']}")
            else:
                self.tree.register(self.register_props, body["page_patch"])
                self._load_audio()
        elif action == MessageAction.PATCH_CONTROL:
            self.tree.apply_patch(body["id"], body["patch"])
            self._load_audio()
        elif action == MessageAction.SESSION_CRASHED:
            self.errors.append(body["message"])
        elif action == MessageAction.INVOKE_METHOD:
            # The client answers method calls asynchronously.
            self._spawn(self._on_invoke(body))

    def _load_audio(self):
        """audioplayers' web side: a changed src loads and fires ``loaded``."""
        services = self.tree.page.get("_services") or {}
        for audio in services.get("_services") or []:
            if not isinstance(audio, dict) or audio.get("_c") != "Audio":
                continue
            src = audio.get("src")
            if src is None or self._audio_src.get(audio["_i"]) == src:
                continue
            self._audio_src[audio["_i"]] = src
            self.audio_sources.append((audio["_i"], src))
            if self.audio_loads:
                self.loop.call_soon(self.trigger_event, audio["_i"], "loaded")

    def _spawn(self, coro) -> asyncio.Task:
        task = self.loop.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task):
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            tb = "".join(traceback.format_exception(exc))
            self.errors.append(f"Unhandled exception in {task.get_coro()}:\n{tb}")

    async def _on_invoke(self, body: dict[str, Any]):
        session = self.session
        assert session is not None
        control_id = body["control_id"]
        name = body["name"]
        args = body.get("args")
        control = session.index.get(control_id)
        inv = Invocation(control, name, args)
        self.invocations.append(inv)
        result: Any = None
        error: str | None = None
        try:
            if name == "push_route" and control_id == session.page._i:
                # page.dart: `_routeState.route = args["route"]` -> listener ->
                # FletBackend.onRouteUpdated -> _sendRouteChangeEvent.
                new_route = (args or {}).get("route") or "/"
                if new_route != self.route:
                    self.change_route(new_route)
            elif name in self.invoke_handlers:
                result = self.invoke_handlers[name](inv)
                if inspect.isawaitable(result):
                    result = await result
        except Exception as e:  # reported back to the server like the client
            error = str(e)
        self.send_to_server(
            MessageAction.INVOKE_METHOD,
            {
                "control_id": control_id,
                "call_id": body["call_id"],
                "result": result,
                "error": error,
            },
        )

    # -- client -> server -------------------------------------------------

    def change_route(self, route: str):
        """FletBackend._sendRouteChangeEvent: prop update + route_change."""
        assert self.session is not None
        self.route = route
        page_id = self.session.page._i
        self.update_props(page_id, {"route": route})
        self.trigger_event(page_id, "route_change", {"route": route})

    def update_props(self, control_id: int, props: dict[str, Any]):
        """control.dart updateProperties: apply locally, then tell Python."""
        local = self.tree.get(control_id)
        if local is not None:
            self.tree.update(local, props)
        self.send_to_server(
            MessageAction.UPDATE_CONTROL_PROPS, {"id": control_id, "props": props}
        )

    def trigger_event(self, control_id: int, name: str, data: Any = None):
        self.send_to_server(
            MessageAction.CONTROL_EVENT,
            {"target": control_id, "name": name, "data": data},
        )

    def send_to_server(self, action: MessageAction, body: Any):
        """Deliver a client frame the way FletApp.__on_message handles it."""
        session = self.session
        assert session is not None
        packed = msgpack.packb([action.value, body])
        data = msgpack.unpackb(packed, ext_hook=decode_ext_from_msgpack)
        action = MessageAction(data[0])
        body = data[1]
        if action == MessageAction.CONTROL_EVENT:
            req = ControlEventBody(**body)
            self._spawn(session.dispatch_event(req.target, req.name, req.data))
        elif action == MessageAction.UPDATE_CONTROL_PROPS:
            req = UpdateControlPropsBody(**body)
            session.apply_patch(req.id, req.props)
        elif action == MessageAction.INVOKE_METHOD:
            req = InvokeMethodResponseBody(**body)
            session.handle_invoke_method_results(
                req.control_id, req.call_id, req.result, req.error
            )
        else:  # pragma: no cover - the harness never sends anything else
            raise RuntimeError(f"Unexpected client message {action}")

    # Connection API the app may touch
    def get_upload_url(self, file_name: str, expires: int) -> str:
        return f"/upload/{file_name}?expires={expires}"

    def oauth_authorize(self, attrs: dict[str, Any]):
        raise NotImplementedError("OAuth is not available in the UI harness")


class _TrackingExecutor(concurrent.futures.ThreadPoolExecutor):
    """Executor whose futures `settle()` can wait for (page.run_thread)."""

    def __init__(self, client: _FakeClient):
        super().__init__(max_workers=4, thread_name_prefix="ui-harness")
        self._client = client

    def submit(self, fn, /, *args, **kwargs):
        fut = super().submit(fn, *args, **kwargs)
        futures = self._client.executor_futures
        futures.add(fut)
        fut.add_done_callback(futures.discard)
        return fut


def _loop_error_recorder(errors: list[str]):
    """Loop exception handler: errors in callbacks/tasks fail the next settle."""

    def record(loop: asyncio.AbstractEventLoop, ctx: dict[str, Any]):
        exc = ctx.get("exception")
        detail = "".join(traceback.format_exception(exc)) if exc else ""
        errors.append(f"{ctx.get('message')}\n{detail}")

    return record


def _shutdown(
    loop: asyncio.AbstractEventLoop,
    client: _FakeClient,
    executor: concurrent.futures.ThreadPoolExecutor,
    clients: list[_FakeClient],
):
    """Close the sessions, cancel leftovers, close loop (idempotent)."""
    if loop.is_closed():
        return
    sessions = [c.session for c in [client, *clients] if c.session is not None]
    clients.clear()

    async def close():
        for session in dict.fromkeys(sessions):
            _context_page.set(session.page)
            session.close()
        await asyncio.sleep(0)
        current = asyncio.current_task()
        pending = [t for t in asyncio.all_tasks() if t is not current]
        for t in pending:
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    try:
        if not loop.is_running():
            loop.run_until_complete(close())
            loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
        if not loop.is_running():
            loop.close()


def _leave(
    loop: asyncio.AbstractEventLoop,
    client: _FakeClient,
    executor: concurrent.futures.ThreadPoolExecutor,
    clients: list[_FakeClient],
):
    """Close a second browser session; the loop stays with the first one."""
    if client in clients:
        clients.remove(client)
    session = client.session
    try:
        if session is not None and not loop.is_closed() and not loop.is_running():

            async def close():
                _context_page.set(session.page)
                session.close()
                await asyncio.sleep(0)

            loop.run_until_complete(close())
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


# --------------------------------------------------------------------------
# Harness
# --------------------------------------------------------------------------


def _key_value(key: Any) -> Any:
    return key.value if isinstance(key, ft.Key) else key


def _describe(c: BaseControl) -> str:
    key = getattr(c, "key", None)
    k = f" key={_key_value(key)!r}" if key is not None else ""
    return f"{type(c).__name__}(_i={c._i}{k})"


_SCALARS = (str, bytes, int, float, bool, Enum)
# DialogControls that do not put a modal barrier over the page.
_NON_MODAL = frozenset({"SnackBar", "Banner"})


class Harness:
    """Run a Flet `main(page)` headlessly and drive it like a user.

    Sync API (owns a private event loop; do not call from inside a running
    loop). Every action waits until the app is idle (`settle`). Unhandled
    exceptions in `main`, event handlers and effects (which flet reports to the
    client as "session crashed") are raised as AssertionError from the action
    that caused them.

        with Harness(main, route="/") as h:
            h.click("inc")
            assert "Count: 1" in h.texts()
    """

    def __init__(
        self,
        main: Callable[[ft.Page], Any],
        *,
        route: str = "/",
        width: float = 1280,
        height: float = 800,
        page_props: dict[str, Any] | None = None,
        settle_timeout: float = 3.0,
        ignore_tasks: tuple[str, ...] = (),
        check_client: bool = True,
        device_secret: str | None = THIS_BROWSER,
        beside: Harness | None = None,
    ):
        """Start a session and run `main` (sync or async) until idle.

        Args:
            main: what `ft.run(main)` would receive.
            route: initial route, as typed into the browser address bar.
            width, height: initial page size reported by the client.
            page_props: extra/overridden page props sent on register
                (e.g. {"platform": "android", "web": False}).
            settle_timeout: max seconds `settle()` waits for pending work.
            ignore_tasks: substrings of coroutine names of intentionally
                long-running tasks (timers, pollers) that `settle()` should
                not wait for.
            check_client: after every settle, assert that the client's copy
                of the tree (built only from sent patches) shows the same
                texts and keys as the server-side tree.
            device_secret: the browser's device cookie, as the web layer hands
                it to the session (``app.web``); None = a browser without one.
            beside: a running Harness whose server this one joins, as a second
                browser tab joins the same app process: one event loop and one
                pubsub hub (`page.pubsub`), each tab its own Flet session.
                Every settle waits for both tabs. Close it before `beside`.
        """
        self._main = main
        self._device_secret = device_secret
        self.check_client = check_client
        self.settle_timeout = settle_timeout
        self.ignore_tasks = tuple(ignore_tasks)
        if beside is None:
            self._loop = asyncio.new_event_loop()
            self._client = _FakeClient(self._loop, route)
            self._loop.set_exception_handler(_loop_error_recorder(self._client.errors))
            hub = None
            self._clients: list[_FakeClient] = [self._client]
        else:
            self._loop = beside._loop
            self._client = _FakeClient(self._loop, route)
            hub = beside._client.pubsubhub
            self._clients = beside._clients  # shared: who settle() waits for
            self._clients.append(self._client)
        self._executor = _TrackingExecutor(self._client)
        self._client.executor = self._executor
        self._client.pubsubhub = hub or PubSubHub(
            loop=self._loop, executor=self._executor
        )
        self._session: Session | None = None
        self._held: list[Callable[[_FakeClient], None]] | None = None  # at_once
        self._finalizer = weakref.finalize(
            self,
            _shutdown if beside is None else _leave,
            self._loop,
            self._client,
            self._executor,
            self._clients,
        )
        props: dict[str, Any] = {
            # what FletBackend._registerClient sends for a desktop browser
            "route": route,
            "pwa": False,
            "web": True,
            "debug": False,
            "wasm": False,
            "test": False,
            "multi_view": False,
            "pyodide": False,
            "platform_brightness": "light",
            "width": width,
            "height": height,
            "platform": "linux",
        }
        props.update(page_props or {})
        self._client.register_props = props
        try:
            self._run(self._register(props), bind_page=False)
        except BaseException:
            self.close()
            raise

    # -- lifecycle --------------------------------------------------------

    def __enter__(self) -> Harness:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the session and the private loop (also done on GC)."""
        self._finalizer()

    async def _register(self, props: dict[str, Any]):
        client = self._client
        # FletApp.__on_message(REGISTER_CLIENT) for a new session.
        session = Session(client)
        self._session = session  # Page only holds a weakref to its Session!
        client.session = session
        _context_page.set(session.page)
        session.apply_page_patch(props)
        # As FletApp does for a new session: the client's address and agent
        # (overridable, e.g. to test a browser on another device).
        session.page.client_ip = props.get("client_ip", "127.0.0.1")
        session.page.client_user_agent = "min-rost-ui-harness"
        client.send_message(
            Message(
                MessageAction.REGISTER_CLIENT,
                RegisterClientResponseBody(
                    session_id=session.id,
                    page_patch=session.get_page_patch(),
                    error="",
                ),
            )
        )
        client._spawn(self._on_session_created())
        await self._settle()

    async def _on_session_created(self):
        # FletApp.__on_session_created, with the traceback kept for tests.
        session = self.session
        main = self._main
        # What app.web.DeviceCookie does for the WebSocket of a browser: the
        # session (main and every task it starts) sees the browser's device.
        with presented_device(self._device_secret):
            await self._run_main(session, main)

    @staticmethod
    async def _run_main(session: Session, main: Callable[[ft.Page], Any]):
        try:
            _context_page.set(session.page)
            context.reset_auto_update()
            if inspect.iscoroutinefunction(main):
                await main(session.page)
            elif inspect.isasyncgenfunction(main):
                async for _ in main(session.page):
                    await session.after_event(session.page)
            elif inspect.isgeneratorfunction(main):
                for _ in main(session.page):
                    await session.after_event(session.page)
            else:
                main(session.page)
            await session.after_event(session.page)
        except FletPageDisconnectedException:
            pass
        except Exception as e:
            session.error(f"Unhandled error in main(): {e}\n{traceback.format_exc()}")

    # -- loop plumbing ----------------------------------------------------

    def _run(self, coro, *, bind_page: bool = True):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            coro.close()
            raise RuntimeError(
                "Harness is synchronous and runs its own event loop; "
                "use it from a plain (non-async) test function."
            )
        if self._loop.is_closed():
            coro.close()
            raise RuntimeError("Harness is closed")

        async def runner():
            # Each run_until_complete is a fresh task with a fresh context:
            # bind this session's page or flet resolves the wrong/no page.
            if bind_page and self._session is not None:
                _context_page.set(self._session.page)
            return await coro

        return self._loop.run_until_complete(runner())

    def _busy(self) -> list[str]:
        """Descriptions of work still pending; empty when idle."""
        busy: list[str] = []
        schedulers = set()
        # Every browser session on this loop (see `beside`), this one first.
        clients = dict.fromkeys([self._client, *self._clients])
        for client in clients:
            session = client.session
            if session is None:
                continue
            pending = session._Session__pending_updates  # type: ignore[attr-defined]
            effects = session._Session__pending_effects  # type: ignore[attr-defined]
            ready = session._Session__updates_ready  # type: ignore[attr-defined]
            if pending or effects or ready.is_set():
                busy.append("session updates/effects queued")
            schedulers.add(session._Session__updates_task)  # type: ignore[attr-defined]
        current = asyncio.current_task()
        for task in asyncio.all_tasks(self._loop):
            if task is current or task in schedulers or task.done():
                continue
            coro = task.get_coro()
            name = getattr(coro, "__qualname__", repr(coro))
            if any(s in name for s in self.ignore_tasks):
                continue
            busy.append(f"task {name}")
        for client in clients:
            if client.executor_futures:
                busy.append(f"{len(client.executor_futures)} thread(s)")
        return busy

    async def _settle(self, timeout: float | None = None):
        timeout = self.settle_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        quiet = 0
        spins = 0
        while quiet < 3:
            # Yield first so callbacks (call_soon*) queued by the last step run.
            await asyncio.sleep(0 if spins < 50 else 0.001)
            spins += 1
            busy = self._busy()
            if busy:
                quiet = 0
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"App did not settle within {timeout}s; still pending: "
                        f"{busy}. Pass ignore_tasks=(...) for intentional "
                        "background loops."
                    )
            else:
                quiet += 1
        self._raise_errors()
        if self.check_client:
            self.assert_client_in_sync()

    def _raise_errors(self):
        # An exception while re-rendering a component escapes control.update()
        # inside Flet's updates scheduler and ends that task silently: every
        # later update is lost and the old screen stays. Surface it here.
        task = getattr(self.session, "_Session__updates_task", None)
        if task is not None and task.done() and not task.cancelled():
            exc = task.exception()
            if exc is not None:
                import traceback as _tb

                detail = "".join(_tb.format_exception(exc))
                raise AssertionError(f"Rendering failed (updates stopped):\n{detail}")
        if self._client.errors:
            errors = "\n---\n".join(self._client.errors)
            self._client.errors.clear()
            raise AssertionError(f"Flet session reported an error:\n{errors}")

    def settle(self, timeout: float | None = None) -> None:
        """Run the loop until no events, updates, effects or tasks pend."""
        self._run(self._settle(timeout))

    def wait_until(
        self, predicate: Callable[[], bool], timeout: float | None = None
    ) -> None:
        """Run the loop until `predicate()` is true (for timer-driven UI)."""
        timeout = self.settle_timeout if timeout is None else timeout

        async def wait():
            deadline = time.monotonic() + timeout
            while not predicate():
                if time.monotonic() > deadline:
                    raise AssertionError(f"Condition not met within {timeout}s")
                await asyncio.sleep(0.001)
            self._raise_errors()

        self._run(wait())

    # -- tree access ------------------------------------------------------

    @property
    def page(self) -> ft.Page:
        return self.session.page

    @property
    def session(self) -> Session:
        assert self._session is not None
        return self._session

    @property
    def route(self) -> str:
        """The page route as the server (app) sees it."""
        return self.page.route

    @property
    def invocations(self) -> list[Invocation]:
        """Client method calls made by the app (push_route, launch_url, ...)."""
        return self._client.invocations

    @property
    def messages(self) -> list[tuple[MessageAction, Any]]:
        """Decoded server -> client messages, oldest first."""
        return self._client.messages

    @property
    def audio_sources(self) -> list[tuple[int, Any]]:
        """Every (Audio id, src) the client was asked to load, oldest first."""
        return self._client.audio_sources

    def on_invoke(self, method_name: str, handler: InvokeHandler) -> None:
        """Answer client method `method_name` with `handler(invocation)`.

        Unhandled methods are answered with `None` (no error).
        """
        self._client.invoke_handlers[method_name] = handler

    def _views(self) -> list[BaseControl]:
        views: list[BaseControl] = []
        component_cls = _component_cls()

        def collect(item):
            if isinstance(item, ft.View):
                views.append(item)
            elif isinstance(item, component_cls):
                collect(item._b)
            elif isinstance(item, (list, tuple)):
                for i in item:
                    collect(i)

        collect(self.page.views)
        return views

    def _walk(self) -> Iterator[_Node]:
        """All controls in document order, with client visibility/enabled."""
        views = self._views()
        top_view = views[-1] if views else None
        component_cls = _component_cls()
        visited: set[int] = set()

        def children(obj) -> Iterator[Any]:
            if isinstance(obj, (list, tuple)):
                yield from obj
            elif isinstance(obj, dict):
                yield from obj.values()
            elif dataclasses.is_dataclass(obj):
                for f in dataclasses.fields(obj):
                    if f.metadata.get("skip") or f.name == "_parent":
                        continue
                    v = getattr(obj, f.name, None)
                    if v is not None and not isinstance(v, _SCALARS):
                        yield v

        def visit(obj, ancestors, hidden_by, disabled_by) -> Iterator[_Node]:
            if id(obj) in visited:
                return
            visited.add(id(obj))
            if isinstance(obj, BaseControl):
                if hidden_by is None:
                    if getattr(obj, "visible", True) is False:
                        hidden_by = f"visible=False on {_describe(obj)}"
                    elif isinstance(obj, ft.View) and obj is not top_view:
                        hidden_by = f"{_describe(obj)} is below the top view"
                    elif isinstance(obj, DialogControl) and not obj.open:
                        hidden_by = f"{_describe(obj)} is not open"
                if disabled_by is None and getattr(obj, "disabled", False) is True:
                    disabled_by = obj
                if not isinstance(obj, component_cls):
                    yield _Node(
                        obj,
                        ancestors,
                        hidden_by is None,
                        disabled_by is not None,
                        hidden_by,
                        disabled_by,
                    )
                ancestors = (*ancestors, obj)
            for child in children(obj):
                yield from visit(child, ancestors, hidden_by, disabled_by)

        yield from visit(self.page, (), None, None)

    def _nodes_with_key(self, key: Any) -> list[_Node]:
        want = _key_value(key)
        return [
            n
            for n in self._walk()
            if n.control.key is not None and _key_value(n.control.key) == want
        ]

    def _node(self, key: Any) -> _Node:
        nodes = self._nodes_with_key(key)
        if not nodes:
            keys = sorted(
                {
                    repr(_key_value(n.control.key))
                    for n in self._walk()
                    if n.control.key is not None
                }
            )
            raise AssertionError(
                f"No control with key {_key_value(key)!r} on route "
                f"{self.route!r}. Keys present: {', '.join(keys) or '(none)'}"
            )
        if len(nodes) > 1:
            shown = [n for n in nodes if n.shown]
            if len(shown) == 1:
                return shown[0]
            raise AssertionError(
                f"Key {_key_value(key)!r} is ambiguous: "
                + ", ".join(_describe(n.control) for n in nodes)
            )
        return nodes[0]

    def find(self, key: Any) -> ft.Control:
        """The live control with this key (str/int or ft.ValueKey/ScrollKey)."""
        return self._node(key).control  # type: ignore[return-value]

    def find_all(self, predicate: Callable[[ft.Control], bool]) -> list[ft.Control]:
        """All live controls (shown or not) matching `predicate`, in order."""
        return [n.control for n in self._walk() if predicate(n.control)]  # type: ignore[misc]

    def exists(self, key: Any) -> bool:
        """Whether a control with this key is in the tree (shown or not)."""
        return bool(self._nodes_with_key(key))

    def is_visible(self, key: Any) -> bool:
        """Whether the keyed control would be on screen for the user."""
        nodes = self._nodes_with_key(key)
        return any(n.shown for n in nodes)

    def texts(self) -> list[str]:
        """Visible Text values and string `content`s (buttons), in order."""
        out: list[str] = []
        for n in self._walk():
            if not n.shown:
                continue
            c = n.control
            if isinstance(c, ft.Text):
                if c.value not in (None, ""):
                    out.append(str(c.value))
            elif isinstance(getattr(c, "content", None), str) and c.content:
                out.append(c.content)
        return out

    def client_texts(self) -> list[str]:
        """Like `texts()`, but from the client's copy of the tree."""
        return self._client.tree.texts()

    def client_keys(self) -> list[Any]:
        """The keys of the controls the client shows, in screen order."""
        return self._client.tree.shown_keys()

    def client_controls(self, key: Any) -> list[str]:
        """The types of the controls the client holds for the control keyed
        ``key`` and everything inside it (its own type first), as sent."""
        for n in self._client.tree.walk():
            k = n.props.get("key")
            if (k.get("value") if isinstance(k, dict) else k) == key:
                return [c["_c"] for c in _control_maps(n.props)]
        raise AssertionError(f"The client has no control keyed {key!r}")

    def messages_as_sent(self, since: int = 0) -> list[tuple[MessageAction, Any]]:
        """The server's messages from the ``since``-th on, decoded afresh from
        their bytes: as each was when sent, before later patches changed it."""
        out = []
        for packed in self._client.frames[since:]:
            action, body = msgpack.unpackb(
                packed, ext_hook=decode_ext_from_msgpack, strict_map_key=False
            )
            out.append((MessageAction(action), body))
        return out

    def bytes_sent(self, since: int = 0) -> int:
        """Bytes of the server's messages from the ``since``-th on, as packed
        for the WebSocket (``len(h.messages)`` marks a start)."""
        return sum(
            len(msgpack.packb([action.value, body], default=_ENCODE))
            for action, body in self._client.messages[since:]
        )

    def assert_client_in_sync(self) -> None:
        """Fail if the client would show different texts/keys than the server
        tree (i.e. a change was made on the server but never sent)."""
        diffs = []
        for what, server, client in (
            ("texts", self.texts(), self.client_texts()),
            (
                "keys",
                [
                    _key_value(n.control.key)
                    for n in self._walk()
                    if n.shown and n.control.key is not None
                ],
                self._client.tree.shown_keys(),
            ),
        ):
            only_server = Counter(map(repr, server)) - Counter(map(repr, client))
            only_client = Counter(map(repr, client)) - Counter(map(repr, server))
            if only_server or only_client:
                diffs.append(
                    f"{what}: server-only {sorted(only_server.elements())}, "
                    f"client-only {sorted(only_client.elements())}"
                )
        if diffs:
            raise AssertionError(
                "The client's view diverged from the server-side tree (a change "
                "was never sent - missing update()?):\n" + "\n".join(diffs)
            )

    # -- user actions -----------------------------------------------------

    def _interactable(self, key: Any, action: str) -> _Node:
        node = self._node(key)
        what = _describe(node.control)
        client_node = self._client.tree.node(node.control._i)
        if client_node is None:
            raise AssertionError(
                f"Cannot {action} {what}: the client never received it "
                "(server tree changed without an update being sent)"
            )
        if not client_node.shown and node.shown:
            raise AssertionError(f"Cannot {action} {what}: hidden on the client")
        if client_node.disabled and not node.disabled:
            raise AssertionError(f"Cannot {action} {what}: disabled on the client")
        if not node.shown:
            raise AssertionError(
                f"Cannot {action} {what}: not on screen ({node.hidden_by})"
            )
        if node.disabled:
            raise AssertionError(
                f"Cannot {action} {what}: disabled "
                f"(disabled=True on {_describe(node.disabled_by)})"  # type: ignore[arg-type]
            )
        # An open modal (dialog, bottom sheet, ...) puts a barrier over the page.
        barriers = [
            n.control
            for n in self._walk()
            if n.shown
            and isinstance(n.control, DialogControl)
            and type(n.control).__name__ not in _NON_MODAL
        ]
        if barriers and not any(b in node.ancestors for b in barriers):
            raise AssertionError(
                f"Cannot {action} {what}: {_describe(barriers[-1])} is open "
                "over it (close the dialog first)"
            )
        return node

    def _client_has_handler(self, control: BaseControl, event: str) -> bool:
        node = self._client.tree.node(control._i)
        return node is not None and node.props.get(f"on_{event}") is True

    def _require_handler(self, control: BaseControl, event: str) -> None:
        field_name = f"on_{event}"
        if not hasattr(control, field_name):
            handlers = sorted(a for a in dir(type(control)) if a.startswith("on_"))
            raise AssertionError(
                f"{_describe(control)} has no event {field_name!r}; "
                f"it has: {', '.join(handlers) or '(none)'}"
            )
        if getattr(control, field_name) is None:
            raise AssertionError(
                f"{_describe(control)}.{field_name} is not set, so the client "
                "would not send this event"
            )
        if not self._client_has_handler(control, event):
            raise AssertionError(
                f"{_describe(control)}.{field_name} is set on the server but the "
                "client was never told (no update sent), so it sends nothing"
            )

    def _act(self, step: Callable[[_FakeClient], None]) -> None:
        if self._held is not None:
            self._held.append(step)
            return

        async def go():
            step(self._client)
            await self._settle()

        self._run(go())

    @contextlib.contextmanager
    def at_once(self) -> Iterator[None]:
        """The actions in the block reach the server together, before it has
        drawn anything between them: quick hands, or a busy server that reads
        several frames from the socket at once. Each action is checked against
        the screen as it is when the block starts."""
        self._held = []
        try:
            yield
            steps = self._held
        finally:
            self._held = None

        async def go():
            for step in steps:
                step(self._client)
            await self._settle()

        self._run(go())

    def run_in_app(self, fn: Callable[[], Any]) -> Any:
        """Call `fn()` (sync or async) inside the app's loop/page, then settle.

        For code that runs outside a UI event in production, e.g. a store
        mutated by a background job or a pubsub message.
        """

        async def go():
            result = fn()
            if inspect.isawaitable(result):
                result = await result
            await self._settle()
            return result

        return self._run(go())

    def event(self, key: Any, name: str, data: Any = None) -> None:
        """Send control event `name` (e.g. "tap", "long_press", "select")."""
        node = self._interactable(key, f"send '{name}' to")
        self._require_handler(node.control, name)
        cid = node.control._i
        self._act(lambda client: client.trigger_event(cid, name, data))

    def service_event(self, control: BaseControl, name: str, data: Any = None) -> None:
        """Send event `name` from a service (no key, not in the views), e.g. the
        chunks an ``AudioRecorder`` streams."""
        cid = control._i
        self._act(lambda client: client.trigger_event(cid, name, data))

    def click(self, key: Any) -> None:
        """Click/press the keyed control (button.dart: triggerEvent("click"))."""
        self.event(key, "click")

    def type(self, key: Any, text: str, submit: bool = False) -> None:
        """Replace the field's text as the user would, then optionally Enter.

        textfield.dart onChanged: updateProperties({"value"}) then "change"
        (if on_change is set); onFieldSubmitted: "submit" with the value.
        """
        node = self._interactable(key, "type into")
        control = node.control
        if not hasattr(control, "value"):
            raise AssertionError(f"{_describe(control)} has no text value")
        cid = control._i

        def change(client: _FakeClient):
            client.update_props(cid, {"value": text})
            if self._client_has_handler(control, "change"):
                client.trigger_event(cid, "change", text)

        self._act(change)
        if submit:
            node = self._interactable(key, "submit")
            self._require_handler(node.control, "submit")
            cid = node.control._i
            self._act(lambda client: client.trigger_event(cid, "submit", text))

    def page_event(self, name: str, data: Any = None) -> None:
        """Page-level event sent without subscriber check (resize, ...)."""
        pid = self.page._i
        self._act(lambda client: client.trigger_event(pid, name, data))

    def navigate(self, route: str) -> None:
        """Change the URL as the browser would (route_change from client)."""
        self._act(lambda client: client.change_route(route))

    @contextlib.contextmanager
    def route_reports_late(self) -> Iterator[list[str]]:
        """A slow link: within the block the browser pushes the URLs the app
        asks for but reports them (route_change) only at the block's end, in
        order; yields the list of routes still to be reported."""
        client = self._client
        held: list[str] = []
        report = client.change_route
        client.change_route = held.append  # type: ignore[method-assign]
        try:
            yield held
        finally:
            client.change_route = report  # type: ignore[method-assign]
        for route in held:
            self._act(lambda c, route=route: c.change_route(route))

    def back(self) -> None:
        """Pop the top view (system back / AppBar back button)."""
        views = self._views()
        if len(views) < 2:
            raise AssertionError("Only one view on the stack; nothing to pop")
        top = views[-1]
        route = top.route or str(top._i)  # page.dart uses route or id
        pid = self.page._i
        self._act(
            lambda client: client.trigger_event(pid, "view_pop", {"route": route})
        )
