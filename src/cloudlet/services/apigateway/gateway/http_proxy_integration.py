"""HTTP_PROXY integrations of HTTP APIs, and parameter mapping.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-http.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html

- The request goes to ``IntegrationUri`` with ``IntegrationMethod`` (``ANY``: the request's
  own method), the request's headers (less ``host`` and hop-by-hop ones), query string and
  body; the backend's status, headers and body come back unchanged.
- ``{name}`` in the URI is the route's path variable (``https://b.example/{proxy}`` for
  ``ANY /{proxy+}``), ``${stageVariables.x}`` a stage variable. For the ``$default`` route
  the request's path is appended to the URI's path.
- An unreachable backend is 500 ``{"message":"Internal Server Error"}``; one slower than
  ``TimeoutInMillis`` (30 s by default) 503 ``{"message":"Service Unavailable"}``.
- ``RequestParameters`` change the request before it is sent: ``append:``/``overwrite:``/
  ``remove:`` ``header.{name}`` or ``querystring.{name}``, and ``overwrite:path`` (for
  Lambda integrations too: the event shows the changed request). Values
  are text with ``$request.header.x``, ``$request.querystring.x``, ``$request.body``
  (the whole body), ``$request.body.x`` (JSONPath into the first 100 KB of a JSON body),
  ``$request.path``, ``$request.path.x``, ``$context.x`` and ``$stageVariables.x`` (also
  as ``${...}``).
- ``ResponseParameters`` (keyed by the backend's status code, for HTTP_PROXY and Lambda
  integrations alike) change the response: ``append:``/``overwrite:``/``remove:``
  ``header.{name}`` and ``overwrite:statuscode``, with ``$response.header.x``,
  ``$response.body`` and ``$response.body.x`` besides the variables above.

LIMITATIONS: JSONPath recursive descent and filters are refused (501 ``not supported``),
as AWS refuses them; on Lambda integrations ``overwrite:path`` changes the path below the
stage (``rawPath`` keeps the stage segment); VPC links,
``TlsConfig`` and mutual TLS are not supported. The backend is called from a worker thread
(one connection per request, no keep-alive); ``x-forwarded-for``/``-proto``/``-port`` are
added as a load balancer would (AWS's exact set is not documented).
"""

from __future__ import annotations

import asyncio
import re
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit, urlunsplit

import orjson

from cloudlet.server.http import Request, Response
from cloudlet.services.apigateway.gateway import mapping_jsonpath as jsonpath
from cloudlet.services.apigateway.gateway.http_errors import (
    INTERNAL,
    UNAVAILABLE,
    HttpApiError,
    NotSupported,
)
from cloudlet.services.apigateway.gateway.http_invocation import HttpInvocation
from cloudlet.services.apigateway.gateway.http_routing import DEFAULT_ROUTE
from cloudlet.services.apigateway.gateway.lambda_call import substitute_stage_variables
from cloudlet.services.apigateway.gateway.responses import as_text, lookup

HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "te", "trailer",
                        "transfer-encoding", "upgrade", "content-length", "host"})
DEFAULT_TIMEOUT_MS = 30_000

_VARIABLE = re.compile(r"\$\{([^}]+)\}|\$([A-Za-z][A-Za-z0-9_.:-]*[A-Za-z0-9_])")
MAX_BODY_PATH = 100 * 1024


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx goes back to the client as it came


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


class Outgoing:
    """The request to the backend as parameter mapping sees and changes it."""

    def __init__(self, path: str, query: list[tuple[str, str]],
                 headers: list[tuple[str, str]]):
        self.path = path
        self.query = query
        self.headers = headers


def _value(inv: HttpInvocation, expression: str,
           response: Response | None = None) -> str | None:
    """One mapping variable (without its ``$``), or None when it has no value."""
    request = inv.request
    if expression == "request.body":
        return request.body.decode("utf-8", "replace")
    if expression.startswith("request.body."):
        return _body_value(request.body, expression.removeprefix("request.body."))
    if expression == "response.body" and response is not None:
        return response.body.decode("utf-8", "replace")
    if expression.startswith("response.body.") and response is not None:
        return _body_value(response.body, expression.removeprefix("response.body."))
    if expression.startswith("request.header."):
        return request.headers.get(expression.removeprefix("request.header.").lower())
    if expression.startswith("request.querystring."):
        name = expression.removeprefix("request.querystring.")
        values = [v for k, v in request.query() if k == name]
        return ",".join(values) if values else None
    if expression == "request.path":
        return inv.path
    if expression.startswith("request.path."):
        return inv.path_params.get(expression.removeprefix("request.path."))
    if expression.startswith("stageVariables."):
        return inv.stage_variables.get(expression.removeprefix("stageVariables."))
    if expression.startswith("context."):
        found = lookup(inv.context(), expression.removeprefix("context."))
        return None if found is None else as_text(found)
    if expression.startswith("response.header.") and response is not None:
        name = expression.removeprefix("response.header.").lower()
        values = [v for n, v in response.headers if n.lower() == name]
        return ",".join(values) if values else None
    return None


def _body_value(body: bytes, path: str) -> str | None:
    """A JSONPath into a JSON body (its first 100 KB, as AWS reads it), or None."""
    if path.startswith(".") or "?(" in path:
        raise NotSupported(f"the JSONPath {path} (recursive descent and filters)")
    try:
        document = orjson.loads(body[:MAX_BODY_PATH])
    except orjson.JSONDecodeError:
        return None
    try:
        found = jsonpath.evaluate("$." + path if not path.startswith("[") else "$" + path,
                                  document)
    except jsonpath.JsonPathError:
        raise NotSupported(f"the JSONPath {path}") from None
    return None if found is None else as_text(found)


def evaluate(inv: HttpInvocation, text: str, response: Response | None = None) -> str:
    """A mapping value with its variables filled in (an unknown one is empty)."""
    def replace(found: re.Match[str]) -> str:
        return _value(inv, found[1] or found[2], response) or ""

    return _VARIABLE.sub(replace, text)


def _parse_key(key: str) -> tuple[str, str, str]:
    """``("append", "header", "x-a")`` for ``append:header.x-a``; ``("overwrite", "path",
    "")`` for ``overwrite:path``."""
    action, _, target = key.partition(":")
    where, _, name = target.partition(".")
    return action, where, name


def _apply_list(pairs: list[tuple[str, str]], action: str, name: str, value: str,
                *, fold_case: bool) -> list[tuple[str, str]]:
    def same(other: str) -> bool:
        return other.lower() == name.lower() if fold_case else other == name

    if action == "remove":
        return [(n, v) for n, v in pairs if not same(n)]
    if action == "overwrite":
        return [(n, v) for n, v in pairs if not same(n)] + [(name.lower() if fold_case else name,
                                                             value)]
    if action == "append":
        existing = [v for n, v in pairs if same(n)]
        if fold_case and existing:
            joined = ",".join([*existing, value])
            return [(n, v) for n, v in pairs if not same(n)] + [(name.lower(), joined)]
        return [*pairs, (name.lower() if fold_case else name, value)]
    raise NotSupported(f"the parameter mapping action {action}")


def map_request(inv: HttpInvocation, outgoing: Outgoing, mapping: dict[str, str]) -> None:
    for key, text in mapping.items():
        action, where, name = _parse_key(key)
        value = "" if action == "remove" else evaluate(inv, text)
        if where == "header":
            outgoing.headers = _apply_list(outgoing.headers, action, name, value, fold_case=True)
        elif where == "querystring":
            outgoing.query = _apply_list(outgoing.query, action, name, value, fold_case=False)
        elif where == "path" and action == "overwrite":
            outgoing.path = value if value.startswith("/") else "/" + value
        else:
            raise NotSupported(f"the request parameter mapping {key}")


def map_lambda_request(inv: HttpInvocation, mapping: dict[str, str]) -> None:
    """Apply a Lambda integration's ``RequestParameters`` to ``inv``'s request, so the
    event carries the changed headers, query string and path."""
    request = inv.request
    outgoing = Outgoing(inv.path, request.query(),
                        list(request.raw_headers or request.headers.items()))
    map_request(inv, outgoing, mapping)
    joined: dict[str, str] = {}
    for name, value in outgoing.headers:
        joined[name] = f"{joined[name]},{value}" if name in joined else value
    inv.request = Request(
        method=request.method, path=unquote(outgoing.path), raw_path=outgoing.path,
        query_string=urlencode(outgoing.query), headers=joined, body=request.body,
        host=request.host, raw_headers=outgoing.headers, client=request.client)
    inv.path = outgoing.path


def map_response(inv: HttpInvocation, response: Response,
                 mappings: dict[str, dict[str, str]] | None) -> Response:
    mapping = (mappings or {}).get(str(response.status))
    if not mapping:
        return response
    original = Response(response.status, response.body, list(response.headers))
    for key, text in mapping.items():
        action, where, name = _parse_key(key)
        value = "" if action == "remove" else evaluate(inv, text, original)
        if where == "header":
            response.headers = _apply_list(response.headers, action, name, value,
                                           fold_case=True)
        elif where == "statuscode" and action == "overwrite" and value.isdigit():
            response.status = int(value)
        else:
            raise NotSupported(f"the response parameter mapping {key}")
    return response


def _target_url(inv: HttpInvocation, integration: dict[str, Any]) -> tuple[str, str]:
    """The backend URL without its query, and the URI's own query."""
    uri = substitute_stage_variables(str(integration.get("IntegrationUri") or ""),
                                     inv.stage_variables)
    for name, value in inv.path_params.items():
        uri = uri.replace("{" + name + "}", quote(value, safe="/"))
        uri = uri.replace("{" + name + "+}", quote(value, safe="/"))
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HttpApiError(INTERNAL, detail=f"invalid integration URI {uri}",
                           response_type="API_CONFIGURATION_ERROR")
    path = parts.path
    if inv.route_key == DEFAULT_ROUTE:
        path = path.rstrip("/") + inv.path
    return urlunsplit((parts.scheme, parts.netloc, path or "/", "", "")), parts.query


def _send(method: str, url: str, headers: list[tuple[str, str]], body: bytes,
          timeout_s: float) -> tuple[int, list[tuple[str, str]], bytes]:
    request = urllib.request.Request(url, data=body or None, method=method)
    for name, value in headers:
        request.add_header(name, value)
    try:
        with _OPENER.open(request, timeout=timeout_s) as answer:
            return answer.status, list(answer.headers.items()), answer.read()
    except urllib.error.HTTPError as answer:
        with answer:
            return answer.code, list(answer.headers.items()), answer.read()


async def call(inv: HttpInvocation, integration: dict[str, Any]) -> Response:
    """Send ``inv``'s request to the HTTP backend; its response, unchanged."""
    url, uri_query = _target_url(inv, integration)
    request = inv.request
    headers = [(n, v) for n, v in (request.raw_headers or list(request.headers.items()))
               if n.lower() not in HOP_BY_HOP]
    port = request.host.rsplit(":", 1)[1] if ":" in request.host else "80"
    headers += [("x-forwarded-for", inv.source_ip), ("x-forwarded-proto", "http"),
                ("x-forwarded-port", port)]
    outgoing = Outgoing(urlsplit(url).path, request.query(), headers)
    map_request(inv, outgoing, integration.get("RequestParameters") or {})
    query = "&".join(q for q in (uri_query, urlencode(outgoing.query)) if q)
    parts = urlsplit(url)
    target = urlunsplit((parts.scheme, parts.netloc, outgoing.path, query, ""))
    method = str(integration.get("IntegrationMethod") or "ANY").upper()
    if method == "ANY":
        method = request.method
    timeout_s = int(integration.get("TimeoutInMillis") or DEFAULT_TIMEOUT_MS) / 1000
    try:
        status, answer_headers, body = await asyncio.to_thread(
            _send, method, target, outgoing.headers, request.body, timeout_s)
    except TimeoutError:
        raise HttpApiError(UNAVAILABLE, detail="integration timeout",
                           response_type="INTEGRATION_TIMEOUT") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise HttpApiError(UNAVAILABLE, detail="integration timeout",
                               response_type="INTEGRATION_TIMEOUT") from None
        raise HttpApiError(INTERNAL, detail=f"integration failed: {error.reason}",
                           response_type="INTEGRATION_FAILURE") from None
    except OSError as error:
        raise HttpApiError(INTERNAL, detail=f"integration failed: {error}",
                           response_type="INTEGRATION_FAILURE") from None
    inv.log_fields["integrationStatus"] = status
    kept = [(n.lower(), v) for n, v in answer_headers if n.lower() not in HOP_BY_HOP]
    return Response(status, body, kept)
