"""GetFunction, GetFunctionConfiguration and the ways to name a function.
https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html
"""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.lambda_.conftest import ECHO, CreateFn, python_zip


def test_get_function_returns_configuration_code_link_and_tags(
        lambda_client: Any, create_function: CreateFn) -> None:
    zipped = python_zip(ECHO)
    name = create_function(zip_bytes=zipped, Tags={"team": "core"})
    resp = lambda_client.get_function(FunctionName=name)
    assert resp["Configuration"]["FunctionName"] == name
    assert resp["Code"]["RepositoryType"] == "S3"
    assert resp["Tags"] == {"team": "core"}
    assert "Concurrency" not in resp
    with urllib.request.urlopen(resp["Code"]["Location"]) as download:
        assert download.read() == zipped


def test_missing_function_is_404_with_its_arn(lambda_client: Any) -> None:
    with pytest.raises(ClientError) as err:
        lambda_client.get_function(FunctionName="no-such-function")
    resp = err.value.response
    assert resp["Error"]["Code"] == "ResourceNotFoundException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert resp["Error"]["Message"] == (
        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function")


@pytest.mark.parametrize("form", ["{name}", "000000000000:function:{name}",
                                  "arn:aws:lambda:us-east-1:000000000000:function:{name}"])
def test_function_can_be_named_by_name_partial_arn_or_arn(
        lambda_client: Any, create_function: CreateFn, form: str) -> None:
    name = create_function()
    config = lambda_client.get_function_configuration(FunctionName=form.format(name=name))
    assert config["FunctionName"] == name


def test_arn_of_another_region_is_not_found(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    with pytest.raises(ClientError) as err:
        lambda_client.get_function(FunctionName=f"arn:aws:lambda:eu-west-1:000000000000:function:{name}")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_unknown_version_is_not_found(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    with pytest.raises(ClientError) as err:
        lambda_client.get_function_configuration(FunctionName=name, Qualifier="7")
    assert err.value.response["Error"]["Message"].endswith(f"function:{name}:7")


def test_qualifier_in_name_and_parameter_must_agree(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    with pytest.raises(ClientError) as err:
        lambda_client.get_function(FunctionName=f"{name}:1", Qualifier="2")
    assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"


def test_reserved_concurrency_is_shown(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function()
    lambda_client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=2)
    assert lambda_client.get_function(FunctionName=name)["Concurrency"] == {
        "ReservedConcurrentExecutions": 2}
