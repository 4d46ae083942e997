"""Guarded http events on cloudlet: ``private: true`` with ``provider.apiGateway.apiKeys``
and a usage plan (the generated key opens the endpoint, no key gets 403, ``cors`` answers
the preflight), and ``request.schemas`` (a body that breaks the model gets 400)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_client
from tests.e2e.apigateway_support import send
from tests.e2e.serverless.support import deploy_service
from tests.server import RunningServer

SERVICE = """\
service: slsprivate
provider:
  name: aws
  runtime: python3.12
  apiGateway:
    apiKeys: [slsprivate-key]
    usagePlan:
      throttle: {burstLimit: 100, rateLimit: 50}
functions:
  secret:
    handler: handler.handle
    events:
      - http: {path: secret, method: get, private: true, cors: true}
"""

HANDLER = """\
def handle(event, context):
    return {"statusCode": 200, "body": "the secret"}
"""


def test_api_key_required_and_preflight(server: RunningServer, tmp_path: Path) -> None:
    service = tmp_path / "svc"
    service.mkdir()
    (service / "serverless.yml").write_text(SERVICE)
    (service / "handler.py").write_text(HANDLER)
    deployed = deploy_service(server, service, tmp_path / "out", stage="slspriv")
    api = deployed.stack.physical("ApiGatewayRestApi")
    key_id = deployed.stack.physical("ApiGatewayApiKey1")
    value = make_client(server, "apigateway").get_api_key(apiKey=key_id,
                                                          includeValue=True)["value"]
    target = f"/restapis/{api}/slspriv/_user_request_/secret"

    assert send(server, "GET", target)[0] == 403
    status, _, body = send(server, "GET", target, headers=[("x-api-key", value)])
    assert (status, body) == (200, b"the secret")
    status, headers, _ = send(server, "OPTIONS", target, headers=[
        ("Origin", "https://app.example"), ("Access-Control-Request-Method", "GET")])
    assert status == 200
    allowed = {k.lower(): v for k, v in headers}
    assert allowed["access-control-allow-origin"] == "*"
    assert allowed["access-control-allow-methods"] == "OPTIONS,GET"


VALIDATED = """\
service: slsvalid
provider:
  name: aws
  runtime: python3.12
functions:
  orders:
    handler: handler.handle
    events:
      - http:
          path: orders
          method: post
          request:
            schemas:
              application/json:
                type: object
                required: [id]
                properties: {id: {type: string}}
"""


def test_request_schemas_are_validated(server: RunningServer, tmp_path: Path) -> None:
    service = tmp_path / "svc"
    service.mkdir()
    (service / "serverless.yml").write_text(VALIDATED)
    (service / "handler.py").write_text(HANDLER)
    deployed = deploy_service(server, service, tmp_path / "out", stage="slsvalid")
    api = deployed.stack.physical("ApiGatewayRestApi")
    target = f"/restapis/{api}/slsvalid/_user_request_/orders"
    json_type = [("Content-Type", "application/json")]

    status, _, body = send(server, "POST", target, headers=json_type, body=b'{"qty": 1}')
    assert status == 400, body
    assert b"Invalid request body" in body
    assert send(server, "POST", target, headers=json_type, body=b'{"id": "o1"}')[0] == 200
