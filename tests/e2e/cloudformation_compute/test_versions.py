"""AWS::Lambda::Version, ::Alias, ::Permission and ::EventInvokeConfig through a stack.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-version.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-alias.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cloudlet.testing import function_ready
from tests.e2e.cloudformation_compute.support import invoke, python_function
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer


def _source(n: int) -> str:
    return f"def handler(e, c):\n    return {{'n': {n}, 'arn': c.invoked_function_arn}}\n"


def _template(n: int, weights: dict[str, float] | None = None) -> dict[str, Any]:
    alias: dict[str, Any] = {"FunctionName": {"Ref": "Fn"}, "Name": "live",
                             "FunctionVersion": {"Fn::GetAtt": ["V", "Version"]}}
    if weights:
        alias["RoutingConfig"] = {"AdditionalVersionWeights": [
            {"FunctionVersion": v, "FunctionWeight": w} for v, w in weights.items()]}
    return {"Resources": {
        "Fn": python_function(_source(n)),
        "V": {"Type": "AWS::Lambda::Version", "Properties": {
            "FunctionName": {"Ref": "Fn"}, "Description": f"code {n}"}},
        "Live": {"Type": "AWS::Lambda::Alias", "Properties": alias},
        "Perm": {"Type": "AWS::Lambda::Permission", "Properties": {
            "FunctionName": {"Fn::GetAtt": ["Fn", "Arn"]}, "Action": "lambda:InvokeFunction",
            "Principal": "sns.amazonaws.com",
            "SourceArn": "arn:aws:sns:us-east-1:000000000000:topic"}},
        "Async": {"Type": "AWS::Lambda::EventInvokeConfig", "Properties": {
            "FunctionName": {"Ref": "Fn"}, "Qualifier": "$LATEST",
            "MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 120}}},
        "Outputs": {"V": {"Value": {"Ref": "V"}},
                    "Number": {"Value": {"Fn::GetAtt": ["V", "Version"]}},
                    "Alias": {"Value": {"Ref": "Live"}},
                    "Statement": {"Value": {"Ref": "Perm"}}}}


def test_version_alias_permission_and_async_config(server: RunningServer, lam: Any) -> None:
    """Ref of a Version is its ARN, of an Alias the alias ARN, of a Permission the
    statement id in the function's policy; the async settings are applied."""
    stack = deploy(server, _template(1))
    name = stack.physical("Fn")
    assert stack.outputs["V"] == f"{stack.outputs['Alias'].rsplit(':', 1)[0]}:1"
    alias = lam.get_alias(FunctionName=name, Name="live")
    assert alias["AliasArn"] == stack.outputs["Alias"]
    assert alias["FunctionVersion"] == stack.outputs["Number"] == "1"
    policy = json.loads(lam.get_policy(FunctionName=name)["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == [stack.outputs["Statement"]]
    config = lam.get_function_event_invoke_config(FunctionName=name, Qualifier="$LATEST")
    assert (config["MaximumRetryAttempts"], config["MaximumEventAgeInSeconds"]) == (0, 120)
    assert invoke(lam, stack.outputs["Alias"])["arn"] == stack.outputs["Alias"]
    remove(server, stack.name)
    with pytest.raises(ClientError):
        lam.get_function(FunctionName=name)


def test_new_code_publishes_a_new_version_and_moves_the_alias(server: RunningServer,
                                                              lam: Any) -> None:
    """Versions are immutable: new code with a new Description replaces the Version (the
    next number; the old one deleted) and the alias follows; RoutingConfig weights
    update the alias in place."""
    stack = deploy(server, _template(1))
    name = stack.physical("Fn")
    updated = deploy(server, _template(2), name=stack.name, update=True)
    assert updated.outputs["Number"] == "2"
    versions = [v["Version"] for v in lam.list_versions_by_function(FunctionName=name)["Versions"]]
    assert versions == ["$LATEST", "2"]
    assert invoke(lam, updated.outputs["Alias"])["n"] == 2
    lam.update_function_code(FunctionName=name, ZipFile=_zip(_source(3)))
    function_ready(lam, name)
    lam.publish_version(FunctionName=name)
    deploy(server, _template(2, {"3": 0.5}), name=stack.name, update=True)
    alias = lam.get_alias(FunctionName=name, Name="live")
    assert alias["FunctionVersion"] == "2"
    assert alias["RoutingConfig"]["AdditionalVersionWeights"] == {"3": 0.5}
    remove(server, stack.name)


def _zip(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", source)
    return buffer.getvalue()
