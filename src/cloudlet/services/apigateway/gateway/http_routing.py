"""Choosing an HTTP API route for a request, as API Gateway does.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html

A route key is ``$default`` or ``METHOD /path``, where ``METHOD`` is an HTTP method or
``ANY`` and path segments are literal, a path variable ``{name}`` (one segment) or, as the
last segment, a greedy path variable ``{name+}`` (one or more segments). When several routes
match, API Gateway picks the most specific:

1. a full match of route and method (literal segments only);
2. a match with path variables;
3. a match with a greedy path variable;
a route with an explicit method wins over ``ANY`` for the same path; the ``$default`` route
catches every request no other route matches. Paths are case-sensitive.

Path variable values are percent-decoded; a greedy variable's value is the rest of the path
(``a/b/c``) without its leading slash.

LIMITATIONS: where two path-variable routes match, the one whose literal segments come
earlier wins (AWS documents no finer rule); a trailing slash is a segment of its own
(``/pets/`` does not match ``GET /pets``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

DEFAULT_ROUTE = "$default"

_LITERAL, _VARIABLE, _GREEDY = 0, 1, 2


@dataclass(frozen=True, slots=True)
class RouteMatch:
    route: dict[str, Any]  # the Route document
    path_params: dict[str, str]

    @property
    def route_key(self) -> str:
        return str(self.route.get("RouteKey", DEFAULT_ROUTE))


def split_route_key(route_key: str) -> tuple[str, str] | None:
    """``("GET", "/pets/{id}")`` for ``GET /pets/{id}``; None for ``$default`` (or a key
    that is not of the form ``METHOD /path``)."""
    method, sep, path = route_key.partition(" ")
    if not sep or not path.startswith("/"):
        return None
    return method.upper(), path


def route_path(route_key: str) -> str:
    """The path of a route key (``$default`` for the default route)."""
    parts = split_route_key(route_key)
    return parts[1] if parts else route_key


def _segments(path: str) -> list[str]:
    return path.split("/")[1:]  # "/a/b" -> ["a", "b"]; "/" -> [""]


def _match_path(template: str, raw_path: str) -> tuple[tuple[int, ...], dict[str, str]] | None:
    """The specificity of each template segment and the captured variables, or None."""
    want = _segments(template)
    have = _segments(raw_path)
    kinds: list[int] = []
    params: dict[str, str] = {}
    for i, segment in enumerate(want):
        if segment.startswith("{") and segment.endswith("+}"):
            if i != len(want) - 1:
                return None
            rest = have[i:]
            if not rest or rest == [""]:
                return None
            kinds.append(_GREEDY)
            params[segment[1:-2]] = unquote("/".join(rest))
            return tuple(kinds), params
        if i >= len(have):
            return None
        if segment.startswith("{") and segment.endswith("}"):
            if have[i] == "":
                return None
            kinds.append(_VARIABLE)
            params[segment[1:-1]] = unquote(have[i])
            continue
        if segment != have[i]:
            return None
        kinds.append(_LITERAL)
    if len(have) != len(want):
        return None
    return tuple(kinds), params


def match(routes: list[dict[str, Any]], method: str, raw_path: str) -> RouteMatch | None:
    """The route ``method raw_path`` goes to, or None (the caller answers 404)."""
    best: tuple[tuple[int, tuple[int, ...], int], RouteMatch] | None = None
    default: dict[str, Any] | None = None
    method = method.upper()
    for route in routes:
        key = str(route.get("RouteKey", ""))
        if key == DEFAULT_ROUTE:
            default = route
            continue
        parts = split_route_key(key)
        if parts is None:
            continue
        route_method, template = parts
        if route_method not in (method, "ANY"):
            continue
        found = _match_path(template, raw_path)
        if found is None:
            continue
        kinds, params = found
        rank = (max(kinds, default=_LITERAL), kinds, 1 if route_method == "ANY" else 0)
        if best is None or rank < best[0]:
            best = (rank, RouteMatch(route, params))
    if best is not None:
        return best[1]
    if default is not None:
        return RouteMatch(default, {})
    return None
