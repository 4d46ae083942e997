"""``integration: lambda`` on cloudlet: our request template builds the event the
framework's does (body, method, headers, query, path, stage, requestPath...), and an error
message carrying ``[404]`` selects that status."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.serverless.support import deploy_service, http
from tests.server import RunningServer

SERVICE = """\
service: slslegacy
provider:
  name: aws
  runtime: python3.12
functions:
  legacy:
    handler: handler.handle
    events:
      - http: {path: 'items/{id}', method: post, integration: lambda}
"""

HANDLER = """\
def handle(event, context):
    if event["path"]["id"] == "missing":
        raise Exception("[404] no such item")
    return event
"""


def test_the_event_shape_and_status_selection(server: RunningServer, tmp_path: Path) -> None:
    service = tmp_path / "svc"
    service.mkdir()
    (service / "serverless.yml").write_text(SERVICE)
    (service / "handler.py").write_text(HANDLER)
    deployed = deploy_service(server, service, tmp_path / "out", stage="slslegacy")

    status, _, event = http("POST", deployed.rest_url(server, "/items/42?color=red"),
                            {"quantity": 3})

    assert status == 200, event
    assert event["body"] == {"quantity": 3}
    assert event["method"] == "POST"
    assert event["path"] == {"id": "42"}
    assert event["query"] == {"color": "red"}
    assert event["stage"] == "slslegacy"
    assert event["requestPath"] == "/items/{id}"
    assert event["headers"]["Content-Type"] == "application/json"
    assert set(event) >= {"principalId", "cognitoPoolClaims", "enhancedAuthContext",
                          "identity", "stageVariables"}
    status, _, body = http("POST", deployed.rest_url(server, "/items/missing"), {})
    assert status == 404, body
    assert "no such item" in json.dumps(body)
