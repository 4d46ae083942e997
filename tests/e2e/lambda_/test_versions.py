"""PublishVersion and ListVersionsByFunction; invoking a version.
https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from cloudlet.testing import function_ready
from tests.e2e.lambda_.conftest import CreateFn, invoke_json, python_zip

V1 = "def handler(event, context):\n    return ['v1', context.function_version, context.invoked_function_arn]\n"
V2 = "def handler(event, context):\n    return ['v2', context.function_version, context.invoked_function_arn]\n"


def test_published_version_keeps_its_code(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    published = lambda_client.publish_version(FunctionName=name, Description="first")
    assert published["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert published["Version"] == "1"
    assert published["FunctionArn"].endswith(f":function:{name}:1")
    assert published["Description"] == "first"
    lambda_client.update_function_code(FunctionName=name, ZipFile=python_zip(V2))
    function_ready(lambda_client, name)
    old, resp = invoke_json(lambda_client, name, Qualifier="1")
    assert old[:2] == ["v1", "1"]
    assert old[2].endswith(f":function:{name}:1")
    assert resp["ExecutedVersion"] == "1"
    new, resp = invoke_json(lambda_client, name)
    assert new[:2] == ["v2", "$LATEST"]
    assert resp["ExecutedVersion"] == "$LATEST"


def test_publishing_without_changes_returns_the_same_version(
        lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    assert lambda_client.publish_version(FunctionName=name)["Version"] == "1"
    assert lambda_client.publish_version(FunctionName=name)["Version"] == "1"
    lambda_client.update_function_configuration(FunctionName=name, Timeout=9)
    function_ready(lambda_client, name)
    assert lambda_client.publish_version(FunctionName=name)["Version"] == "2"


def test_code_sha_must_match_latest(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    with pytest.raises(ClientError) as err:
        lambda_client.publish_version(FunctionName=name, CodeSha256="abc")
    assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"


def test_versions_are_listed_oldest_first(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    lambda_client.publish_version(FunctionName=name)
    lambda_client.update_function_code(FunctionName=name, ZipFile=python_zip(V2))
    function_ready(lambda_client, name)
    lambda_client.publish_version(FunctionName=name)
    versions = lambda_client.list_versions_by_function(FunctionName=name)["Versions"]
    assert [v["Version"] for v in versions] == ["$LATEST", "1", "2"]


def test_create_with_publish_answers_version_1(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1, Publish=True)
    versions = lambda_client.list_versions_by_function(FunctionName=name)["Versions"]
    assert [v["Version"] for v in versions] == ["$LATEST", "1"]
