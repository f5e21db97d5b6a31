"""The benchmark's TCP delay proxy forwards every byte, in order, both ways."""

import socket
import threading

import pytest

from bench.delay_proxy import delayed
from tests.browser.server import free_port


def echo_server() -> tuple[socket.socket, int]:
    """A loopback server (on 127.0.0.2) that echoes one connection, then closes."""
    listener = socket.create_server(("127.0.0.2", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            while data := conn.recv(65536):
                conn.sendall(data)

    threading.Thread(target=serve, daemon=True).start()
    return listener, port


@pytest.mark.parametrize("rtt_ms", [0, 20])
def test_every_byte_goes_through_in_order_and_comes_back(rtt_ms):
    """Chunks sent through the proxy reach the server and return unchanged,
    in order, and a closed side is passed on (the reply ends)."""
    listener, target = echo_server()
    payload = bytes(range(256)) * 1024  # 256 KiB: many chunks
    port = free_port()
    with (
        listener,
        delayed(port, "127.0.0.2", target, rtt_ms),
        socket.create_connection(("127.0.0.1", port)) as client,
    ):
        client.sendall(payload[:1000])
        client.sendall(payload[1000:])
        client.shutdown(socket.SHUT_WR)
        received = bytearray()
        while chunk := client.recv(65536):
            received += chunk
    assert bytes(received) == payload
