"""The real Min röst server, with a timing hook for the repaint benchmark.

``python -m bench.server_entry`` imports ``app.main`` and serves exactly as
``python -m app`` does. Only when ``MINROST_BENCH_TIMING`` names a file does it
wrap a few functions (by monkeypatching here; ``app/`` is untouched) and append
one JSON line per step, with ``perf_counter_ns`` times::

    ["recv", t, bytes, cpu]     a WebSocket frame arrived (before msgpack);
                                cpu = the event loop thread's CPU time (ns)
    ["event", t, name]          Session.dispatch_event began
    ["event_end", t]            …and ended (the handler has returned)
    ["toggle", t0, t1, item]    SessionStore.toggle_rating (the store verb)
    ["save", t0, t1, cpu]       Repository.save_session inside it; cpu = this
                                thread's CPU time meanwhile (ns)
    ["fsync", t0, t1]           an os.fsync (file or folder)
    ["patch", t0, t1]           Session.patch_control (re-render diff + pack)
    ["sent", t, bytes, cpu]     a WebSocket frame was handed to the socket
    ["gc", t0, t1, generation]  a garbage collection ran

``MINROST_BENCH_PROFILE`` names a file for cProfile stats: SIGUSR1 starts the
profiler, SIGUSR2 stops it and writes the file. ``MINROST_BENCH_PROTOTYPE``
installs prototypes of proposed fixes (``bench/prototypes.py``);
``MINROST_BENCH_HOST`` serves on another loopback address (the steps
benchmark's delay proxy takes 127.0.0.1 with the same port).
"""

from __future__ import annotations

import cProfile
import functools
import gc
import json
import os
import signal
import time
from typing import Any

import app.main
from app.storage.repository import Repository
from app.ui.state import SessionStore
from bench import prototypes

TIMING_ENV = "MINROST_BENCH_TIMING"
HOST_ENV = "MINROST_BENCH_HOST"
"""Serve on this address (``serve --host``) rather than 127.0.0.1."""
PROFILE_ENV = "MINROST_BENCH_PROFILE"


class _Log:
    def __init__(self, path: str) -> None:
        self._file = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115

    def __call__(self, *record: Any) -> None:
        self._file.write(json.dumps(record) + "\n")


def install_timing(path: str) -> None:
    """Wrap the steps of a tap so each writes a line to ``path``."""
    from flet.messaging.session import Session
    from starlette.websockets import WebSocket

    log = _Log(path)
    now = time.perf_counter_ns

    toggle = SessionStore.toggle_rating

    @functools.wraps(toggle)
    def timed_toggle(self, item_id, level):
        t0 = now()
        try:
            return toggle(self, item_id, level)
        finally:
            log("toggle", t0, now(), item_id)

    save = Repository.save_session

    @functools.wraps(save)
    def timed_save(self, session, **kwargs):
        t0, c0 = now(), time.thread_time_ns()
        try:
            return save(self, session, **kwargs)
        finally:
            log("save", t0, now(), time.thread_time_ns() - c0)

    fsync = os.fsync

    @functools.wraps(fsync)
    def timed_fsync(fd):
        t0 = now()
        try:
            return fsync(fd)
        finally:
            log("fsync", t0, now())

    dispatch = Session.dispatch_event

    @functools.wraps(dispatch)
    async def timed_dispatch(self, control_id, event_name, event_data):
        log("event", now(), event_name)
        try:
            return await dispatch(self, control_id, event_name, event_data)
        finally:
            log("event_end", now())

    patch = Session.patch_control

    @functools.wraps(patch)
    def timed_patch(self, *args, **kwargs):
        t0 = now()
        try:
            return patch(self, *args, **kwargs)
        finally:
            log("patch", t0, now())

    receive = WebSocket.receive_bytes

    @functools.wraps(receive)
    async def timed_receive(self):
        data = await receive(self)
        log("recv", now(), len(data), time.thread_time_ns())
        return data

    send = WebSocket.send_bytes

    @functools.wraps(send)
    async def timed_send(self, data):
        await send(self, data)
        log("sent", now(), len(data), time.thread_time_ns())

    gc_started = [0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_started[0] = now()
        else:
            log("gc", gc_started[0], now(), info.get("generation"))

    gc.callbacks.append(on_gc)
    SessionStore.toggle_rating = timed_toggle
    Repository.save_session = timed_save
    os.fsync = timed_fsync
    Session.dispatch_event = timed_dispatch
    Session.patch_control = timed_patch
    WebSocket.receive_bytes = timed_receive
    WebSocket.send_bytes = timed_send


def install_profiler(path: str) -> None:
    """SIGUSR1 starts cProfile, SIGUSR2 stops it and writes the stats to ``path``."""
    profiler = cProfile.Profile()

    def start(_signum, _frame) -> None:
        profiler.enable()

    def stop(_signum, _frame) -> None:
        profiler.disable()
        profiler.dump_stats(path)

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)


def main() -> None:
    """Serve the app, hooks installed when asked for."""
    if os.environ.get(TIMING_ENV):
        install_timing(os.environ[TIMING_ENV])
    if os.environ.get(PROFILE_ENV):
        install_profiler(os.environ[PROFILE_ENV])
    if os.environ.get(prototypes.PROTOTYPE_ENV):
        prototypes.install(os.environ[prototypes.PROTOTYPE_ENV])
    host = os.environ.get(HOST_ENV)
    app.main.run(["serve", "--host", host] if host else ["serve"])


if __name__ == "__main__":
    main()
