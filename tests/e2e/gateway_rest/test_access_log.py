"""Access logs: one line per request, in the stage's format, to its log group.
https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from tests.e2e.gateway_rest.conftest import call
from tests.server import RunningServer

FORMAT = ('{"requestId":"$context.requestId","status":$context.status,'
          '"method":"$context.httpMethod","resource":"$context.resourcePath",'
          '"ip":"$context.identity.sourceIp","error":"$context.error.message",'
          '"nothing":"$context.authorizer.principalId"}')


def enable(apigw: Any, api: Any, group_arn: str, fmt: str = FORMAT) -> None:
    apigw.update_stage(restApiId=api.id, stageName="test", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": group_arn},
        {"op": "replace", "path": "/accessLogSettings/format", "value": fmt},
    ])


def lines(logs: Any, group: str, count: int) -> list[str]:
    deadline = time.monotonic() + 5
    found: list[str] = []
    while time.monotonic() < deadline:
        found = [e["message"] for e in logs.filter_log_events(logGroupName=group)["events"]]
        if len(found) >= count:
            break
        time.sleep(0.05)
    return found


def test_each_request_writes_a_line_in_the_stage_format(
        server: RunningServer, api: Any, apigw: Any, logs: Any) -> None:
    group = "/gw/" + uuid.uuid4().hex[:8]
    logs.create_log_group(logGroupName=group)
    enable(apigw, api, f"arn:aws:logs:us-east-1:000000000000:log-group:{group}")
    ok = call(server, api.id, "test", "/pets")
    missing = call(server, api.id, "test", "/nothing")
    found = [json.loads(line) for line in lines(logs, group, 2)]
    assert found[0] == {"requestId": ok.header("x-amzn-RequestId"), "status": 200,
                        "method": "GET", "resource": "/pets", "ip": "127.0.0.1",
                        "error": "-", "nothing": "-"}
    assert found[1]["status"] == 403
    assert found[1]["requestId"] == missing.header("x-amzn-RequestId")
    assert found[1]["error"] == "Missing Authentication Token"


def test_group_ending_in_star_is_the_same_group(
        server: RunningServer, api: Any, apigw: Any, logs: Any) -> None:
    group = "/gw/" + uuid.uuid4().hex[:8]
    logs.create_log_group(logGroupName=group)
    enable(apigw, api, f"arn:aws:logs:us-east-1:000000000000:log-group:{group}:*",
           "$context.httpMethod $context.status")
    call(server, api.id, "test", "/pets")
    assert lines(logs, group, 1) == ["GET 200"]


def test_missing_group_is_not_created_and_the_request_succeeds(
        server: RunningServer, api: Any, apigw: Any, logs: Any) -> None:
    group = "/gw/" + uuid.uuid4().hex[:8]
    enable(apigw, api, f"arn:aws:logs:us-east-1:000000000000:log-group:{group}")
    assert call(server, api.id, "test", "/pets").status == 200
    assert logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"] == []
