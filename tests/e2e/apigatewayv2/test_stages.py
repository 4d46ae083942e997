"""CreateStage, GetStage(s), UpdateStage, DeleteStage, DeleteRouteSettings,
DeleteAccessLogSettings, ResetAuthorizersCache.
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigatewayv2.conftest import error_of
from tests.server import RunningServer

LOG_GROUP = "arn:aws:logs:us-east-1:000000000000:log-group:access"


def test_create_named_stage_with_settings(apigw2: Any, api_id: str) -> None:
    apigw2.create_route(ApiId=api_id, RouteKey="GET /pets")
    stage = apigw2.create_stage(
        ApiId=api_id, StageName="prod", StageVariables={"table": "pets"},
        DefaultRouteSettings={"ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 5.0},
        RouteSettings={"GET /pets": {"ThrottlingBurstLimit": 1, "ThrottlingRateLimit": 1.0}},
        AccessLogSettings={"DestinationArn": LOG_GROUP, "Format": "$context.requestId"},
        Tags={"env": "prod"})
    assert stage["ResponseMetadata"]["HTTPStatusCode"] == 201
    got = apigw2.get_stage(ApiId=api_id, StageName="prod")
    assert got["StageVariables"] == {"table": "pets"}
    assert got["DefaultRouteSettings"]["ThrottlingBurstLimit"] == 10
    assert got["DefaultRouteSettings"]["DetailedMetricsEnabled"] is False
    assert got["RouteSettings"]["GET /pets"]["ThrottlingRateLimit"] == 1.0
    assert got["AccessLogSettings"]["DestinationArn"] == LOG_GROUP
    assert got["AutoDeploy"] is False
    assert "DeploymentId" not in got
    assert got["Tags"] == {"env": "prod"}
    assert got["CreatedDate"] <= got["LastUpdatedDate"]


def test_route_settings_for_unknown_route_is_not_found_with_aws_text(
        apigw2: Any, api_id: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_stage(ApiId=api_id, StageName="prod",
                            RouteSettings={"GET /none": {"ThrottlingBurstLimit": 1}})
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == (
        "Unable to find Route by key GET /none within the provided RouteSettings")


def test_duplicate_stage_is_conflict(apigw2: Any, api_id: str) -> None:
    apigw2.create_stage(ApiId=api_id, StageName="$default")
    with pytest.raises(ClientError) as err:
        apigw2.create_stage(ApiId=api_id, StageName="$default")
    assert error_of(err) == ("ConflictException", 409)


def test_bad_stage_name_is_bad_request(apigw2: Any, api_id: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_stage(ApiId=api_id, StageName="no spaces")
    assert error_of(err) == ("BadRequestException", 400)


def test_stage_with_unknown_deployment_is_not_found(apigw2: Any, api_id: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_stage(ApiId=api_id, StageName="prod", DeploymentId="nope12")
    assert error_of(err) == ("NotFoundException", 404)


def test_execution_logging_is_bad_request_for_http_apis(apigw2: Any, api_id: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_stage(ApiId=api_id, StageName="prod",
                            DefaultRouteSettings={"LoggingLevel": "INFO"})
    assert error_of(err) == ("BadRequestException", 400)


def test_auto_deploy_stage_is_deployed_on_create_and_on_changes(
        apigw2: Any, api_id: str, lambda_integration: str) -> None:
    stage = apigw2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    first = stage["DeploymentId"]
    assert stage["LastDeploymentStatusMessage"] == (
        f"Successfully deployed stage with deployment ID '{first}'")
    apigw2.create_route(ApiId=api_id, RouteKey="GET /x",
                        Target=f"integrations/{lambda_integration}")
    second = apigw2.get_stage(ApiId=api_id, StageName="$default")["DeploymentId"]
    assert second != first
    assert apigw2.get_deployment(ApiId=api_id, DeploymentId=second)["AutoDeployed"] is True


def test_stage_without_auto_deploy_keeps_its_deployment(apigw2: Any, api_id: str) -> None:
    deployment = apigw2.create_deployment(ApiId=api_id)["DeploymentId"]
    apigw2.create_stage(ApiId=api_id, StageName="prod", DeploymentId=deployment)
    apigw2.create_route(ApiId=api_id, RouteKey="GET /x")
    assert apigw2.get_stage(ApiId=api_id, StageName="prod")["DeploymentId"] == deployment


def test_update_stage_turning_auto_deploy_on_deploys(apigw2: Any, api_id: str) -> None:
    apigw2.create_stage(ApiId=api_id, StageName="dev")
    got = apigw2.update_stage(ApiId=api_id, StageName="dev", AutoDeploy=True,
                              StageVariables={"a": "b"})
    assert got["DeploymentId"]
    assert got["StageVariables"] == {"a": "b"}


def test_delete_route_settings_and_access_log_settings(apigw2: Any, api_id: str) -> None:
    apigw2.create_route(ApiId=api_id, RouteKey="GET /pets")
    apigw2.create_stage(ApiId=api_id, StageName="prod",
                        RouteSettings={"GET /pets": {"ThrottlingBurstLimit": 1}},
                        AccessLogSettings={"DestinationArn": LOG_GROUP, "Format": "$context.path"})
    apigw2.delete_route_settings(ApiId=api_id, StageName="prod", RouteKey="GET /pets")
    apigw2.delete_access_log_settings(ApiId=api_id, StageName="prod")
    got = apigw2.get_stage(ApiId=api_id, StageName="prod")
    assert got.get("RouteSettings", {}) == {}
    assert "AccessLogSettings" not in got
    with pytest.raises(ClientError) as err:
        apigw2.delete_route_settings(ApiId=api_id, StageName="prod", RouteKey="GET /pets")
    assert error_of(err) == ("NotFoundException", 404)


def test_delete_stage_and_unknown_stage(apigw2: Any, api_id: str) -> None:
    apigw2.create_stage(ApiId=api_id, StageName="prod")
    assert [s["StageName"] for s in apigw2.get_stages(ApiId=api_id)["Items"]] == ["prod"]
    apigw2.delete_stage(ApiId=api_id, StageName="prod")
    with pytest.raises(ClientError) as err:
        apigw2.get_stage(ApiId=api_id, StageName="prod")
    assert error_of(err) == ("NotFoundException", 404)


def test_reset_authorizers_cache_needs_the_stage(apigw2: Any, api_id: str) -> None:
    apigw2.create_stage(ApiId=api_id, StageName="prod")
    resp = apigw2.reset_authorizers_cache(ApiId=api_id, StageName="prod")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as err:
        apigw2.reset_authorizers_cache(ApiId=api_id, StageName="none")
    assert error_of(err) == ("NotFoundException", 404)


def test_creating_a_stage_logs_its_urls(apigw2: Any, create_api: Any,
                                        server: RunningServer) -> None:
    api = create_api(Name="logged-api")
    apigw2.create_stage(ApiId=api["ApiId"], StageName="beta")
    line = (f"HTTP API logged-api ({api['ApiId']}) stage beta: {api['ApiEndpoint']}/beta "
            f"(path form: {server.url}/restapis/{api['ApiId']}/beta/_user_request_)")
    assert line in server.output()
