"""DeleteFunction.
https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.lambda_.conftest import CreateFn


def test_deleted_function_is_gone(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    resp = lambda_client.delete_function(FunctionName=name)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as err:
        lambda_client.get_function(FunctionName=name)
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as err:
        lambda_client.invoke(FunctionName=name)
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_deleting_a_missing_function_is_404(lambda_client: Any) -> None:
    with pytest.raises(ClientError) as err:
        lambda_client.delete_function(FunctionName="never-existed")
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_latest_cannot_be_deleted_alone(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    with pytest.raises(ClientError) as err:
        lambda_client.delete_function(FunctionName=name, Qualifier="$LATEST")
    assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"


def test_one_version_can_be_deleted(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    lambda_client.publish_version(FunctionName=name)
    lambda_client.delete_function(FunctionName=name, Qualifier="1")
    versions = lambda_client.list_versions_by_function(FunctionName=name)["Versions"]
    assert [v["Version"] for v in versions] == ["$LATEST"]


def test_name_can_be_reused_after_delete(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    lambda_client.delete_function(FunctionName=name)
    assert create_function(name=name) == name
