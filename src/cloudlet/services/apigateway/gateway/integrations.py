"""Non-proxy integrations of REST APIs: ``AWS`` (Lambda custom integrations and service
actions, ``aws_integration``), ``HTTP`` and ``HTTP_PROXY`` (``web_integration``) and
``MOCK`` (here). ``AWS_PROXY`` is the pipeline's (``proxy``).

https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html

- MOCK: the request template (chosen as for any integration, passthrough rules included)
  renders something like ``{"statusCode": 200}``; its ``statusCode`` selects the integration
  response (matched against ``selectionPattern``, else the default response); no template,
  or no ``statusCode`` in it, is 200. The integration response's template renders over an
  empty body; its ``responseParameters`` give the headers. This is what CORS ``OPTIONS``
  methods are (``method.response.header.Access-Control-Allow-Origin: "'*'"``). The
  Serverless Framework's template ``{statusCode:200}`` (not JSON) is read too.
- A mapping-template failure answers 500 ``{"message": "Internal server error"}``, its reason
  logged on the ``cloudlet`` logger.

LIMITATIONS: integration caching (``cacheKeyParameters``) is not done.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cloudlet.services.apigateway.gateway import aws_integration, web_integration
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.integration_responses import respond
from cloudlet.services.apigateway.gateway.mapping import map_request

if TYPE_CHECKING:
    from cloudlet.server.http import Response
    from cloudlet.services.apigateway.gateway.invocation import Invocation

_STATUS = re.compile(r"""["']?statusCode["']?\s*:\s*["']?(\d{3})""")


async def run(inv: Invocation) -> Response:
    """Run the method's integration (any type but AWS_PROXY) and map its response."""
    kind = str(inv.integration.get("type") or "")
    if kind == "MOCK":
        return mock(inv)
    if kind == "AWS":
        return await aws_integration.run(inv)
    if kind in ("HTTP", "HTTP_PROXY"):
        return await web_integration.run(inv, proxy=kind == "HTTP_PROXY")
    raise GatewayError("API_CONFIGURATION_ERROR", f"not supported: integration type {kind}")


def mock_status(rendered: bytes | None) -> str:
    """The ``statusCode`` a MOCK request template produced (``200`` without one)."""
    if rendered is None:
        return "200"
    found = _STATUS.search(rendered.decode("utf-8", "replace"))
    return found[1] if found else "200"


def mock(inv: Invocation) -> Response:
    payload, _, media = map_request(inv)
    templates = inv.integration.get("requestTemplates") or {}
    rendered = payload if media is not None and templates.get(media) else None
    status = mock_status(rendered)
    return respond(inv, status, b"", what=f"MOCK status {status}")
