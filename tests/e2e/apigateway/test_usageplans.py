"""Usage plans, usage plan keys and GetUsage.
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlan.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import add_mock_method, error_of


@pytest.fixture
def stage(apigw: Any, api: dict[str, Any]) -> dict[str, str]:
    add_mock_method(apigw, api["id"], api["rootResourceId"])
    apigw.create_deployment(restApiId=api["id"], stageName="prod")
    return {"apiId": api["id"], "stage": "prod"}


def test_create_usage_plan_with_stages_throttle_quota(apigw: Any,
                                                      stage: dict[str, str]) -> None:
    got = apigw.create_usage_plan(name="gold", apiStages=[stage],
                                  throttle={"rateLimit": 10.0, "burstLimit": 20},
                                  quota={"limit": 1000, "period": "DAY"})
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    plan = apigw.get_usage_plan(usagePlanId=got["id"])
    assert plan["apiStages"] == [stage]
    assert plan["throttle"] == {"rateLimit": 10.0, "burstLimit": 20}
    assert plan["quota"] == {"limit": 1000, "period": "DAY", "offset": 0}


def test_create_usage_plan_with_unknown_stage_is_refused(apigw: Any,
                                                         api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.create_usage_plan(name="bad", apiStages=[{"apiId": api["id"], "stage": "nope"}])
    assert error_of(err) == ("BadRequestException", 400)


def test_get_unknown_usage_plan_is_not_found(apigw: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw.get_usage_plan(usagePlanId="nosuch")
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid Usage Plan ID specified"


def test_update_usage_plan_patches_throttle_quota_and_stages(apigw: Any,
                                                             stage: dict[str, str]) -> None:
    plan = apigw.create_usage_plan(name="p")
    got = apigw.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "replace", "path": "/throttle/rateLimit", "value": "5"},
        {"op": "replace", "path": "/quota/limit", "value": "100"},
        {"op": "replace", "path": "/quota/period", "value": "WEEK"},
        {"op": "add", "path": "/apiStages", "value": f"{stage['apiId']}:{stage['stage']}"},
    ])
    assert got["throttle"]["rateLimit"] == 5.0
    assert got["quota"]["limit"] == 100 and got["quota"]["period"] == "WEEK"
    assert got["apiStages"] == [stage]
    got = apigw.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "remove", "path": "/apiStages", "value": f"{stage['apiId']}:{stage['stage']}"}])
    assert got["apiStages"] == []


def test_usage_plan_keys_add_list_remove(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="k")
    key = apigw.create_api_key(name="member", enabled=True)
    got = apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"],
                                      keyType="API_KEY")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert (got["id"], got["type"], got["value"]) == (key["id"], "API_KEY", key["value"])
    listed = apigw.get_usage_plan_keys(usagePlanId=plan["id"])["items"]
    assert [k["id"] for k in listed] == [key["id"]]
    plans = apigw.get_usage_plans(keyId=key["id"])["items"]
    assert [p["id"] for p in plans] == [plan["id"]]
    apigw.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
    with pytest.raises(ClientError) as err:
        apigw.get_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
    assert error_of(err) == ("NotFoundException", 404)


def test_usage_plan_key_twice_conflicts(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="twice")
    key = apigw.create_api_key(name="k2")
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    with pytest.raises(ClientError) as err:
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    assert error_of(err) == ("ConflictException", 409)


def test_usage_plan_key_of_unknown_key_is_not_found(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="nokey")
    with pytest.raises(ClientError) as err:
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId="nosuchkey0",
                                    keyType="API_KEY")
    assert error_of(err) == ("NotFoundException", 404)


def test_get_usage_answers_a_day_per_key(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="used", quota={"limit": 100, "period": "DAY"})
    key = apigw.create_api_key(name="counted")
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    got = apigw.get_usage(usagePlanId=plan["id"], startDate="2026-01-01", endDate="2026-01-03")
    assert got["usagePlanId"] == plan["id"]
    assert got["items"] == {key["id"]: [[0, 100], [0, 100], [0, 100]]}


def test_delete_usage_plan(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="del")
    resp = apigw.delete_usage_plan(usagePlanId=plan["id"])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as err:
        apigw.get_usage_plan(usagePlanId=plan["id"])
    assert error_of(err) == ("NotFoundException", 404)
