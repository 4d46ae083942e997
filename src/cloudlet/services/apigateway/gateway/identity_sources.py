"""Reading an authorizer's identity sources from a request.

https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html (``identitySource``)

A source is ``method.request.header.NAME`` (case-insensitive name; repeated headers joined
with ``,``), ``method.request.multivalueheader.NAME``, ``method.request.querystring.NAME``
(the last value), ``method.request.multivaluequerystring.NAME``, ``stageVariables.NAME`` or
``context.NAME`` (a ``$context`` variable, dotted for nested ones:
``context.identity.sourceIp``). An absent or empty value is None.

LIMITATIONS: path parameters are not identity sources (nor are they on AWS).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.services.apigateway.gateway.context_vars import request_context

if TYPE_CHECKING:
    from cloudlet.services.apigateway.gateway.invocation import Invocation


def _query(inv: Invocation, name: str) -> list[str]:
    return [v for k, v in inv.request.query() if k == name]


def identity_value(inv: Invocation, source: str) -> str | None:
    """The value of ``source`` in ``inv`` (None when absent or empty)."""
    found: str | None = None
    if source.startswith("method.request.header."):
        found = inv.request.headers.get(source.removeprefix("method.request.header.").lower())
    elif source.startswith("method.request.multivalueheader."):
        name = source.removeprefix("method.request.multivalueheader.").lower()
        found = ",".join(v for k, v in inv.request.raw_headers if k == name)
    elif source.startswith("method.request.querystring."):
        values = _query(inv, source.removeprefix("method.request.querystring."))
        found = values[-1] if values else None
    elif source.startswith("method.request.multivaluequerystring."):
        found = ",".join(_query(inv, source.removeprefix("method.request.multivaluequerystring.")))
    elif source.startswith("stageVariables."):
        found = inv.stage_variables.get(source.removeprefix("stageVariables."))
    elif source.startswith("context."):
        value: Any = request_context(inv)
        for part in source.removeprefix("context.").split("."):
            value = value.get(part) if isinstance(value, dict) else None
        found = None if value is None or isinstance(value, dict | list) else str(value)
    return found or None
