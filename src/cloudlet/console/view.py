"""What a console page handler works with: its request, the viewer, AWS calls, rendering."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from cloudlet.console import render, site
from cloudlet.console.viewer import (
    ACCOUNT_COOKIE,
    REGION_COOKIE,
    Viewer,
    auth_on,
    viewer_of,
)
from cloudlet.server import internal
from cloudlet.server.context import DEFAULT_ACCOUNT
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Response

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

# Pages a viewer who has not signed in (``--auth on``) may see.
OPEN_PATHS = ("/signin",)


class Failed(Exception):
    """An AWS call of the console failed: the page shows ``error`` as the API gave it."""

    def __init__(self, error: ServiceError):
        super().__init__(error.message)
        self.error = error


class View:
    def __init__(self, state: ServerState, request: Request, params: dict[str, str], base: str,
                 path: str = "/"):
        self.state = state
        self.path = path  # below the console's base
        self.request = request
        self.params = params
        self.base = base
        self.query: dict[str, str] = dict(request.query())
        self.viewer: Viewer = viewer_of(state, request, self.query)
        self.auth_on = auth_on(state)
        self.cookies: list[tuple[str, str]] = []
        if not self.auth_on:  # the switcher's choice, kept for the pages without it in the URL
            for key, cookie in (("account", ACCOUNT_COOKIE), ("region", REGION_COOKIE)):
                if key in self.query:
                    value = getattr(self.viewer, key)
                    self.cookies.append((cookie, value))

    # --- links ---------------------------------------------------------------------------
    def url(self, path: str, **query: Any) -> str:
        """A console link that keeps the viewer's region (and account, ``--auth off``)."""
        keep: dict[str, Any] = {"region": self.viewer.region}
        if not self.auth_on and self.viewer.account != DEFAULT_ACCOUNT:
            keep["account"] = self.viewer.account
        keep.update({k: v for k, v in query.items() if v is not None})
        return f"{self.base}{path}?{urlencode(keep)}"

    def static(self, name: str) -> str:
        return f"{self.base}/static/{name}"

    # --- AWS calls ------------------------------------------------------------------------
    async def call(self, service: str, operation: str, params: dict[str, Any] | None = None,
                   ) -> dict[str, Any]:
        """``operation`` as the viewer, through the same path as boto3; ``Failed`` on an
        AWS error (the service's own code and message)."""
        try:
            return await internal.call(self.state, service, operation, params or {},
                                       principal=self.viewer.principal,
                                       account=self.viewer.account, region=self.viewer.region)
        except ServiceError as error:
            raise Failed(error) from error

    async def attempt(self, service: str, operation: str, params: dict[str, Any] | None = None,
                      ) -> tuple[dict[str, Any] | None, ServiceError | None]:
        """``call``, answering ``(output, None)`` or ``(None, error)``."""
        try:
            return await self.call(service, operation, params), None
        except Failed as failed:
            return None, failed.error

    def served(self, service: str) -> bool:
        return internal.served(self.state, service) is not None

    # --- answers --------------------------------------------------------------------------
    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        body = render.page(template, view=self, nav=site.NAV, **context)
        return self.with_cookies(Response(status, body.encode(), [
            ("content-type", "text/html; charset=utf-8"), ("cache-control", "no-store")]))

    def redirect(self, path: str, **query: Any) -> Response:
        return self.with_cookies(Response(303, b"", [("location", self.url(path, **query))]))

    def form(self) -> dict[str, str]:
        """A posted form (``application/x-www-form-urlencoded``); the last value of a name."""
        return dict(parse_qsl(self.request.body.decode("utf-8", "replace"), keep_blank_values=True))

    def set_cookie(self, name: str, value: str, *, clear: bool = False) -> None:
        self.cookies.append((name, "" if clear else value))

    def with_cookies(self, response: Response) -> Response:
        for name, value in self.cookies:
            lasting = "Max-Age=0" if not value else "Max-Age=31536000"
            response.headers.append(("set-cookie", f"{name}={value}; Path=/; {lasting}; "
                                                   "HttpOnly; SameSite=Strict"))
        return response

    def refuse_unsigned(self) -> Response | None:
        """With ``--auth on``, the sign-in page for a viewer without a session."""
        if not self.auth_on or self.viewer.signed_in or self.path.rstrip("/") in OPEN_PATHS:
            return None
        return Response(303, b"", [("location", f"{self.base}/signin?{urlencode({'next': self.path})}")])

    async def not_found(self, what: str) -> Response:
        return self.render("error.html", 404, title="Not found",
                           message=f"There is no console page at {what}.")
