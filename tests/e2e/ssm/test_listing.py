"""GetParametersByPath, DescribeParameters, GetParameterHistory, tags, and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.server import RunningServer


def _seed(ssm: Any, base: str) -> None:
    for name, kind in (("/app/a", "String"), ("/app/b", "SecureString"),
                       ("/app/deep/c", "String"), ("/other", "String")):
        ssm.put_parameter(Name=base + name, Value="v" + name, Type=kind)


def test_by_path_one_level_and_recursive(ssm: Any, base: str) -> None:
    _seed(ssm, base)
    one = ssm.get_parameters_by_path(Path=f"{base}/app")["Parameters"]
    assert [p["Name"] for p in one] == [f"{base}/app/a", f"{base}/app/b"]
    deep = ssm.get_parameters_by_path(Path=f"{base}/app", Recursive=True, WithDecryption=True)
    assert {p["Name"]: p["Value"] for p in deep["Parameters"]}[f"{base}/app/b"] == "v/app/b"
    typed = ssm.get_parameters_by_path(Path=f"{base}/app", Recursive=True, ParameterFilters=[
        {"Key": "Type", "Values": ["SecureString"]}])["Parameters"]
    assert [p["Name"] for p in typed] == [f"{base}/app/b"]


def test_by_path_pages(ssm: Any, base: str) -> None:
    for i in range(12):
        ssm.put_parameter(Name=f"{base}/p/{i:02}", Value="v", Type="String")
    first = ssm.get_parameters_by_path(Path=f"{base}/p")
    assert len(first["Parameters"]) == 10 and first["NextToken"]
    rest = ssm.get_parameters_by_path(Path=f"{base}/p", NextToken=first["NextToken"])
    assert len(rest["Parameters"]) == 2 and "NextToken" not in rest
    with pytest.raises(ClientError) as info:
        ssm.get_parameters_by_path(Path=f"{base}/p", NextToken="garbage")
    assert info.value.response["Error"]["Code"] == "InvalidNextToken"


def test_by_path_refuses_name_filter(ssm: Any, base: str) -> None:
    with pytest.raises(ClientError) as info:
        ssm.get_parameters_by_path(Path=base, ParameterFilters=[
            {"Key": "Name", "Values": ["x"]}])
    assert info.value.response["Error"]["Code"] == "InvalidFilterKey"


def test_describe_with_filters(ssm: Any, base: str) -> None:
    _seed(ssm, base)
    begins = ssm.describe_parameters(ParameterFilters=[
        {"Key": "Name", "Option": "BeginsWith", "Values": [f"{base}/app"]}])["Parameters"]
    assert [p["Name"] for p in begins] == [f"{base}/app/a", f"{base}/app/b", f"{base}/app/deep/c"]
    path = ssm.describe_parameters(ParameterFilters=[
        {"Key": "Path", "Values": [f"{base}/app"]},
        {"Key": "Type", "Values": ["String"]}])["Parameters"]
    assert [p["Name"] for p in path] == [f"{base}/app/a"]
    legacy = ssm.describe_parameters(Filters=[{"Key": "Name", "Values": [f"{base}/oth"]}])
    assert [p["Name"] for p in legacy["Parameters"]] == [f"{base}/other"]


def test_history_lists_every_version(ssm: Any, base: str) -> None:
    name = f"{base}/h"
    ssm.put_parameter(Name=name, Value="1", Type="String", Description="first")
    ssm.put_parameter(Name=name, Value="2", Overwrite=True)
    ssm.label_parameter_version(Name=name, ParameterVersion=1, Labels=["old"])
    history = ssm.get_parameter_history(Name=name)["Parameters"]
    assert [(h["Version"], h["Value"], h["Labels"]) for h in history] == \
        [(1, "1", ["old"]), (2, "2", [])]
    assert history[0]["LastModifiedUser"] == "arn:aws:iam::000000000000:root"


def test_tags_add_list_remove(ssm: Any, base: str) -> None:
    name = f"{base}/tagged"
    ssm.put_parameter(Name=name, Value="v", Type="String", Tags=[{"Key": "a", "Value": "1"}])
    ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId=name,
                             Tags=[{"Key": "b", "Value": "2"}])
    ssm.remove_tags_from_resource(ResourceType="Parameter", ResourceId=name, TagKeys=["a"])
    listed = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=name)
    assert listed["TagList"] == [{"Key": "b", "Value": "2"}]
    tagged = ssm.describe_parameters(ParameterFilters=[{"Key": "tag:b"}])["Parameters"]
    assert name in [p["Name"] for p in tagged]
    with pytest.raises(ClientError) as info:
        ssm.put_parameter(Name=name, Value="w", Overwrite=True, Tags=[{"Key": "c", "Value": "3"}])
    assert info.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as info:
        ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=f"{base}/none")
    assert info.value.response["Error"]["Code"] == "InvalidResourceId"


def test_cli_put_and_get(server: RunningServer, base: str) -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1"}
    aws = [str(Path(".venv/bin/aws").resolve()), "--endpoint-url", server.url, "ssm"]
    subprocess.run([*aws, "put-parameter", "--name", f"{base}/cli", "--value", "hello",
                    "--type", "String"], env=env, check=True, capture_output=True, timeout=60)
    done = subprocess.run([*aws, "get-parameter", "--name", f"{base}/cli", "--output", "json"],
                          env=env, check=True, capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout)["Parameter"]["Value"] == "hello"
