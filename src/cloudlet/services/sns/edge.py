"""cloudlet's own SNS URLs (not AWS APIs), under ``/_cloudlet/sns/``.

- ``GET /_cloudlet/sns/SimpleNotificationService.pem``: the certificate that signs every
  message (``SigningCertURL``; see ``signing``).
- ``GET /_cloudlet/sns/messages[?endpoint=ADDRESS]``: the email, email-json and SMS messages
  SNS would have sent (confirmations included), oldest first, as
  ``{"messages": [{"id", "account", "region", "protocol", "endpoint", "subscriptionArn",
  "topicArn", "type", "subject", "body", "timestamp"}]}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import orjson

from cloudlet.server.http import Response
from cloudlet.services.sns.registry import service, store_of
from cloudlet.services.sns.signing import CERT_PATH

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState


@service.route(prefix="/_cloudlet/sns")
async def serve(state: ServerState, request: Request, params: dict[str, str]) -> Response | None:
    path = params["path"]
    if request.method != "GET":
        return None
    if path == CERT_PATH.removeprefix("/_cloudlet/sns"):
        return Response(200, store_of(state).signer.certificate,
                        [("content-type", "application/x-pem-file")])
    if path.rstrip("/") == "/messages":
        endpoint = parse_qs(request.query_string).get("endpoint", [None])[0]
        body = {"messages": store_of(state).recorded(endpoint)}
        return Response.json(orjson.dumps(body))
    return None
