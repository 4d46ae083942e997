"""CreateStage, GetStage(s), UpdateStage, DeleteStage, FlushStage(Authorizers)Cache.
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import add_mock_method, error_of


@pytest.fixture
def deployment(apigw: Any, api: dict[str, Any]) -> str:
    add_mock_method(apigw, api["id"], api["rootResourceId"])
    return str(apigw.create_deployment(restApiId=api["id"])["id"])


def test_create_stage_answers_201_with_stage_shape(apigw: Any, api: dict[str, Any],
                                                   deployment: str) -> None:
    got = apigw.create_stage(restApiId=api["id"], stageName="dev", deploymentId=deployment,
                             variables={"a": "b"}, description="d")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert (got["stageName"], got["deploymentId"]) == ("dev", deployment)
    assert got["variables"] == {"a": "b"}
    assert got["methodSettings"] == {}
    assert got["tracingEnabled"] is False and got["cacheClusterEnabled"] is False
    assert "createdDate" in got and "lastUpdatedDate" in got


def test_create_stage_with_unknown_deployment_is_not_found(apigw: Any,
                                                           api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.create_stage(restApiId=api["id"], stageName="dev", deploymentId="nosuch")
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid Deployment identifier specified"


def test_create_stage_twice_conflicts(apigw: Any, api: dict[str, Any], deployment: str) -> None:
    apigw.create_stage(restApiId=api["id"], stageName="dev", deploymentId=deployment)
    with pytest.raises(ClientError) as err:
        apigw.create_stage(restApiId=api["id"], stageName="dev", deploymentId=deployment)
    assert error_of(err) == ("ConflictException", 409)
    assert err.value.response["Error"]["Message"] == "Stage already exists"


def test_get_unknown_stage_is_not_found(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.get_stage(restApiId=api["id"], stageName="nope")
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid Stage identifier specified"


def test_get_stages_filters_by_deployment(apigw: Any, api: dict[str, Any],
                                          deployment: str) -> None:
    other = apigw.create_deployment(restApiId=api["id"])["id"]
    apigw.create_stage(restApiId=api["id"], stageName="a", deploymentId=deployment)
    apigw.create_stage(restApiId=api["id"], stageName="b", deploymentId=other)
    assert [s["stageName"] for s in apigw.get_stages(restApiId=api["id"])["item"]] == ["a", "b"]
    only = apigw.get_stages(restApiId=api["id"], deploymentId=other)["item"]
    assert [s["stageName"] for s in only] == ["b"]


def test_update_stage_patches_variables_and_description(apigw: Any, api: dict[str, Any],
                                                        deployment: str) -> None:
    apigw.create_stage(restApiId=api["id"], stageName="dev", deploymentId=deployment,
                       variables={"old": "1"})
    got = apigw.update_stage(restApiId=api["id"], stageName="dev", patchOperations=[
        {"op": "replace", "path": "/variables/new", "value": "2"},
        {"op": "remove", "path": "/variables/old"},
        {"op": "replace", "path": "/description", "value": "x"},
        {"op": "replace", "path": "/tracingEnabled", "value": "true"},
    ])
    assert got["variables"] == {"new": "2"}
    assert got["description"] == "x" and got["tracingEnabled"] is True


def test_update_stage_method_settings_start_from_defaults(apigw: Any, api: dict[str, Any],
                                                          deployment: str) -> None:
    apigw.create_stage(restApiId=api["id"], stageName="dev", deploymentId=deployment)
    got = apigw.update_stage(restApiId=api["id"], stageName="dev", patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "5"},
        {"op": "replace", "path": "/~1pets/GET/logging/loglevel", "value": "INFO"},
    ])
    everything = got["methodSettings"]["*/*"]
    assert everything["throttlingRateLimit"] == 5.0
    assert everything["throttlingBurstLimit"] == -1
    assert got["methodSettings"]["~1pets/GET"]["loggingLevel"] == "INFO"
    removed = apigw.update_stage(restApiId=api["id"], stageName="dev", patchOperations=[
        {"op": "remove", "path": "/~1pets/GET"}])
    assert list(removed["methodSettings"]) == ["*/*"]


def test_update_stage_repoints_deployment(apigw: Any, api: dict[str, Any],
                                          deployment: str) -> None:
    apigw.create_stage(restApiId=api["id"], stageName="dev", deploymentId=deployment)
    other = apigw.create_deployment(restApiId=api["id"])["id"]
    got = apigw.update_stage(restApiId=api["id"], stageName="dev", patchOperations=[
        {"op": "replace", "path": "/deploymentId", "value": other}])
    assert got["deploymentId"] == other
    with pytest.raises(ClientError) as err:
        apigw.update_stage(restApiId=api["id"], stageName="dev", patchOperations=[
            {"op": "replace", "path": "/deploymentId", "value": "nosuch"}])
    assert error_of(err) == ("NotFoundException", 404)


def test_update_stage_promotes_canary(apigw: Any, api: dict[str, Any], deployment: str) -> None:
    apigw.create_stage(restApiId=api["id"], stageName="prod", deploymentId=deployment)
    canary = apigw.create_deployment(restApiId=api["id"], stageName="prod",
                                     canarySettings={"percentTraffic": 20.0})["id"]
    got = apigw.update_stage(restApiId=api["id"], stageName="prod", patchOperations=[
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50"}])
    assert got["canarySettings"]["percentTraffic"] == 50.0
    got = apigw.update_stage(restApiId=api["id"], stageName="prod", patchOperations=[
        {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
        {"op": "remove", "path": "/canarySettings"},
    ])
    assert got["deploymentId"] == canary
    assert "canarySettings" not in got


def test_update_stage_refuses_unknown_path(apigw: Any, api: dict[str, Any],
                                           deployment: str) -> None:
    apigw.create_stage(restApiId=api["id"], stageName="dev", deploymentId=deployment)
    with pytest.raises(ClientError) as err:
        apigw.update_stage(restApiId=api["id"], stageName="dev", patchOperations=[
            {"op": "replace", "path": "/stageName", "value": "x"}])
    assert error_of(err) == ("BadRequestException", 400)


def test_delete_stage_answers_202(apigw: Any, api: dict[str, Any], deployment: str) -> None:
    apigw.create_stage(restApiId=api["id"], stageName="dev", deploymentId=deployment)
    resp = apigw.delete_stage(restApiId=api["id"], stageName="dev")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as err:
        apigw.get_stage(restApiId=api["id"], stageName="dev")
    assert error_of(err) == ("NotFoundException", 404)


def test_flush_stage_caches_answer_202(apigw: Any, api: dict[str, Any], deployment: str) -> None:
    apigw.create_stage(restApiId=api["id"], stageName="dev", deploymentId=deployment)
    for flush in (apigw.flush_stage_cache, apigw.flush_stage_authorizers_cache):
        resp = flush(restApiId=api["id"], stageName="dev")
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
