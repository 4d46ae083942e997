"""A function invoked without a resource policy for API Gateway is reported (AWS would
refuse it with 500 "Invalid permissions on Lambda function"); with the permission that
templates and the console add, nothing is said.
https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.gateway_rest.conftest import call, lambda_uri
from tests.e2e.lambda_.conftest import ROLE, python_zip
from tests.server import RunningServer

HELLO = """
    def handler(event, context):
        return {"statusCode": 200, "body": "hi"}
"""


def make_function(server: RunningServer) -> str:
    name = "perm" + uuid.uuid4().hex[:8]
    lam = make_client(server, "lambda")
    out = lam.create_function(
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
        Code={"ZipFile": python_zip(HELLO)})
    function_ready(lam, name)
    return str(out["FunctionArn"])


def warned_about(server: RunningServer, fn_arn: str) -> bool:
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        if f"invokes {fn_arn}, whose resource policy" in server.output():
            return True
        time.sleep(0.05)
    return False


def test_a_missing_permission_is_reported_and_the_call_still_served(
        server: RunningServer, new_api: Any) -> None:
    fn_arn = make_function(server)
    api = new_api()
    api.method("/hi", "GET", lambda_uri(fn_arn))
    api.deploy("dev")

    reply = call(server, api.id, "dev", "/hi")

    assert reply.status == 200 and reply.body == b"hi"
    assert warned_about(server, fn_arn)


def test_the_permission_for_this_api_silences_the_report(
        server: RunningServer, new_api: Any) -> None:
    fn_arn = make_function(server)
    api = new_api()
    api.method("/hi", "GET", lambda_uri(fn_arn))
    api.deploy("dev")
    make_client(server, "lambda").add_permission(
        FunctionName=fn_arn, StatementId="apigw", Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:us-east-1:000000000000:{api.id}/*/GET/hi")

    assert call(server, api.id, "dev", "/hi").status == 200
    assert not warned_about(server, fn_arn)
