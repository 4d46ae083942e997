"""The Serverless Framework's ``httpApi`` events, as CloudFormation creates what they compile
to: ``AWS::ApiGatewayV2::Api``, a ``$default`` ``Stage`` with AutoDeploy (created before the
routes: nothing orders it after them), one ``AWS_PROXY`` 2.0 ``Integration`` per function, a
``Route`` per event (``method: '*'`` is ``ANY``, the event ``'*'`` is ``$default``) and a
``Lambda::Permission`` for the API.

https://www.serverless.com/framework/docs/providers/aws/events/http-api
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.gateway_http.conftest import Call


@pytest.fixture
def sls_api(apigw2: Any, lambda_client: Any, create_api: Callable[..., dict[str, Any]],
            make_function: Callable[..., str], handler_arn: str) -> str:
    api_id = str(create_api(Name="dev-my-service")["ApiId"])
    apigw2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True,
                        DefaultRouteSettings={"DetailedMetricsEnabled": False})
    integration = apigw2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=handler_arn,
        PayloadFormatVersion="2.0", TimeoutInMillis=30000)["IntegrationId"]
    for key in ("GET /users/{id}", "ANY /things/{proxy+}", "$default"):
        apigw2.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}")
    lambda_client.add_permission(
        FunctionName=handler_arn, StatementId="sls-" + api_id,
        Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/*")
    return api_id


def test_route_created_after_the_auto_deploy_stage_is_served(call: Call, sls_api: str) -> None:
    answer = call(sls_api, "GET", "/users/42")

    assert answer.status == 200
    event = answer.json()
    assert event["routeKey"] == "GET /users/{id}"
    assert event["pathParameters"] == {"id": "42"}


def test_star_method_is_any_with_a_greedy_path(call: Call, sls_api: str) -> None:
    answer = call(sls_api, "DELETE", "/things/a/b")

    assert answer.status == 200
    assert answer.json()["routeKey"] == "ANY /things/{proxy+}"
    assert answer.json()["pathParameters"] == {"proxy": "a/b"}


def test_star_event_is_the_default_route(call: Call, sls_api: str) -> None:
    answer = call(sls_api, "PATCH", "/elsewhere")

    assert answer.status == 200
    assert answer.json()["routeKey"] == "$default"


def test_stage_shows_the_automatic_deployment(apigw2: Any, sls_api: str) -> None:
    stage = apigw2.get_stage(ApiId=sls_api, StageName="$default")
    deployments = apigw2.get_deployments(ApiId=sls_api)["Items"]

    assert stage["AutoDeploy"] is True
    assert stage["DeploymentId"] in {d["DeploymentId"] for d in deployments}
    assert all(d["AutoDeployed"] is True for d in deployments)
