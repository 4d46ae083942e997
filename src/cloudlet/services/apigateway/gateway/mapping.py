"""The request side of non-proxy REST integrations: the request's parameters, the
``$context`` of mapping templates, which request template applies (passthrough behaviour),
and the values of parameter-mapping expressions.

https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html

- The template is chosen by the request's ``Content-Type`` (``application/json`` when it has
  none), compared without parameters. With no template for it, ``passthroughBehavior``
  decides: ``WHEN_NO_MATCH`` passes the body through unchanged; ``WHEN_NO_TEMPLATES`` passes
  it through only when the integration has no templates at all; ``NEVER`` passes nothing
  through. Refused: 415 ``{"message": "Unsupported Media Type"}``.
- A template that is empty (``""`` or ``null``) passes the body through.
- ``$context`` is the proxy event's ``requestContext`` plus ``requestOverride``
  (``header``, ``querystring``, ``path``) and ``responseOverride`` (``header``,
  ``status``), which templates may set.
- Mapping expressions (``requestParameters`` values, ``responseParameters`` values):
  ``'literal'``, ``method.request.{path|querystring|header|multivaluequerystring|
  multivalueheader}.NAME``, ``method.request.body`` and ``method.request.body.JSONPath``,
  ``stageVariables.NAME``, ``context.NAME.NAME``; on the response side
  ``integration.response.header.NAME``, ``integration.response.multivalueheader.NAME``,
  ``integration.response.body[.JSONPath]``.

LIMITATIONS: a request body that is binary (the API's ``binaryMediaTypes``) without
``contentHandling`` is given to templates as UTF-8 text with replacement characters. Header
names in ``$input.params().header`` are canonicalised (``User-Agent``): the server keeps
only lower-cased names, where AWS keeps them as the client sent them.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.services.apigateway.gateway import context_vars
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.mapping_jsonpath import JsonPathError, evaluate
from cloudlet.services.apigateway.gateway.proxy import (
    binary_types,
    canonical,
    is_binary,
    media_type,
    parse_query,
)
from cloudlet.services.apigateway.gateway.vtl import UTIL, Input, VtlError, parse_body, render

if TYPE_CHECKING:
    from cloudlet.services.apigateway.gateway.invocation import Invocation

log = logging.getLogger("cloudlet")

DEFAULT_CONTENT_TYPE = "application/json"


def request_params(inv: Invocation) -> dict[str, dict[str, str]]:
    """``$input.params()``: ``{path, querystring, header}``, the last value of a repeated
    name, header names as sent."""
    query, _ = parse_query(inv.request.query_string)
    headers: dict[str, str] = {}
    for name, value in inv.request.raw_headers:
        headers[canonical(name)] = value
    return {"path": dict(inv.path_params), "querystring": dict(query or {}), "header": headers}


def multi_params(inv: Invocation) -> dict[str, dict[str, list[str]]]:
    _, query = parse_query(inv.request.query_string)
    headers: dict[str, list[str]] = {}
    for name, value in inv.request.raw_headers:
        headers.setdefault(canonical(name), []).append(value)
    return {"multivaluequerystring": dict(query or {}), "multivalueheader": headers}


def template_context(inv: Invocation) -> dict[str, Any]:
    """``$context`` for one template (a fresh copy each time: templates may write it)."""
    context = context_vars.request_context(inv)
    context.setdefault("authorizer", {})
    context["requestOverride"] = {"header": {}, "querystring": {}, "path": {}}
    context["responseOverride"] = {"header": {}, "status": None}
    return context


def request_body(inv: Invocation) -> bytes:
    """The body as the integration sees it, after the integration's ``contentHandling``."""
    body = inv.request.body
    handling = inv.integration.get("contentHandling")
    binary = is_binary(inv.request.headers.get("content-type"), binary_types(inv))
    if handling == "CONVERT_TO_TEXT" and binary:
        return base64.b64encode(body)
    if handling == "CONVERT_TO_BINARY" and not binary:
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise GatewayError("API_CONFIGURATION_ERROR") from None
    return body


def select_template(templates: dict[str, Any] | None, content_type: str | None,
                    behavior: str | None) -> tuple[str | None, str | None]:
    """``(media type, template)`` for a request, ``(None, None)`` to pass the body through,
    GatewayError 415 when the passthrough behaviour refuses it."""
    wanted = media_type(content_type) or DEFAULT_CONTENT_TYPE
    templates = templates or {}
    for key, template in templates.items():
        if key.lower() == wanted:
            return key, template or None
    behavior = behavior or "WHEN_NO_MATCH"
    if behavior == "WHEN_NO_MATCH" or (behavior == "WHEN_NO_TEMPLATES" and not templates):
        return None, None
    raise GatewayError("UNSUPPORTED_MEDIA_TYPE")


def variables(inv: Invocation, body: str, context: dict[str, Any],
              params: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """The namespace of a mapping template over ``body``."""
    return {
        "input": Input(body, params if params is not None else request_params(inv)),
        "util": UTIL,
        "context": context,
        "stageVariables": dict(inv.stage_variables),
    }


def render_template(template: str, names: dict[str, Any], what: str) -> str:
    """Render, turning a template failure into API Gateway's 500 (the reason logged)."""
    try:
        return render(template, names)
    except VtlError as error:
        log.warning("mapping template (%s) failed: %s", what, error)
        raise GatewayError("API_CONFIGURATION_ERROR") from None


def map_request(inv: Invocation) -> tuple[bytes, dict[str, Any], str | None]:
    """``(integration request body, $context after the template, template media type)``."""
    integration = inv.integration
    body = request_body(inv)
    context = template_context(inv)
    key, template = select_template(integration.get("requestTemplates"),
                                    inv.request.headers.get("content-type"),
                                    integration.get("passthroughBehavior"))
    if template is None:
        return body, context, key
    text = body.decode("utf-8", "replace")
    rendered = render_template(template, variables(inv, text, context), "request")
    return rendered.encode(), context, key


def _literal(expression: str) -> str | None:
    if len(expression) >= 2 and expression[0] == "'" and expression[-1] == "'":
        return expression[1:-1]
    return None


def _path_value(document: Any, path: str) -> str | None:
    try:
        value = evaluate(path, document)
    except JsonPathError:
        raise GatewayError("API_CONFIGURATION_ERROR") from None
    if value is None:
        return None
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _context_value(context: dict[str, Any], dotted: str) -> str | None:
    value: Any = context
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _shared_value(inv: Invocation, expression: str, context: dict[str, Any], body_name: str,
                  body: Callable[[], str]) -> tuple[bool, str | None]:
    """What both directions name alike: a literal, a stage variable, a context value, the
    body (``body_name``; read only when named) or a JSONPath into it. ``(False, None)`` for
    anything else."""
    literal = _literal(expression)
    if literal is not None:
        return True, literal
    if expression.startswith("stageVariables."):
        return True, inv.stage_variables.get(expression.split(".", 1)[1])
    if expression.startswith("context."):
        return True, _context_value(context, expression.split(".", 1)[1])
    if expression == body_name:
        return True, body()
    if expression.startswith(body_name + "."):
        return True, _path_value(parse_body(body()), "$." + expression[len(body_name) + 1:])
    return False, None


def request_value(inv: Invocation, expression: str,
                  context: dict[str, Any]) -> str | list[str] | None:
    """The value a request-parameter mapping expression names (None when absent)."""
    expression = expression.strip()
    named, value = _shared_value(inv, expression, context, "method.request.body",
                                 lambda: inv.request.body.decode("utf-8", "replace"))
    if named:
        return value
    parts = expression.split(".", 3)
    if len(parts) == 4 and parts[:2] == ["method", "request"]:
        kind, name = parts[2], parts[3]
        if kind in ("path", "querystring", "header"):
            found = request_params(inv)[kind]
            if kind == "header":
                lowered = name.lower()
                return next((v for k, v in found.items() if k.lower() == lowered), None)
            return found.get(name)
        if kind in ("multivaluequerystring", "multivalueheader"):
            multi = multi_params(inv)[kind]
            if kind == "multivalueheader":
                lowered = name.lower()
                return next((v for k, v in multi.items() if k.lower() == lowered), None)
            return multi.get(name)
    log.warning("API %s: unsupported mapping expression %r", inv.api.api_id, expression)
    raise GatewayError("API_CONFIGURATION_ERROR", f"not supported: mapping expression {expression}")


def response_value(inv: Invocation, expression: str, headers: list[tuple[str, str]],
                   body: str, context: dict[str, Any]) -> str | None:
    """The value a response-parameter mapping expression names (None when absent)."""
    expression = expression.strip()
    named, value = _shared_value(inv, expression, context, "integration.response.body",
                                 lambda: body)
    if named:
        return value
    for prefix, joined in (("integration.response.header.", False),
                           ("integration.response.multivalueheader.", True)):
        if expression.startswith(prefix):
            name = expression[len(prefix):].lower()
            values = [v for k, v in headers if k.lower() == name]
            if not values:
                return None
            return ",".join(values) if joined else values[-1]
    if expression.startswith("method.request."):
        found = request_value(inv, expression, context)
        return ",".join(found) if isinstance(found, list) else found
    log.warning("API %s: unsupported mapping expression %r", inv.api.api_id, expression)
    raise GatewayError("API_CONFIGURATION_ERROR", f"not supported: mapping expression {expression}")
