"""``serve --tls-cert/--tls-key``: the app over HTTPS, its own https origin only."""

from __future__ import annotations

import datetime
import ipaddress
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.browser.server import ROOT, free_port, stop_process


def self_signed(folder):
    """A certificate for 127.0.0.1 (and its key), as `tls internal` would make."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "min-rost-test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """``python -m app serve --tls-cert … --tls-key …`` and a client trusting it."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = self_signed(folder)
    port = free_port()
    env = dict(
        os.environ, MINROST_DATA_DIR=str(folder / "data"), MINROST_PORT=str(port)
    )
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "serve",
            "--tls-cert",
            str(cert),
            "--tls-key",
            str(key),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    trust = ssl.create_default_context(cafile=str(cert))
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(
                f"https://127.0.0.1:{port}", context=trust, timeout=2
            )
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((folder / "server.log").read_text()) from None
            time.sleep(0.3)
    yield port, trust
    stop_process(proc, log)


def open_wss(port: int, trust: ssl.SSLContext, origin: str):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return connect(
        f"wss://127.0.0.1:{port}/ws",
        sock=sock,
        ssl=trust,
        server_hostname="127.0.0.1",
        origin=origin,
        proxy=None,
        open_timeout=10,
    )


def test_the_page_is_served_over_https_with_a_wss_only_csp(tls_server):
    """The page comes over TLS; its CSP lets the client connect to wss:// only."""
    port, trust = tls_server
    with urllib.request.urlopen(f"https://127.0.0.1:{port}", context=trust) as page:
        csp = page.headers["content-security-policy"]
    assert f"wss://127.0.0.1:{port}" in csp
    assert "ws://" not in csp.replace("wss://", "")


def test_the_https_page_opens_the_websocket_and_the_http_origin_does_not(tls_server):
    """The https origin is the app's own; the same name over http is another."""
    port, trust = tls_server
    with open_wss(port, trust, f"https://127.0.0.1:{port}"):
        pass
    with pytest.raises(InvalidStatus) as refused:
        open_wss(port, trust, f"http://127.0.0.1:{port}")
    assert refused.value.response.status_code == 403


def test_over_https_the_device_cookie_is_secure_and_never_sent_over_plain_http(
    tls_server,
):
    """Under TLS the device cookie is ``Secure``: a browser never sends it over http."""
    port, trust = tls_server
    with urllib.request.urlopen(f"https://127.0.0.1:{port}", context=trust) as page:
        cookie = page.headers["set-cookie"]
    assert cookie.startswith("minrost_device=")
    assert "; secure" in cookie.lower()
    assert "HttpOnly" in cookie
