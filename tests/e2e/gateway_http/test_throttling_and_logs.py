"""Stage route settings (throttling) and access logs of HTTP API stages.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.conftest import make_client
from tests.e2e.gateway_http.conftest import Call, auto_stage, lambda_integration, route
from tests.server import RunningServer


def test_stage_default_route_throttling_answers_429(apigw2: Any, call: Call,
                                                   quick_api: str) -> None:
    apigw2.update_stage(ApiId=quick_api, StageName="$default",
                        DefaultRouteSettings={"ThrottlingBurstLimit": 1,
                                              "ThrottlingRateLimit": 0.001})

    first = call(quick_api, "GET", "/")
    second = call(quick_api, "GET", "/")

    assert first.status == 200
    assert second.status == 429
    assert second.json() == {"message": "Too Many Requests"}


def test_route_settings_override_the_default(apigw2: Any, create_api: Any, call: Call,
                                             handler_arn: str) -> None:
    api_id = create_api()["ApiId"]
    integration = lambda_integration(apigw2, api_id, handler_arn)
    route(apigw2, api_id, "GET /limited", integration)
    route(apigw2, api_id, "GET /free", integration)
    auto_stage(apigw2, api_id, RouteSettings={
        "GET /limited": {"ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0}})

    assert call(api_id, "GET", "/limited").status == 429
    assert call(api_id, "GET", "/free").status == 200
    assert call(api_id, "GET", "/free").status == 200


def test_access_log_line_is_written_to_the_log_group(server: RunningServer, apigw2: Any,
                                                     call: Call, quick_api: str) -> None:
    logs = make_client(server, "logs")
    group = "/gw/" + uuid.uuid4().hex[:8]
    logs.create_log_group(logGroupName=group)
    fmt = '{"id":"$context.requestId","status":"$context.status","route":"$context.routeKey"}'
    apigw2.update_stage(ApiId=quick_api, StageName="$default", AccessLogSettings={
        "DestinationArn": f"arn:aws:logs:us-east-1:000000000000:log-group:{group}",
        "Format": fmt})

    answer = call(quick_api, "GET", "/logged", headers=[("X-Mode", "bare")])

    events = logs.filter_log_events(logGroupName=group)["events"]
    lines = [json.loads(e["message"]) for e in events]
    assert lines == [{"id": answer.header("apigw-requestid"), "status": "200",
                      "route": "$default"}]
