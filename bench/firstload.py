"""First load over the network: what a tablet on school Wi-Fi waits for.

Each load opens the start page in headless Chromium under Chromium's own
network emulation (CDP ``Network.emulateNetworkConditions``) and waits for
the first interactive screen (Flutter's semantics switched on, a labelled
button visible). Measured from DevTools events: requests, bytes on the wire
(``encodedDataLength``) and bytes after decoding (what they would be without
compression). Min röst and a bare Flet 1.0.5 app (``bench/hello_app.py``)
alternate in paired rounds, on both client paths: ``wasm`` (Chromium's
default) and ``canvaskit`` (``FLET_WEB_RENDERER=canvaskit``, what iPads and
Firefox get). Cold: a fresh browser profile; warm: the same persistent profile
(``launch_persistent_context``) loaded a second time, so its disk cache
answers, and a third time (:data:`VISITS`). DevTools emulation does not
delay WebSocket frames, so taps are not measured here.
"""

from __future__ import annotations

import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from bench import dataset
from bench.browser import TABLET, Server, enable_semantics, wait_first_labelled_button
from bench.common import Config, Section, median
from tests.browser.network import from_browser_cache
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS

PROFILES = {
    "loopback": None,
    "school Wi-Fi (20/5 Mbit/s, 40 ms)": (20, 5, 40),
    "weak Wi-Fi (5/1 Mbit/s, 80 ms)": (5, 1, 80),
}
PATHS = {"wasm": {}, "canvaskit": {"FLET_WEB_RENDERER": "canvaskit"}}
APPS = {"app": "Min röst", "bench.hello_app": "bare Flet"}
VISITS = ("cold", "warm", "warm, 3rd visit")
"""Loads in one browser profile: the first, the second (the files from the
HTTP cache) and the third (V8 has by then cached the compiled JavaScript of a
script it ran twice: what a tablet used every day gets)."""


def _conditions(profile: tuple[int, int, int] | None) -> dict[str, Any]:
    if profile is None:
        return {"offline": False, "latency": 0, "downloadThroughput": -1,
                "uploadThroughput": -1}  # fmt: skip
    down, up, rtt = profile
    return {
        "offline": False,
        "latency": rtt,
        "downloadThroughput": down * 1_000_000 / 8,
        "uploadThroughput": up * 1_000_000 / 8,
    }


def _load(context, url: str, profile) -> dict[str, float]:
    """Open ``url`` in a new page of ``context``; the load's figures."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    sizes: dict[str, list[float]] = {"wire": [], "decoded": []}
    requests: list[str] = []
    cached: set[str] = set()  # request ids the browser's cache answered
    cdp.on("Network.requestWillBeSent", lambda e: requests.append(e["request"]["url"]))
    cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    cdp.on(
        "Network.responseReceived",
        lambda e: (
            cached.add(e["requestId"]) if from_browser_cache(e["response"]) else None
        ),
    )
    cdp.on("Network.dataReceived", lambda e: sizes["decoded"].append(e["dataLength"]))
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes["wire"].append(e["encodedDataLength"]),
    )
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", _conditions(profile))
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    enable_semantics(page)
    wait_first_labelled_button(page)
    seconds = time.perf_counter() - started
    page.close()
    return {
        "s": seconds,
        "requests": len(requests),
        "asked": len(requests) - len(cached),
        "wire": sum(sizes["wire"]),
        "decoded": sum(sizes["decoded"]),
    }


def _compressed_ready(url: str, timeout: float = 600) -> None:
    """Wait until the server hands out its compressed client (cache built)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        request = urllib.request.Request(
            url + "/main.dart.wasm", headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request) as r:
            if r.headers.get("content-encoding") == "gzip":
                return
        time.sleep(2)


def run(config: Config) -> Section:
    """Cold and warm first loads per profile, path and app."""
    section = Section("firstload", "8. First load over the network")
    smoke = config.name == "smoke"
    profiles = {"loopback": None} if smoke else PROFILES
    rounds = 1 if smoke else 3
    results: dict[tuple[str, str, str, str], list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="minrost-bench-firstload-") as tmp:
        root = Path(tmp)
        people = dataset.invented(1, 1)
        data_dir = dataset.seed_app_layout(root / "app", people, pin=True).data_dir
        with sync_playwright() as p:
            for path, env in PATHS.items():
                servers = {
                    module: Server(
                        module,
                        data_dir if module == "app" else None,
                        root / "logs",
                        extra_env=env,
                    )
                    for module in APPS
                }
                try:
                    for server in servers.values():
                        server.wait_ready()
                    _compressed_ready(servers["app"].url)
                    for k in range(rounds):
                        order = list(APPS) if k % 2 == 0 else list(reversed(APPS))
                        for n, (profile_name, profile) in enumerate(profiles.items()):
                            for module in order:
                                # A fresh browser profile per load pair: cold
                                # really is cold.
                                profile_dir = root / f"profile-{path}-{module}-{k}-{n}"
                                context = p.chromium.launch_persistent_context(
                                    profile_dir,
                                    executable_path=CHROMIUM,
                                    headless=True,
                                    args=CHROMIUM_ARGS,
                                    **TABLET,
                                )
                                try:
                                    url = servers[module].url
                                    for warmth in VISITS:
                                        key = (path, profile_name, warmth, module)
                                        results.setdefault(key, []).append(
                                            _load(context, url, profile)
                                        )
                                finally:
                                    context.close()
                finally:
                    for server in servers.values():
                        server.stop()
    _report(section, results, profiles, rounds)
    return section


def _mib(n: float) -> str:
    return f"{n / 1024 / 1024:.2f}"


def _report(section, results, profiles, rounds) -> None:
    section.add(
        f"Medians of {rounds} paired round(s). *Wire* is what crossed the network "
        "(compressed where the browser accepted it: gzip over plain http), "
        "*uncompressed* the same responses decoded. *To the server*: the requests "
        "the browser's cache did not answer itself (a revalidation, 304, counts: "
        "it is a round trip). Time: from navigation to the first labelled button "
        "of the first screen.",
        "",
    )
    rows = []
    data: dict[str, Any] = {}
    for path in PATHS:
        for profile_name in profiles:
            for warmth in VISITS:
                med = {
                    module: {
                        key: median(
                            r[key]
                            for r in results[(path, profile_name, warmth, module)]
                        )
                        for key in ("s", "requests", "asked", "wire", "decoded")
                    }
                    for module in APPS
                }
                app, bare = med["app"], med["bench.hello_app"]
                ratio = app["s"] / bare["s"] if bare["s"] else float("nan")
                rows.append(
                    (
                        path,
                        profile_name,
                        warmth,
                        f"{app['requests']:.0f} / {bare['requests']:.0f}",
                        f"{app['asked']:.0f} / {bare['asked']:.0f}",
                        f"{_mib(app['wire'])} / {_mib(bare['wire'])}",
                        f"{_mib(app['decoded'])} / {_mib(bare['decoded'])}",
                        f"{app['s']:.2f} / {bare['s']:.2f}",
                        f"{ratio:.2f}",
                    )
                )
                data[f"{path}|{profile_name}|{warmth}"] = med
    section.table(
        (
            "path",
            "network",
            "cache",
            "requests app / bare",
            "of them to the server app / bare",
            "MiB on the wire app / bare",
            "MiB uncompressed app / bare",
            "first screen s app / bare",
            "time ratio app/bare",
        ),
        rows,
    )
    section.data = data
