"""Gateway responses: what a REST API answers when the gateway itself fails the request.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html

- The default body is ``{"message":$context.error.messageString}`` with the type's status
  (``errors.DEFAULTS``) or the status the error carries.
- A response the API customised (PutGatewayResponse, deployed in the snapshot's
  ``gatewayResponses``) for the error's type wins; otherwise ``DEFAULT_4XX`` or
  ``DEFAULT_5XX`` (by the status class) applies. Its ``statusCode`` replaces the status;
  its ``responseParameters`` ``gatewayresponse.header.X`` set headers from a ``'literal'``,
  ``method.request.header|querystring|path.x``, ``stageVariables.x`` or ``context.x``;
  its ``responseTemplates`` (the ``application/json`` one, else the first) make the body.
- Templates: ``$context.x.y`` (``$context.error.messageString`` is the message as a JSON
  string, ``$context.error.message`` the bare text, ``$context.error.responseType``) and
  ``$stageVariables.x`` are substituted, also in the ``${...}`` form.

LIMITATIONS: templates are substituted, not evaluated as VTL (no ``#if``/``#foreach``, no
``$input``/``$util``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server.http import Response

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.services.apigateway.gateway.errors import GatewayError

_VARIABLE = re.compile(r"\$(?:\{(context|stageVariables)\.([A-Za-z0-9_.]+)\}"
                       r"|(context|stageVariables)\.([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*))")
DEFAULT_TEMPLATE = '{"message":$context.error.messageString}'

# x-amzn-ErrorType as AWS sends it for the 5XX responses.
_SERVER_ERROR_TYPE = "InternalServerErrorException"


def lookup(tree: dict[str, Any], dotted: str) -> Any:
    """``tree["a"]["b"]`` for ``"a.b"``; None when any step is missing."""
    node: Any = tree
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return orjson.dumps(value).decode()
    return str(value)


def substitute(template: str, context: dict[str, Any], variables: dict[str, str],
               missing: str = "") -> str:
    """``$context.x.y`` and ``$stageVariables.x`` (also ``${...}``) replaced by their
    values; a name with no value by ``missing``. A trailing part that is no variable
    (``$context.requestId.html``) is left as text."""

    def replace(found: re.Match[str]) -> str:
        root = found[1] or found[3]
        dotted = found[2] or found[4]
        tree: dict[str, Any] = context if root == "context" else dict(variables)
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            value = lookup(tree, ".".join(parts[:cut]))
            if isinstance(value, dict) and cut < len(parts):
                break  # $context.error.message with no error.message
            if value is not None:
                return as_text(value) + "".join("." + p for p in parts[cut:])
        return missing

    return _VARIABLE.sub(replace, template)


def _customised(snapshot: dict[str, Any] | None, response_type: str) -> dict[str, Any] | None:
    found = ((snapshot or {}).get("gatewayResponses") or {}).get(response_type)
    if not found or found.get("defaultResponse") is True:
        return None
    result: dict[str, Any] = found
    return result


def _parameter(source: str, request: Request | None, path_params: dict[str, str],
               variables: dict[str, str], context: dict[str, Any]) -> str | None:
    if len(source) >= 2 and source.startswith("'") and source.endswith("'"):
        return source[1:-1]
    if source.startswith("method.request.header.") and request is not None:
        return request.headers.get(source.removeprefix("method.request.header.").lower())
    if source.startswith("method.request.querystring.") and request is not None:
        name = source.removeprefix("method.request.querystring.")
        values = [v for k, v in request.query() if k == name]
        return values[-1] if values else None
    if source.startswith("method.request.path."):
        return path_params.get(source.removeprefix("method.request.path."))
    if source.startswith("stageVariables."):
        return variables.get(source.removeprefix("stageVariables."))
    if source.startswith("context."):
        value = lookup(context, source.removeprefix("context."))
        return None if value is None else as_text(value)
    return None


def render(error: GatewayError, context: dict[str, Any], *,
           snapshot: dict[str, Any] | None = None, request: Request | None = None,
           path_params: dict[str, str] | None = None,
           variables: dict[str, str] | None = None) -> Response:
    """The gateway response for ``error``; ``context`` is the request's ``$context``
    (``error.*`` is filled in here)."""
    status = error.status
    fallback = _customised(snapshot, "DEFAULT_5XX" if status >= 500 else "DEFAULT_4XX")
    own = _customised(snapshot, error.response_type)
    chosen = own or fallback
    code = (own or {}).get("statusCode") or (fallback or {}).get("statusCode")
    if code:
        status = int(code)
    ctx = dict(context)
    ctx["error"] = {"message": error.message, "messageString": orjson.dumps(error.message).decode(),
                    "responseType": error.response_type, "validationErrorString": ""}
    variables = variables or {}
    headers: dict[str, str] = {}
    if status >= 500:
        headers["x-amzn-ErrorType"] = _SERVER_ERROR_TYPE
    headers.update(error.headers)
    parameters: dict[str, str] = {}
    for doc in (fallback, own):
        parameters.update((doc or {}).get("responseParameters") or {})
    for target, source in parameters.items():
        if not target.startswith("gatewayresponse.header."):
            continue
        value = _parameter(source, request, path_params or {}, variables, ctx)
        if value is not None:
            headers[target.removeprefix("gatewayresponse.header.")] = value
    templates: dict[str, str] = (chosen or {}).get("responseTemplates") or {}
    content_type = "application/json"
    template = DEFAULT_TEMPLATE
    if templates:
        content_type = "application/json" if "application/json" in templates else next(iter(templates))
        template = templates[content_type]
    body = substitute(template, ctx, variables).encode()
    out = [("content-type", content_type)]
    out.extend((k, v) for k, v in headers.items() if k.lower() != "content-type")
    if any(k.lower() == "content-type" for k in headers):
        out[0] = ("content-type", next(v for k, v in headers.items() if k.lower() == "content-type"))
    return Response(status, body, out)
