"""The ASGI application: one edge port for every AWS API and cloudlet's own endpoints."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import orjson

from cloudlet import __version__
from cloudlet.clock import ManualClock, new_id
from cloudlet.server.body_limits import BodyLimits, RequestTimeout
from cloudlet.server.dispatch import Dispatcher
from cloudlet.server.edge import EdgeTable
from cloudlet.server.http import (
    BodyIdle,
    BodyTooLarge,
    Request,
    Response,
    read_body,
    spool_body,
)
from cloudlet.server.http_limits import BODY_IDLE
from cloudlet.server.state import ServerState

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from cloudlet.config import Config
    from cloudlet.server.errors import ClientError
    from cloudlet.server.service import Service

    Scope = dict[str, Any]
    Receive = Callable[[], Awaitable[dict[str, Any]]]
    Send = Callable[[dict[str, Any]], Awaitable[None]]

log = logging.getLogger("cloudlet")


def _sized(method: str, response: Response) -> bool:
    """Whether ``Content-Length`` is to be added: not for a HEAD request or a status that
    has no body (204, 304), nor when the response already states it (HeadObject)."""
    if method == "HEAD" or response.status in (204, 304):
        return False
    return not any(k.lower() == "content-length" for k, _ in response.headers)


class CloudletApp:
    def __init__(self, config: Config, services: dict[str, Service] | None = None):
        if services is None:
            from cloudlet.services import discover

            services = discover()
        self.state = ServerState(config, services)
        self.dispatcher = Dispatcher(self.state)
        from cloudlet.console import edge_routes as console_routes

        self.edge = EdgeTable([*(r for s in services.values() for r in s.edge_routes),
                               *console_routes()])
        self.body_streamers = [s.streams_body for s in services.values() if s.streams_body]
        self.body_limits = BodyLimits(services)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def startup(self) -> None:
        for service in self.state.services.values():
            for hook in service.on_start:
                await hook(self.state)
        self.state.workers.start_declared(
            [w for s in self.state.services.values() for w in s.workers])

    async def drain(self) -> None:
        """Shutdown has begun: let services end long-running work (in-flight requests are
        still being answered): background workers stop first (what they were delivering
        stays queued), then the services' drain hooks run."""
        await self.state.workers.stop_all()
        await self._run_hooks("on_drain")

    async def shutdown(self) -> None:
        await self.state.workers.stop_all()
        await self._run_hooks("on_stop")

    async def _run_hooks(self, kind: str) -> None:
        for service in reversed(list(self.state.services.values())):
            for hook in getattr(service, kind):
                try:
                    await hook(self.state)
                except Exception:
                    log.exception("stopping %s failed", service.name)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as exc:
                    log.exception("start-up failed")
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = self.request_of(scope)
        response = await self.answer(request, receive, lambda: BODY_IDLE in scope)
        await send({"type": "http.response.start", "status": response.status,
                    "headers": self.head_of(request, response)})
        if response.stream is None:
            await send({"type": "http.response.body", "body": response.body})
            return
        await send({"type": "http.response.body", "body": response.body, "more_body": True})
        async for chunk in response.stream:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    def request_of(self, scope: Scope) -> Request:
        """The request an ASGI ``http`` scope describes (its body not read yet)."""
        raw_headers = [(name.decode("latin-1").lower(), value.decode("latin-1"))
                       for name, value in scope["headers"]]
        headers = dict(raw_headers)
        if len(headers) != len(raw_headers):  # a repeated field: its values joined
            headers = {}
            for key, text in raw_headers:
                headers[key] = f"{headers[key]},{text}" if key in headers else text
        raw_path = scope.get("raw_path")
        raw = raw_path.decode("latin-1") if raw_path else scope["path"]
        return Request(
            method=scope["method"],
            path=unquote(raw),
            raw_path=raw,
            query_string=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            body=b"",
            host=headers.get("host", ""),
            raw_headers=raw_headers,
            client=scope.get("client"),
        )

    async def answer(self, request: Request, receive: Receive,
                     idle: Callable[[], bool]) -> Response:
        """Read the request's body and answer it (``server.http_protocol`` calls this
        without the ASGI messages for a request that arrived whole)."""
        response = await self._read_body(request, receive, idle)
        return response if response is not None else await self.respond(request)

    @staticmethod
    def head_of(request: Request, response: Response) -> list[tuple[bytes, bytes]]:
        """The response's header fields as written, ``Content-Length`` added to a whole
        body (as AWS answers), not chunked."""
        out = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
        if response.stream is None and _sized(request.method, response):
            out.append((b"content-length", b"%d" % len(response.body)))
        return out

    async def _read_body(self, request: Request, receive: Receive,
                         idle: Callable[[], bool]) -> Response | None:
        """Read the body into ``request`` (a file for a service that streams it), or the
        answer to a body over its service's limit (``server.body_limits``) or one that
        stopped arriving (``server.http_limits.BODY_IDLE_S``)."""
        streamed = any(streams(request) for streams in self.body_streamers)
        limit = self.body_limits.for_request(request, streamed)
        if limit.declared_over(request):
            return self._refuse(request, limit.service, limit.error)
        try:
            if streamed:
                request.body_file = await spool_body(
                    receive, self.state.data_dir / "tmp", limit.max_bytes, idle)
            else:
                request.body = await read_body(receive, limit.max_bytes, idle)
        except BodyTooLarge:
            return self._refuse(request, limit.service, limit.error)
        except BodyIdle:
            response = self._refuse(request, limit.service, lambda _operation: RequestTimeout())
            response.headers.append(("connection", "close"))
            return response
        return None

    def _refuse(self, request: Request, service: Service | None,
                error: Callable[[str | None], ClientError]) -> Response:
        """The answer to a request refused before its service saw it, in that service's
        protocol (plain JSON when the service is unknown)."""
        request.body = b""
        if service is None:
            refused = error(None)
            return Response.json(orjson.dumps({"message": refused.message}), refused.status)
        target = self.dispatcher.router.route(request)
        operation = target.operation if target is not None else None
        request_id = new_id()
        protocol = self.dispatcher.protocols[service.name]
        response = protocol.serialize_error(service, error(operation), request_id)
        response.headers.append(("x-amzn-requestid", request_id))
        return response

    async def respond(self, request: Request) -> Response:
        if request.path.rstrip("/") == "/_cloudlet/health":
            return self._health()
        if request.path.rstrip("/") == "/_cloudlet/clock":
            return self._clock(request)
        handled = await self.edge.respond(self.state, request)
        if handled is not None:
            return handled
        response = await self.dispatcher.handle(request)
        if response is not None:
            return response
        body = orjson.dumps({"message": f"no AWS API or route for {request.method} {request.path}"})
        return Response.json(body, 404)

    def _clock(self, request: Request) -> Response:
        """``GET /_cloudlet/clock``: ``{"now": epoch, "manual": bool}``; ``POST`` with
        ``{"advance": seconds}`` or ``{"set": epoch}`` moves a manual clock."""
        clock = self.state.clock
        if request.method == "POST":
            if not isinstance(clock, ManualClock):
                body = b'{"message": "the clock is real; start cloudlet with --clock manual"}'
                return Response.json(body, 409)
            try:
                move = orjson.loads(request.body or b"{}")
                if "set" in move:
                    clock.set(float(move["set"]))
                else:
                    clock.advance(float(move.get("advance", 0)))
            except (ValueError, TypeError, AttributeError):
                body = b'{"message": "expected {\\"advance\\": seconds} or {\\"set\\": epoch}"}'
                return Response.json(body, 400)
        return Response.json(orjson.dumps({"now": clock.now(), "manual": clock.manual}))

    def _health(self) -> Response:
        """``GET /_cloudlet/health``; other ``/_cloudlet/`` paths belong to packages that
        register edge handlers for them (a console, code downloads)."""
        body: dict[str, Any] = {
            "status": "running",
            "version": __version__,
            "services": sorted(self.state.services),
            "uptime_s": round(time.time() - self.state.started_at, 3),
            "endpoint": self.state.config.endpoint_url,
            "data_dir": str(self.state.data_dir),
            "workers": self.state.workers.health(),
        }
        for name, service in sorted(self.state.services.items()):
            if service.health is not None:
                body[name] = service.health(self.state)
        return Response.json(orjson.dumps(body))
