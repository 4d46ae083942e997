"""Stages: what each serves, their variables, canaries, and unknown stages and APIs.
https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-deployments.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.gateway_rest.conftest import call, lambda_uri
from tests.server import RunningServer


@pytest.mark.parametrize("form", ["host", "path"])
def test_unknown_stage_is_forbidden(server: RunningServer, api: Any, form: str) -> None:
    reply = call(server, api.id, "nostage", "/pets", form=form)
    assert reply.status == 403
    assert reply.json() == {"message": "Forbidden"}
    assert reply.header("x-amzn-ErrorType") == "ForbiddenException"
    assert reply.header("x-amzn-RequestId")


def test_url_without_stage_is_forbidden(server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "", "/")
    assert reply.status == 403
    assert reply.json() == {"message": "Forbidden"}


def test_regional_host_form_serves_the_stage(server: RunningServer, api: Any) -> None:
    host = f"{api.id}.execute-api.us-east-1.localhost:{server.port}"
    reply = call(server, api.id, "test", "/pets", host=host)
    assert reply.status == 200
    assert reply.json()["requestContext"]["domainName"] == f"{api.id}.execute-api.us-east-1.localhost"


def test_stage_update_is_served_by_the_next_request(
        server: RunningServer, api: Any, apigw: Any) -> None:
    apigw.update_stage(restApiId=api.id, stageName="test", patchOperations=[
        {"op": "replace", "path": "/variables/color", "value": "red"}])
    assert call(server, api.id, "test", "/pets").json()["stageVariables"] == {"color": "red"}


def test_unknown_api_id_is_not_found(server: RunningServer) -> None:
    reply = call(server, "zzzzzzzzzz", "test", "/pets")
    assert reply.status == 404


def test_stage_serves_its_deployment_until_the_next_one(
        server: RunningServer, api: Any, function_arn: str) -> None:
    api.method("/cats", "GET", lambda_uri(function_arn))
    assert call(server, api.id, "test", "/cats").status == 403
    api.deploy("test")
    assert call(server, api.id, "test", "/cats").status == 200


def test_stage_variables_are_null_without_variables(server: RunningServer, api: Any) -> None:
    assert call(server, api.id, "test", "/pets").json()["stageVariables"] is None


def test_stage_variables_reach_the_event(server: RunningServer, api: Any) -> None:
    api.deploy("vars", variables={"color": "blue"})
    event = call(server, api.id, "vars", "/pets").json()
    assert event["stageVariables"] == {"color": "blue"}
    assert event["requestContext"]["stage"] == "vars"


def test_stage_variable_names_the_function_in_the_integration_uri(
        server: RunningServer, new_api: Any, function_arn: str) -> None:
    api = new_api()
    name = function_arn.rsplit(":", 1)[1]
    template = function_arn.rsplit(":", 1)[0] + ":${stageVariables.fn}"
    api.method("/pets", "GET", lambda_uri(template))
    api.deploy("test", variables={"fn": name})
    api.deploy("bad", variables={"fn": "nosuchfunction"})
    assert call(server, api.id, "test", "/pets").status == 200
    assert call(server, api.id, "bad", "/pets").status == 500


def test_canary_serves_its_share_with_overridden_variables(
        server: RunningServer, api: Any, function_arn: str, apigw: Any) -> None:
    api.deploy("live", variables={"v": "main"})
    api.method("/cats", "GET", lambda_uri(function_arn))
    api.deploy("live", canarySettings={"percentTraffic": 100.0,
                                       "stageVariableOverrides": {"v": "canary"}})
    event = call(server, api.id, "live", "/cats").json()
    assert event["stageVariables"] == {"v": "canary"}
    canary_id = apigw.get_stage(restApiId=api.id, stageName="live")["canarySettings"]["deploymentId"]
    assert event["requestContext"]["deploymentId"] == canary_id


def test_canary_with_no_traffic_serves_the_stage_deployment(
        server: RunningServer, api: Any, function_arn: str) -> None:
    api.deploy("live", variables={"v": "main"})
    api.method("/cats", "GET", lambda_uri(function_arn))
    api.deploy("live", canarySettings={"percentTraffic": 0.0,
                                       "stageVariableOverrides": {"v": "canary"}})
    assert call(server, api.id, "live", "/cats").status == 403
    assert call(server, api.id, "live", "/pets").json()["stageVariables"] == {"v": "main"}
