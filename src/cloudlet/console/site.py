"""The console's page table and the two edge routes that serve it.

A page is an ``async def`` taking a ``View`` and answering a ``Response``, registered by
path pattern (``{name}`` captures one segment; ``{rest*}`` the rest of the path)::

    @page("/functions/{name}")
    async def function(view: View) -> Response: ...

Every module of the package other than the machinery (``MACHINERY``) is an area that
registers pages (and its ``nav`` entry); they are imported on the first console request, not
at server start, so a server nobody browses does not carry Jinja2 and the templates.
"""

from __future__ import annotations

import importlib
import mimetypes
import pkgutil
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import unquote

from cloudlet.server.edge import EdgeRoute
from cloudlet.server.http import Response

if TYPE_CHECKING:
    from cloudlet.console.view import View
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

PREFIX = "/_cloudlet/console"
HOST = "console.localhost"
# The modules that are not areas (everything else registers pages when imported).
MACHINERY = frozenset({"site", "view", "viewer", "render"})

PageHandler = Callable[["View"], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class Page:
    pattern: re.Pattern[str]
    methods: tuple[str, ...]
    handler: PageHandler


PAGES: list[Page] = []
# The navigation bar: (order, label, path), added by the area modules (``nav``).
NAV: list[tuple[int, str, str]] = []
_loaded = False


def nav(label: str, path: str, order: int) -> None:
    """Show ``label`` in the navigation bar, linking to ``path``."""
    NAV.append((order, label, path))
    NAV.sort()


def page(path: str, methods: tuple[str, ...] = ("GET",)) -> Callable[[PageHandler], PageHandler]:
    """Register the decorated handler for ``path`` (see the module docstring)."""
    regex = re.sub(r"\\\{([a-z_]+)\\\*\\\}", r"(?P<\1>.*)", re.escape(path))
    regex = re.sub(r"\\\{([a-z_]+)\\\}", r"(?P<\1>[^/]+)", regex)
    compiled = re.compile(regex + "/?")

    def register(handler: PageHandler) -> PageHandler:
        PAGES.append(Page(compiled, methods, handler))
        return handler

    return register


def _load() -> None:
    global _loaded
    if not _loaded:
        import cloudlet.console

        for info in sorted(pkgutil.iter_modules(cloudlet.console.__path__), key=lambda i: i.name):
            if info.name not in MACHINERY:
                importlib.import_module(f"cloudlet.console.{info.name}")
        _loaded = True


def find(method: str, path: str) -> tuple[PageHandler, dict[str, str]] | None | str:
    """The page for ``path`` and its captured parameters; ``"method"`` when the path has a
    page but not for ``method``; ``None`` when it has none."""
    _load()
    known = False
    for entry in PAGES:
        found = entry.pattern.fullmatch(path)
        if found is None:
            continue
        if method in entry.methods:
            return entry.handler, {k: unquote(v) for k, v in found.groupdict().items()}
        known = True
    return "method" if known else None


def static(name: str) -> Response | None:
    """A vendored or own asset from ``static/`` (cached by the browser for an hour)."""
    if "/" in name or name.startswith("."):
        return None
    asset = resources.files("cloudlet.console").joinpath("static", name)
    if not asset.is_file():
        return None
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(200, asset.read_bytes(), [("content-type", kind),
                                              ("cache-control", "max-age=3600")])


async def serve(state: ServerState, request: Request, params: dict[str, str], base: str) -> Response:
    from cloudlet.console.view import View

    path = params["path"].split("?", 1)[0] or "/"
    if path.startswith("/static/"):
        return static(path.removeprefix("/static/")) or Response(404, b"not found")
    if base and path == "/" and not request.raw_path.endswith("/"):
        return Response(308, b"", [("location", f"{base}/")])
    found = find(request.method, path)
    if found is None:
        return await View(state, request, {}, base, path).not_found(path)
    if isinstance(found, str):  # "method"
        return Response(405, b"method not allowed", [("allow", "GET, POST")])
    handler, captured = found
    view = View(state, request, captured, base, path)
    refused = view.refuse_unsigned()
    if refused is not None:
        return refused
    return await handler(view)


async def _by_prefix(state: ServerState, request: Request, params: dict[str, str]) -> Response:
    return await serve(state, request, params, PREFIX)


async def _by_host(state: ServerState, request: Request, params: dict[str, str]) -> Response:
    return await serve(state, request, params, "")


def edge_routes() -> list[EdgeRoute]:
    return [EdgeRoute(_by_prefix, prefix=PREFIX, priority=50, name="console"),
            EdgeRoute(_by_host, host=HOST, priority=50, name="console host")]
