"""HTTP that is not an AWS API: an app's own URLs, a console, a JWKS document, code downloads.

One routing table, consulted before AWS-protocol routing. An entry names a host pattern
(``{api_id}.execute-api.localhost``; ``{name}`` captures one DNS label, the port is
ignored) and/or a path prefix (``/restapis/{api_id}/{stage}/_user_request_``; ``{name}``
captures one path segment), a priority, and a handler::

    @service.route(host="{api_id}.execute-api.localhost", priority=100)
    async def serve(state: ServerState, request: Request, params: dict[str, str]) -> Response:
        ...

Entries are tried by priority (highest first), then host entries before path-only ones,
then longer prefixes first. The handler's captured ``params`` come from the host and the
prefix; ``params["path"]`` is the rest of the raw path after the prefix (``/`` at least).
A handler that raises answers 500 with a request id and a logged traceback, never a dropped
connection; one that returns ``None`` passes the request on to the next entry.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import orjson

from cloudlet.clock import new_id
from cloudlet.server.http import Response

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")

RouteHandler = Callable[["ServerState", "Request", dict[str, str]], Awaitable["Response | None"]]

# (host, path) pairs whose matching routes are remembered (``EdgeTable.candidates``).
MATCHES_KEPT = 1024
MATCHED_PATH_MAX = 256  # longer paths (S3 keys) are matched each time

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _compile(pattern: str, label: str) -> re.Pattern[str]:
    parts: list[str] = []
    last = 0
    for found in _PLACEHOLDER.finditer(pattern):
        parts.append(re.escape(pattern[last:found.start()]))
        parts.append(f"(?P<{found[1]}>{label})")
        last = found.end()
    parts.append(re.escape(pattern[last:]))
    return re.compile("".join(parts), re.IGNORECASE)


def _literal_ends(pattern: str) -> tuple[str, str]:
    """The text before the first placeholder and after the last (the whole text if none)."""
    found = list(_PLACEHOLDER.finditer(pattern))
    if not found:
        return pattern, pattern
    return pattern[:found[0].start()], pattern[found[-1].end():]


@dataclass(slots=True)
class EdgeRoute:
    handler: RouteHandler
    host: str | None = None
    prefix: str | None = None
    priority: int = 0
    name: str = ""
    _host_re: re.Pattern[str] | None = field(default=None, repr=False)
    _prefix_re: re.Pattern[str] | None = field(default=None, repr=False)
    # Literal text every match has (lower-cased), checked before the regular expressions:
    # the host's text before its first and after its last placeholder, the prefix's before
    # its first.
    _host_start: str = field(default="", repr=False)
    _host_end: str = field(default="", repr=False)
    _path_start: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if self.host is None and self.prefix is None:
            raise ValueError("an edge route needs a host pattern or a path prefix")
        if self.host is not None:
            host = self.host.lower()
            self._host_re = _compile(host, r"[a-z0-9-]+")
            self._host_start, self._host_end = _literal_ends(host)
        if self.prefix is not None:
            prefix = self.prefix.rstrip("/")
            self._prefix_re = _compile(prefix, r"[^/]+")
            self._path_start = _literal_ends(prefix.lower())[0]
        self.name = self.name or getattr(self.handler, "__qualname__", "edge route")

    @property
    def order(self) -> tuple[int, int, int]:
        return (-self.priority, 0 if self.host else 1, -len(self.prefix or ""))

    def match(self, host: str, raw_path: str) -> dict[str, str] | None:
        if self._host_re is not None and not (host.startswith(self._host_start)
                                              and host.endswith(self._host_end)):
            return None
        start = self._path_start
        if start and raw_path[:len(start)].lower() != start:
            return None
        params: dict[str, str] = {}
        if self._host_re is not None:
            found = self._host_re.fullmatch(host)
            if found is None:
                return None
            params.update(found.groupdict())
        rest = raw_path
        if self._prefix_re is not None:
            found = self._prefix_re.match(raw_path)
            if found is None:
                return None
            rest = raw_path[found.end():]
            if rest and not rest.startswith("/"):
                return None  # "/abc" must not match the prefix "/ab"
            params.update(found.groupdict())
        params["path"] = rest or "/"
        return params


class EdgeTable:
    """Every package's edge routes, in the order they are tried.

    A request is tried only against the routes that can match its host: those without a
    host pattern, and those whose pattern ends in the same literal label (``localhost``,
    ``com``); a route's literal path start is checked before its regular expressions."""

    def __init__(self, routes: list[EdgeRoute]):
        self.routes = sorted(routes, key=lambda r: r.order)
        tails = {_tail(r) for r in self.routes} | {""}
        self._by_tail = {
            tail: [(r, r._path_start) for r in self.routes
                   if r.host is None or _tail(r) in ("", tail)]
            for tail in tails}
        self._matches: dict[tuple[str, str], list[tuple[EdgeRoute, dict[str, str]]]] = {}

    def candidates(self, host: str, raw_path: str) -> list[tuple[EdgeRoute, dict[str, str]]]:
        """The routes whose host pattern and prefix match, in order, with their params.

        A pure function of the host and the path, remembered for up to ``MATCHES_KEPT``
        pairs with short paths: an API's requests come again and again to the same few
        (DynamoDB's all to ``/`` on one host), and matching every route cost as much as
        reading the item."""
        key = (host, raw_path)
        found = self._matches.get(key)
        if found is not None:
            return found
        host = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        host = host.lower()
        tail = host.rpartition(".")[2]
        found = []
        for route, start in self._by_tail.get(tail) or self._by_tail[""]:
            if start and raw_path[:len(start)].lower() != start:
                continue
            params = route.match(host, raw_path)
            if params is not None:
                found.append((route, params))
        if len(raw_path) <= MATCHED_PATH_MAX:
            if len(self._matches) >= MATCHES_KEPT:
                self._matches.clear()
            self._matches[key] = found
        return found

    async def respond(self, state: ServerState, request: Request) -> Response | None:
        if not self.routes:
            return None
        for route, matched in self.candidates(request.host, request.raw_path):
            params = dict(matched)  # the handler's own (the matches are kept)
            try:
                response = await route.handler(state, request, params)
            except Exception:
                request_id = new_id()
                log.error("edge route %s failed (request %s)\n%s", route.name, request_id,
                          traceback.format_exc())
                body = orjson.dumps({"message": "Internal server error", "requestId": request_id})
                return Response(500, body, [("content-type", "application/json"),
                                            ("x-amzn-requestid", request_id)])
            if response is not None:
                return response
        return None


def _tail(route: EdgeRoute) -> str:
    """The last label of a route's host pattern when it is literal (``localhost``), else
    "" (any host, or a route without a host pattern)."""
    end = route._host_end
    return end.rpartition(".")[2] if route.host is not None and "." in end else ""
