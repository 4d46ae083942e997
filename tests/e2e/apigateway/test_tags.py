"""TagResource, UntagResource, GetTags; GetAccount, UpdateAccount.
https://docs.aws.amazon.com/apigateway/latest/api/API_TagResource.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import add_mock_method, error_of


def test_tag_and_untag_rest_api(apigw: Any, api: dict[str, Any]) -> None:
    arn = f"arn:aws:apigateway:us-east-1::/restapis/{api['id']}"
    resp = apigw.tag_resource(resourceArn=arn, tags={"a": "1", "b": "2"})
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}
    assert apigw.get_rest_api(restApiId=api["id"])["tags"] == {"a": "1", "b": "2"}
    apigw.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"b": "2"}


def test_tag_stage(apigw: Any, api: dict[str, Any]) -> None:
    add_mock_method(apigw, api["id"], api["rootResourceId"])
    apigw.create_deployment(restApiId=api["id"], stageName="dev")
    arn = f"arn:aws:apigateway:us-east-1::/restapis/{api['id']}/stages/dev"
    apigw.tag_resource(resourceArn=arn, tags={"env": "dev"})
    assert apigw.get_stage(restApiId=api["id"], stageName="dev")["tags"] == {"env": "dev"}


def test_tag_unknown_resource_is_not_found(apigw: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw.get_tags(resourceArn="arn:aws:apigateway:us-east-1::/restapis/nosuchapi0")
    assert error_of(err) == ("NotFoundException", 404)


def test_get_account_answers_aws_defaults(apigw: Any) -> None:
    got = apigw.get_account()
    assert got["throttleSettings"] == {"burstLimit": 5000, "rateLimit": 10000.0}
    assert got["features"] == ["UsagePlans"]


def test_update_account_sets_cloudwatch_role(apigw: Any) -> None:
    role = "arn:aws:iam::000000000000:role/apigw-logs"
    got = apigw.update_account(patchOperations=[
        {"op": "replace", "path": "/cloudwatchRoleArn", "value": role}])
    assert got["cloudwatchRoleArn"] == role
    assert apigw.get_account()["cloudwatchRoleArn"] == role
