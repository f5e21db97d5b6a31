"""A TCP forwarder on loopback that delays every chunk by a one-way latency.

Why here and not a standard tool: DevTools' network emulation
(``Network.emulateNetworkConditions``) does not delay WebSocket frames, and a
Flet app's taps travel only on its WebSocket. Linux ``tc qdisc … netem delay``
needs root and delays a whole interface for every process on this shared
machine; Toxiproxy is not packaged in Debian and its PyPI clients only drive
its server binary. So the benchmark forwards its own connections: the browser
talks to this proxy, the proxy to the app, and each chunk read from one side is
written to the other ``delay_s`` after it arrived (order kept, chunks in flight
overlap as on a real link, so the bandwidth is not cut). A round trip through
it costs ``2 × delay_s`` more than loopback: ``rtt_ms=40`` is the school Wi-Fi
profile of ``bench/firstload.py``. Used by the benchmarks only, never the app.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

CHUNK = 64 * 1024


async def _pump(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay_s: float
) -> None:
    """Copy ``reader`` to ``writer``, each chunk ``delay_s`` after it was read."""
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            due, data = await queue.get()
            if not data:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        with contextlib.suppress(OSError):
            if writer.can_write_eof():
                writer.write_eof()

    sender = asyncio.ensure_future(deliver())
    try:
        while True:
            data = await reader.read(CHUNK)
            queue.put_nowait((time.monotonic() + delay_s, data))
            if not data:
                break
        await sender
    except (OSError, asyncio.IncompleteReadError):
        sender.cancel()
    # The writer stays open: the other direction may still be talking (a
    # half-closed connection); the caller closes both sides at the end.


class DelayProxy:
    """Listen on ``127.0.0.1:port`` and forward to ``target_host:target_port``
    with ``rtt_ms / 2`` each way.

    The app answers only its own origin (``http://127.0.0.1:PORT``, see
    ``app/web.py``), so the benchmarks serve it on another loopback address
    with the *same* port (``serve --host 127.0.0.2``) and put the proxy on
    127.0.0.1: the page keeps the origin the app expects. Runs its own event
    loop in a daemon thread, so the synchronous Playwright code can use it.
    """

    def __init__(
        self, port: int, target_host: str, target_port: int, rtt_ms: float
    ) -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.delay_s = rtt_ms / 2000
        self.port = port
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    async def _handle(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(
                self.target_host, self.target_port
            )
        except OSError:
            client_writer.close()
            return
        for w in (client_writer, up_writer):
            sock = w.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            await asyncio.gather(
                _pump(client_reader, up_writer, self.delay_s),
                _pump(up_reader, client_writer, self.delay_s),
            )
        finally:
            for w in (client_writer, up_writer):
                with contextlib.suppress(OSError):
                    w.close()

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            self._server = await asyncio.start_server(
                self._handle, "127.0.0.1", self.port
            )
            self.port = self._server.sockets[0].getsockname()[1]
            self._ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def start(self) -> DelayProxy:
        """Start listening; return self once the port is known."""
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("delay proxy did not start")
        return self

    def stop(self) -> None:
        """Close the listening socket and stop the loop."""

        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        with contextlib.suppress(RuntimeError):
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        if not self._thread.is_alive():
            self._loop.close()


@contextmanager
def delayed(
    port: int, target_host: str, target_port: int, rtt_ms: float
) -> Iterator[DelayProxy]:
    """A running :class:`DelayProxy` for the block."""
    proxy = DelayProxy(port, target_host, target_port, rtt_ms).start()
    try:
        yield proxy
    finally:
        proxy.stop()
