"""From an integration's answer to the method's response: select the integration response,
map its headers, render its template, convert its content.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html

- The selection key is the Lambda function's ``errorMessage`` when it failed, the HTTP status
  code of an HTTP or AWS service integration, the ``statusCode`` of a MOCK request template.
  Each integration response's ``selectionPattern`` is a regular expression that must match
  the whole key; none matching, the default response (no pattern) answers. A successful
  Lambda function always gets the default response. Neither: 500 ``Internal server error``
  (AWS's log: "No match for output mapping and no default output mapping configured").
- The status is the integration response's ``statusCode``; ``responseParameters`` set
  ``method.response.header.NAME`` from ``'literal'``, ``integration.response.header.NAME``,
  ``integration.response.body[.JSONPath]``, ``stageVariables.NAME``, ``context.NAME``.
- The response template is chosen by the request's ``Accept`` (``application/json`` when
  absent, the first template when none matches) and its media type is the response's
  ``Content-Type``; no template (or an empty one) passes the integration's body through.
  Templates may set ``$context.responseOverride.status`` and ``.header.NAME``.
- ``contentHandling``: ``CONVERT_TO_TEXT`` answers a binary body base64-encoded,
  ``CONVERT_TO_BINARY`` decodes a base64 body (a JSON string body, as a Lambda function
  returns it, is unquoted first).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import re
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server.http import Response
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.mapping import (
    render_template,
    response_value,
    template_context,
    variables,
)
from cloudlet.services.apigateway.gateway.proxy import media_type

if TYPE_CHECKING:
    from cloudlet.services.apigateway.gateway.invocation import Invocation

log = logging.getLogger("cloudlet")

_HEADER = "method.response.header."


def select(integration: dict[str, Any], key: str | None) -> dict[str, Any] | None:
    """The integration response for selection ``key`` (None: the default response)."""
    responses: dict[str, Any] = integration.get("integrationResponses") or {}
    default = None
    for status in sorted(responses):
        response = responses[status]
        pattern = response.get("selectionPattern")
        if not pattern:
            default = default or response
            continue
        if key is None:
            continue
        try:
            if re.fullmatch(pattern, key) is not None:
                return dict(response)
        except re.error:
            log.warning("integration response %s: bad selectionPattern %r", status, pattern)
    return dict(default) if default is not None else None


def _response_template(templates: dict[str, Any] | None,
                       accept: str | None) -> tuple[str | None, str | None]:
    if not templates:
        return None, None
    by_type = {k.lower(): (k, v) for k, v in templates.items()}
    for part in (accept or "").split(","):
        wanted = media_type(part)
        if wanted in by_type:
            return by_type[wanted]
    if "application/json" in by_type:
        return by_type["application/json"]
    first = next(iter(templates))
    return first, templates[first]


def _convert(body: bytes, handling: str | None) -> bytes:
    if handling == "CONVERT_TO_TEXT":
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(body)
        return body
    if handling == "CONVERT_TO_BINARY":
        text = body.strip()
        if text.startswith(b'"'):
            with contextlib.suppress(orjson.JSONDecodeError):
                text = str(orjson.loads(text)).encode()
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            log.warning("CONVERT_TO_BINARY: the integration's body is not base64")
            raise GatewayError("API_CONFIGURATION_ERROR") from None
    return body


def respond(inv: Invocation, key: str | None, body: bytes,
            headers: list[tuple[str, str]] | None = None, *,
            default_type: str = "application/json", what: str = "") -> Response:
    """The method response for an integration answer ``body`` (with ``headers``)."""
    integration = inv.integration
    chosen = select(integration, key)
    if chosen is None:
        log.warning("API %s %s %s: Execution failed due to configuration error: No match for "
                    "output mapping and no default output mapping configured (%s)",
                    inv.api.api_id, inv.http_method, inv.resource_path, what or key)
        raise GatewayError("API_CONFIGURATION_ERROR")
    headers = headers or []
    text = body.decode("utf-8", "replace")
    context = template_context(inv)
    status = int(chosen.get("statusCode") or 200)
    out_headers: list[tuple[str, str]] = []
    content_type = default_type
    media, template = _response_template(chosen.get("responseTemplates"),
                                         inv.request.headers.get("accept"))
    out_body = body
    if template:
        out_body = render_template(template, variables(inv, text, context), "response").encode()
    if media:
        content_type = media
    for target, expression in (chosen.get("responseParameters") or {}).items():
        if not target.startswith(_HEADER):
            continue
        value = response_value(inv, str(expression), headers, text, context)
        if value is not None:
            out_headers.append((target[len(_HEADER):], value))
    override = context.get("responseOverride") or {}
    if override.get("status") not in (None, ""):
        try:
            status = int(override["status"])
        except (TypeError, ValueError):
            log.warning("responseOverride.status %r is not a status code", override["status"])
    for name, value in (override.get("header") or {}).items():
        out_headers = [(k, v) for k, v in out_headers if k.lower() != str(name).lower()]
        out_headers.append((str(name), str(value)))
    out_body = _convert(out_body, chosen.get("contentHandling"))
    if not any(k.lower() == "content-type" for k, _ in out_headers):
        out_headers.insert(0, ("Content-Type", content_type))
    return Response(status, out_body, out_headers)
