"""CreateDeployment, GetDeployment(s), UpdateDeployment, DeleteDeployment.
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-deployments.html
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigatewayv2.conftest import error_of
from tests.server import RunningServer


def test_create_deployment_to_a_stage_repoints_it(apigw2: Any, api_id: str) -> None:
    apigw2.create_stage(ApiId=api_id, StageName="prod")
    deployment = apigw2.create_deployment(ApiId=api_id, StageName="prod", Description="v1")
    assert deployment["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert deployment["DeploymentStatus"] == "DEPLOYED"
    assert deployment["AutoDeployed"] is False
    assert deployment["Description"] == "v1"
    stage = apigw2.get_stage(ApiId=api_id, StageName="prod")
    assert stage["DeploymentId"] == deployment["DeploymentId"]
    assert "LastDeploymentStatusMessage" not in stage  # set by automatic deployments only


def test_create_deployment_to_unknown_stage_is_not_found(apigw2: Any, api_id: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_deployment(ApiId=api_id, StageName="none")
    assert error_of(err) == ("NotFoundException", 404)


def test_deployment_snapshot_is_never_shown(apigw2: Any, api_id: str,
                                            server: RunningServer) -> None:
    """GetDeployment answers only the Deployment's members (checked on the raw JSON)."""
    deployment = apigw2.create_deployment(ApiId=api_id)["DeploymentId"]
    url = f"{server.url}/v2/apis/{api_id}/deployments/{deployment}"
    request = urllib.request.Request(url, headers={
        "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/apigateway/"
                         "aws4_request, SignedHeaders=host, Signature=x"})
    with urllib.request.urlopen(request, timeout=10) as resp:
        body = json.loads(resp.read())
    assert body["deploymentId"] == deployment
    assert "snapshot" not in body
    assert set(body) <= {"autoDeployed", "createdDate", "deploymentId", "deploymentStatus",
                         "deploymentStatusMessage", "description"}


def test_get_deployments_update_and_delete(apigw2: Any, api_id: str) -> None:
    first = apigw2.create_deployment(ApiId=api_id)["DeploymentId"]
    second = apigw2.create_deployment(ApiId=api_id)["DeploymentId"]
    items = apigw2.get_deployments(ApiId=api_id)["Items"]
    assert [d["DeploymentId"] for d in items] == [first, second]
    assert apigw2.update_deployment(ApiId=api_id, DeploymentId=first,
                                    Description="old")["Description"] == "old"
    apigw2.delete_deployment(ApiId=api_id, DeploymentId=first)
    with pytest.raises(ClientError) as err:
        apigw2.get_deployment(ApiId=api_id, DeploymentId=first)
    assert error_of(err) == ("NotFoundException", 404)


def test_deployment_in_use_by_a_stage_cannot_be_deleted(apigw2: Any, api_id: str) -> None:
    deployment = apigw2.create_deployment(ApiId=api_id)["DeploymentId"]
    apigw2.create_stage(ApiId=api_id, StageName="prod", DeploymentId=deployment)
    with pytest.raises(ClientError) as err:
        apigw2.delete_deployment(ApiId=api_id, DeploymentId=deployment)
    assert error_of(err) == ("BadRequestException", 400)
