"""Record every request a page makes, including the ones the browser blocks.

Playwright's ``request``/``response`` events miss a request that the CSP
stops before it is sent; Chromium's own DevTools protocol still reports it
(``Network.requestWillBeSent`` then ``Network.loadingFailed`` with a
``blockedReason``). :class:`NetworkLog` listens to both layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf")


def from_browser_cache(response: dict) -> bool:
    """A DevTools ``Network.Response`` the browser's own cache answered."""
    return bool(response.get("fromDiskCache") or response.get("fromMemoryCache"))


@dataclass
class Request:
    """One request as the browser saw it (``status`` 0 if it never got one)."""

    url: str
    phase: str
    status: int = 0
    blocked: str = ""
    failed: str = ""
    from_cache: bool = False
    """Answered by the browser's own cache, without asking the server."""

    @property
    def path(self) -> str:
        return urlparse(self.url).path

    @property
    def is_font(self) -> bool:
        return self.path.lower().endswith(FONT_SUFFIXES)


@dataclass
class NetworkLog:
    """Every request of a page, tagged with the phase the test was in."""

    phase: str = "start"
    requests: dict[str, Request] = field(default_factory=dict)
    urls: set[str] = field(default_factory=set)
    """Every URL either layer reported (Playwright's also sees workers)."""

    @classmethod
    def attach(cls, page) -> NetworkLog:
        """Start recording ``page`` (its workers' requests included)."""
        log = cls()
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", log._will_be_sent)
        cdp.on("Network.responseReceived", log._response)
        cdp.on("Network.loadingFailed", log._failed)
        cdp.on("Network.requestServedFromCache", log._from_cache)
        cdp.send("Network.enable")
        page.on("request", lambda request: log._seen(request.url))
        page.on("requestfailed", lambda request: log._seen(request.url))
        page.on("websocket", lambda socket: log._seen(socket.url))
        return log

    def _seen(self, url: str) -> None:
        if not url.startswith(("data:", "blob:")):
            self.urls.add(url)

    def _will_be_sent(self, event: dict) -> None:
        url = event["request"]["url"]
        if url.startswith(("data:", "blob:")):
            return
        self.requests[event["requestId"]] = Request(url, self.phase)
        self._seen(url)

    def _response(self, event: dict) -> None:
        request = self.requests.get(event["requestId"])
        if request is not None:
            response = event["response"]
            request.status = response["status"]
            request.from_cache = request.from_cache or from_browser_cache(response)

    def _from_cache(self, event: dict) -> None:
        request = self.requests.get(event["requestId"])
        if request is not None:
            request.from_cache = True

    def asked_server(self) -> list[Request]:
        """The requests the browser sent to a server (not answered from cache)."""
        return [r for r in self.requests.values() if not r.from_cache and r.status]

    def _failed(self, event: dict) -> None:
        request = self.requests.get(event["requestId"])
        if request is not None:
            request.blocked = event.get("blockedReason", "")
            request.failed = event.get("errorText", "")

    def in_phase(self, *phases: str) -> list[Request]:
        """The requests made while the test was in one of ``phases``."""
        return [r for r in self.requests.values() if r.phase in phases]

    def foreign(self, own_origin: str) -> list[str]:
        """URLs of every request (blocked or not) to anything but ``own_origin``."""
        own = urlparse(own_origin)
        allowed = {("http", own.netloc), ("ws", own.netloc)}
        return sorted(
            url
            for url in self.urls
            if (urlparse(url).scheme, urlparse(url).netloc) not in allowed
        )
