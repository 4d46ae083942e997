"""CreateDeployment, GetDeployment(s), UpdateDeployment, DeleteDeployment.
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDeployment.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import add_mock_method, error_of


@pytest.fixture
def deployable(apigw: Any, api: dict[str, Any]) -> dict[str, Any]:
    add_mock_method(apigw, api["id"], api["rootResourceId"])
    return api


def test_create_deployment_answers_201(apigw: Any, deployable: dict[str, Any]) -> None:
    got = apigw.create_deployment(restApiId=deployable["id"], description="first")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert got["description"] == "first" and "createdDate" in got
    same = apigw.get_deployment(restApiId=deployable["id"], deploymentId=got["id"])
    assert same["id"] == got["id"]
    assert "snapshot" not in same


def test_create_deployment_without_methods_is_refused(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.create_deployment(restApiId=api["id"])
    assert error_of(err) == ("BadRequestException", 400)
    assert err.value.response["Error"]["Message"] == "The REST API doesn't contain any methods"


def test_create_deployment_without_integration_is_refused(apigw: Any,
                                                          api: dict[str, Any]) -> None:
    apigw.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                     authorizationType="NONE")
    with pytest.raises(ClientError) as err:
        apigw.create_deployment(restApiId=api["id"])
    assert error_of(err) == ("BadRequestException", 400)
    assert err.value.response["Error"]["Message"] == "No integration defined for method"


def test_create_deployment_with_stage_name_creates_the_stage(
        apigw: Any, deployable: dict[str, Any]) -> None:
    got = apigw.create_deployment(restApiId=deployable["id"], stageName="dev",
                                  stageDescription="d", variables={"v": "1"})
    stage = apigw.get_stage(restApiId=deployable["id"], stageName="dev")
    assert stage["deploymentId"] == got["id"]
    assert stage["description"] == "d" and stage["variables"] == {"v": "1"}


def test_create_deployment_repoints_existing_stage(apigw: Any,
                                                   deployable: dict[str, Any]) -> None:
    apigw.create_deployment(restApiId=deployable["id"], stageName="dev")
    second = apigw.create_deployment(restApiId=deployable["id"], stageName="dev")
    stage = apigw.get_stage(restApiId=deployable["id"], stageName="dev")
    assert stage["deploymentId"] == second["id"]


def test_create_deployment_with_canary_keeps_stage_deployment(
        apigw: Any, deployable: dict[str, Any]) -> None:
    first = apigw.create_deployment(restApiId=deployable["id"], stageName="prod")
    canary = apigw.create_deployment(restApiId=deployable["id"], stageName="prod",
                                     canarySettings={"percentTraffic": 10.0})
    stage = apigw.get_stage(restApiId=deployable["id"], stageName="prod")
    assert stage["deploymentId"] == first["id"]
    assert stage["canarySettings"]["deploymentId"] == canary["id"]
    assert stage["canarySettings"]["percentTraffic"] == 10.0


def test_create_deployment_logs_the_stage_urls(apigw: Any, server: Any,
                                               deployable: dict[str, Any]) -> None:
    apigw.create_deployment(restApiId=deployable["id"], stageName="logged")
    line = f"({deployable['id']}) stage logged: http://{deployable['id']}.execute-api.localhost"
    assert line in server.output()
    assert f"/restapis/{deployable['id']}/logged/_user_request_" in server.output()


def test_get_deployment_embeds_api_summary(apigw: Any, deployable: dict[str, Any]) -> None:
    dep = apigw.create_deployment(restApiId=deployable["id"])
    got = apigw.get_deployment(restApiId=deployable["id"], deploymentId=dep["id"],
                               embed=["apisummary"])
    assert got["apiSummary"] == {"/": {"GET": {"authorizationType": "NONE",
                                               "apiKeyRequired": False}}}


def test_get_deployments_lists_them(apigw: Any, deployable: dict[str, Any]) -> None:
    ids = [apigw.create_deployment(restApiId=deployable["id"])["id"] for _ in range(2)]
    got = apigw.get_deployments(restApiId=deployable["id"])
    assert [d["id"] for d in got["items"]] == ids


def test_get_unknown_deployment_is_not_found(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.get_deployment(restApiId=api["id"], deploymentId="nosuch")
    assert error_of(err) == ("NotFoundException", 404)


def test_update_deployment_changes_description(apigw: Any, deployable: dict[str, Any]) -> None:
    dep = apigw.create_deployment(restApiId=deployable["id"])
    got = apigw.update_deployment(restApiId=deployable["id"], deploymentId=dep["id"],
                                  patchOperations=[{"op": "replace", "path": "/description",
                                                    "value": "x"}])
    assert got["description"] == "x"


def test_delete_deployment_used_by_stage_is_refused(apigw: Any,
                                                    deployable: dict[str, Any]) -> None:
    dep = apigw.create_deployment(restApiId=deployable["id"], stageName="dev")
    with pytest.raises(ClientError) as err:
        apigw.delete_deployment(restApiId=deployable["id"], deploymentId=dep["id"])
    assert error_of(err) == ("BadRequestException", 400)
    assert err.value.response["Error"]["Message"] == (
        "Active stages pointing to this deployment must be moved or deleted")


def test_delete_unused_deployment(apigw: Any, deployable: dict[str, Any]) -> None:
    dep = apigw.create_deployment(restApiId=deployable["id"])
    resp = apigw.delete_deployment(restApiId=deployable["id"], deploymentId=dep["id"])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as err:
        apigw.get_deployment(restApiId=deployable["id"], deploymentId=dep["id"])
    assert error_of(err) == ("NotFoundException", 404)


def test_deployment_snapshot_freezes_the_api(apigw: Any, server: Any,
                                             deployable: dict[str, Any]) -> None:
    """The deployment keeps the API as it was (what the data plane serves); later changes
    are not in it. Read from the server's database, as the data plane reads it."""
    from cloudlet.services.apigateway.store import Store

    api_id = deployable["id"]
    apigw.create_authorizer(restApiId=api_id, name="a", type="TOKEN", authorizerUri="arn:x")
    apigw.put_gateway_response(restApiId=api_id, responseType="THROTTLED", statusCode="503")
    dep = apigw.create_deployment(restApiId=api_id)
    apigw.create_resource(restApiId=api_id, parentId=deployable["rootResourceId"],
                          pathPart="later")
    db = Store(server.data_dir / "000000000000" / "us-east-1" / "apigateway.sqlite")
    try:
        stored = db.get("deployment", api_id, dep["id"])
    finally:
        db.conn.close()
    assert stored is not None
    snap = stored["snapshot"]
    assert set(snap) == {"restApi", "resources", "authorizers", "models",
                         "requestValidators", "gatewayResponses"}
    assert snap["restApi"]["id"] == api_id
    assert [r["path"] for r in snap["resources"]] == ["/"]
    assert snap["resources"][0]["resourceMethods"]["GET"]["methodIntegration"]["type"] == "MOCK"
    assert [a["name"] for a in snap["authorizers"]] == ["a"]
    assert {m["name"] for m in snap["models"]} == {"Empty", "Error"}
    assert snap["gatewayResponses"]["THROTTLED"]["statusCode"] == "503"
