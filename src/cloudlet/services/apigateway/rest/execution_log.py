"""The execution log TestInvokeMethod answers, line by line as AWS writes it.

https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-test-method.html

Each line is ``{Java date} : {message}`` (``Thu Dec 03 17:14:07 UTC 2026``); maps are printed
as Java prints them (``{id=1, q=x}``), bodies as sent.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cloudlet.server.http import Response
    from cloudlet.services.apigateway.gateway.errors import GatewayError
    from cloudlet.services.apigateway.gateway.invocation import Invocation
    from cloudlet.services.apigateway.gateway.observe import Exchange

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def java_date(epoch_s: float) -> str:
    t = time.gmtime(epoch_s)
    return (f"{_DAYS[t.tm_wday]} {_MONTHS[t.tm_mon - 1]} {t.tm_mday:02d} "
            f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} UTC {t.tm_year}")


def java_map(pairs: Iterable[tuple[str, str]]) -> str:
    """``{a=1, b=2}``: a name given twice keeps its values joined with ``,``."""
    joined: dict[str, str] = {}
    for name, value in pairs:
        joined[name] = f"{joined[name]},{value}" if name in joined else value
    return "{" + ", ".join(f"{k}={v}" for k, v in joined.items()) + "}"


_SERVICE_PATH = re.compile(
    r"arn:aws[a-z-]*:apigateway:(?P<region>[^:]+):(?P<service>[^:]+):path/(?P<path>.*)")


def endpoint(uri: str) -> str:
    """The URL AWS logs for an integration ``uri``: ``arn:aws:apigateway:{region}:lambda:path/
    {path}`` is ``https://lambda.{region}.amazonaws.com/{path}``."""
    found = _SERVICE_PATH.fullmatch(uri)
    if found is None:
        return uri
    return f"https://{found['service']}.{found['region']}.amazonaws.com/{found['path']}"


def text(body: bytes | None) -> str:
    return (body or b"").decode("utf-8", "replace")


class ExecutionLog:
    def __init__(self, now: Callable[[], float], request_id: str, first: str | None = None):
        self._now = now
        self._lines = [f"Execution log for request {request_id}"]
        self.add(first or f"Starting execution for request: {request_id}")

    def add(self, message: str) -> None:
        self._lines.append(f"{java_date(self._now())} : {message}")

    def request(self, inv: Invocation) -> None:
        request = inv.request
        self.add(f"HTTP Method: {request.method}, Resource Path: {inv.resource_path}")
        self.add(f"Method request path: {java_map(inv.path_params.items())}")
        query = [tuple(p.split("=", 1)) if "=" in p else (p, "")
                 for p in request.query_string.split("&") if p]
        self.add(f"Method request query string: {java_map((k, v) for k, v in query)}")
        self.add(f"Method request headers: {java_map(request.raw_headers)}")
        self.add(f"Method request body before transformations: {text(request.body)}")

    def exchange(self, exchange: Exchange, latency_ms: int,
                 answer: str = "Endpoint response body before transformations: ") -> None:
        url = endpoint(exchange.uri)
        self.add(f"Endpoint request URI: {url}")
        self.add(f"Endpoint request body after transformations: {text(exchange.request)}")
        self.add(f"Sending request to {url}")
        if exchange.status is None:
            return
        self.add(f"Received response. Status: {exchange.status}, Integration latency: "
                 f"{latency_ms} ms")
        self.add(f"{answer}{text(exchange.response)}")

    def outcome(self, response: Response, failed: GatewayError | None) -> None:
        if failed is not None:
            kind = "configuration error" if failed.status >= 500 else "an error"
            self.add(f"Execution failed due to {kind}: {failed.message}")
        else:
            self.add(f"Method response body after transformations: {text(response.body)}")
            self.add(f"Method response headers: {java_map(response.headers)}")
            self.add("Successfully completed execution")
        self.add(f"Method completed with status: {response.status}")

    def text(self) -> str:
        return "\n".join(self._lines) + "\n"
