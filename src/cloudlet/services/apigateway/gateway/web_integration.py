"""REST ``HTTP`` and ``HTTP_PROXY`` integrations: a request to an HTTP endpoint.

https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html

- The URL is the integration's ``uri`` with ``${stageVariables.x}`` substituted and each
  ``{name}`` replaced by the value its ``integration.request.path.name`` mapping names
  (``method.request.path.name``, a literal, ...), percent-encoded; a placeholder with no
  mapping takes the path parameter of the same name. The method is ``httpMethod`` (``ANY``:
  the request's).
- ``HTTP_PROXY`` sends the request's query string, headers (not ``Host``; with
  ``X-Forwarded-For``/``-Port``/``-Proto`` and ``X-Amzn-Trace-Id`` added) and body as they came, and answers the endpoint's status, headers and body unchanged.
- ``HTTP`` sends only the mapped ``integration.request.querystring.*`` and
  ``integration.request.header.*`` parameters, the request template's output (or the body
  passed through) with its ``Content-Type``; the endpoint's status code selects the
  integration response. Templates may set ``$context.requestOverride.header|querystring|path``.
- The call runs in a thread (``http.client``) with the integration's ``timeoutInMillis``
  (29 s by default): past it, 504 ``{"message": "Endpoint request timed out"}``; an endpoint
  that cannot be reached answers 500 ``Internal server error`` (logged).

LIMITATIONS: ``connectionType`` ``VPC_LINK``, ``tlsConfig`` and streamed responses
(``responseTransferMode``) are not supported; HTTPS endpoints are called without checking
certificates against anything but the system store.
"""

from __future__ import annotations

import asyncio
import http.client
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit

from cloudlet.server.http import Response
from cloudlet.services.apigateway.gateway import observe
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.integration_responses import respond
from cloudlet.services.apigateway.gateway.lambda_call import substitute_stage_variables
from cloudlet.services.apigateway.gateway.mapping import (
    map_request,
    request_value,
    template_context,
)
from cloudlet.services.apigateway.gateway.proxy import request_headers

if TYPE_CHECKING:
    from cloudlet.services.apigateway.gateway.invocation import Invocation

log = logging.getLogger("cloudlet")

DEFAULT_TIMEOUT_MS = 29_000
_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.\-]+)\+?\}")
_HOP_BY_HOP = frozenset({"host", "connection", "keep-alive", "transfer-encoding", "te",
                         "upgrade", "proxy-authorization", "proxy-connection", "trailer",
                         "content-length"})


@dataclass(slots=True)
class Outgoing:
    method: str
    url: str
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(slots=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def _mapped(inv: Invocation, context: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``integration.request.{path,querystring,header,...}.NAME`` -> value."""
    out: dict[str, dict[str, Any]] = {"path": {}, "querystring": {}, "header": {},
                                      "multivaluequerystring": {}, "multivalueheader": {}}
    for target, expression in (inv.integration.get("requestParameters") or {}).items():
        parts = str(target).split(".", 3)
        if len(parts) != 4 or parts[:2] != ["integration", "request"] or parts[2] not in out:
            continue
        value = request_value(inv, str(expression), context)
        if value is not None:
            out[parts[2]][parts[3]] = value
    return out


def _url(inv: Invocation, path_values: dict[str, Any]) -> str:
    uri = substitute_stage_variables(str(inv.integration.get("uri") or ""), inv.stage_variables)

    def replace(found: re.Match[str]) -> str:
        name = found[1]
        value = path_values.get(name, inv.path_params.get(name))
        if value is None:
            return found[0]
        greedy = found[0].endswith("+}")
        return quote(str(value), safe="/" if greedy or name == "proxy" else "")

    return _PLACEHOLDER.sub(replace, uri)


def _with_query(url: str, query: str) -> str:
    if not query:
        return url
    return f"{url}{'&' if '?' in url else '?'}{query}"


def build(inv: Invocation, proxy: bool) -> tuple[Outgoing, dict[str, Any]]:
    """The request to send and the ``$context`` after the request template."""
    method = str(inv.integration.get("httpMethod") or "ANY").upper()
    if method == "ANY":
        method = inv.http_method
    if proxy:
        context = template_context(inv)
        mapped = _mapped(inv, context)
        url = _with_query(_url(inv, mapped["path"]), inv.request.query_string)
        _, multi = request_headers(inv)
        headers = [(k, v) for k, values in multi.items() for v in values
                   if k.lower() not in _HOP_BY_HOP]
        for name, value in mapped["header"].items():
            headers = [(k, v) for k, v in headers if k.lower() != name.lower()]
            headers.append((name, str(value)))
        return Outgoing(method, url, headers, inv.request.body), context
    body, context, media = map_request(inv)
    mapped = _mapped(inv, context)
    override = context.get("requestOverride") or {}
    mapped["path"].update(override.get("path") or {})
    query: list[tuple[str, str]] = []
    for name, value in mapped["multivaluequerystring"].items():
        query.extend((name, str(v)) for v in (value if isinstance(value, list) else [value]))
    for name, value in {**mapped["querystring"], **(override.get("querystring") or {})}.items():
        query.append((name, str(value)))
    url = _with_query(_url(inv, mapped["path"]), urlencode(query))
    headers = []
    for name, value in mapped["multivalueheader"].items():
        headers.extend((name, str(v)) for v in (value if isinstance(value, list) else [value]))
    for name, value in {**mapped["header"], **(override.get("header") or {})}.items():
        headers.append((name, str(value)))
    if not any(k.lower() == "content-type" for k, _ in headers):
        content_type = media or inv.request.headers.get("content-type")
        if content_type and body:
            headers.append(("Content-Type", content_type))
    return Outgoing(method, url, headers, body), context


def send(out: Outgoing, timeout_s: float) -> Answer:
    """One blocking HTTP exchange (run in a thread)."""
    parts = urlsplit(out.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise GatewayError("API_CONFIGURATION_ERROR", f"Invalid endpoint address {out.url}")
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout_s)
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout_s)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    try:
        conn.putrequest(out.method, target, skip_accept_encoding=True)
        for name, value in out.headers:
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(out.body)))
        conn.endheaders(out.body)
        answer = conn.getresponse()
        body = answer.read()
        return Answer(answer.status, [(k, v) for k, v in answer.getheaders()], body)
    finally:
        conn.close()


async def call(inv: Invocation, out: Outgoing) -> Answer:
    timeout_ms = int(inv.integration.get("timeoutInMillis") or DEFAULT_TIMEOUT_MS)
    try:
        return await asyncio.wait_for(asyncio.to_thread(send, out, timeout_ms / 1000),
                                      timeout_ms / 1000 + 0.5)
    except TimeoutError:
        raise GatewayError("INTEGRATION_TIMEOUT") from None
    except GatewayError:
        raise
    except (OSError, http.client.HTTPException) as error:
        log.warning("API %s: Execution failed due to a network error calling %s %s: %s",
                    inv.api.api_id, out.method, out.url, error)
        raise GatewayError("INTEGRATION_FAILURE", "Internal server error", status=500) from None


async def run(inv: Invocation, proxy: bool) -> Response:
    """Run an ``HTTP`` (``proxy=False``) or ``HTTP_PROXY`` integration."""
    out, _ = build(inv, proxy)
    observe.sent(out.url, out.body)
    answer = await call(inv, out)
    observe.answered(answer.status, answer.body)
    if proxy:
        headers = [(k, v) for k, v in answer.headers if k.lower() not in _HOP_BY_HOP]
        return Response(answer.status, answer.body, headers)
    content_type = next((v for k, v in answer.headers if k.lower() == "content-type"),
                        "application/json")
    return respond(inv, str(answer.status), answer.body, answer.headers,
                   default_type=content_type, what=f"status {answer.status}")
