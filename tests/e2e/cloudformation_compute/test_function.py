"""AWS::Lambda::Function through a stack: inline and S3 code, updates in place and by
replacement, deletion.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.cloudformation_compute.support import ROLE, invoke, python_function
from tests.e2e.stacks import deploy, failure_reasons, remove
from tests.server import RunningServer

PY_SOURCE = """\
import cfnresponse

def handler(event, context):
    return {"status": cfnresponse.SUCCESS, "memory": context.memory_limit_in_mb,
            "version": VERSION}

VERSION = 1
"""

NODE_SOURCE = """\
const response = require('cfn-response');
exports.handler = async (event) => ({status: response.SUCCESS, got: event.name});
"""


def _template(**props: Any) -> dict[str, Any]:
    return {"Resources": {"Fn": python_function(PY_SOURCE, **props)},
            "Outputs": {"Name": {"Value": {"Ref": "Fn"}},
                        "Arn": {"Value": {"Fn::GetAtt": ["Fn", "Arn"]}}}}


def test_inline_python_function_runs_with_cfnresponse(server: RunningServer, lam: Any) -> None:
    """ZipFile code becomes index.py with cfnresponse importable beside it; Ref is the
    generated name and Arn its ARN; tags include CloudFormation's."""
    stack = deploy(server, _template(MemorySize=256, Tags=[{"Key": "team", "Value": "a"}]))
    name = stack.outputs["Name"]
    assert name.startswith(f"{stack.name}-Fn-")
    assert stack.outputs["Arn"] == f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    assert invoke(lam, name) == {"status": "SUCCESS", "memory": "256", "version": 1}
    tags = lam.list_tags(Resource=stack.outputs["Arn"])["Tags"]
    assert tags["team"] == "a"
    assert tags["aws:cloudformation:logical-id"] == "Fn"
    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        lam.get_function(FunctionName=name)
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_inline_node_function_runs_with_cfn_response(server: RunningServer, lam: Any) -> None:
    """For a Node.js runtime the code is index.js and require('cfn-response') works."""
    stack = deploy(server, {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "nodejs20.x", "Handler": "index.handler", "Role": ROLE,
        "Code": {"ZipFile": NODE_SOURCE}}}}})
    assert invoke(lam, stack.physical("Fn"), {"name": "x"}) == {"status": "SUCCESS", "got": "x"}
    remove(server, stack.name)


def test_memory_and_code_update_in_place(server: RunningServer, lam: Any) -> None:
    """A changed MemorySize, environment and code update the same function (same name);
    environment values written as numbers or booleans arrive as text."""
    stack = deploy(server, _template(MemorySize=128, ReservedConcurrentExecutions=3))
    name = stack.physical("Fn")
    template = _template(MemorySize=512,
                         Environment={"Variables": {"MODE": "two", "LEVEL": 3, "ON": True}})
    template["Resources"]["Fn"]["Properties"]["Code"]["ZipFile"] = PY_SOURCE.replace(
        "VERSION = 1", "VERSION = 2")
    updated = deploy(server, template, name=stack.name, update=True)
    assert updated.physical("Fn") == name
    config = lam.get_function(FunctionName=name)
    assert config["Configuration"]["MemorySize"] == 512
    assert config["Configuration"]["Environment"]["Variables"] == {
        "MODE": "two", "LEVEL": "3", "ON": "true"}
    assert "Concurrency" not in config
    assert invoke(lam, name)["version"] == 2
    remove(server, stack.name)


def test_new_function_name_replaces_the_function(server: RunningServer, lam: Any) -> None:
    """FunctionName is create-only: a new name creates the new function and deletes the
    old one."""
    stack = deploy(server, _template(FunctionName=f"cfc-old-{id(lam) % 10000}"))
    old = stack.physical("Fn")
    updated = deploy(server, _template(FunctionName=f"cfc-new-{id(lam) % 10000}"),
                     name=stack.name, update=True)
    assert updated.physical("Fn") != old
    assert invoke(lam, updated.physical("Fn"))["status"] == "SUCCESS"
    with pytest.raises(ClientError):
        lam.get_function(FunctionName=old)
    remove(server, stack.name)


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_s3_code_and_layer(server: RunningServer, lam: Any, s3: Any, unique_name: str) -> None:
    """Code.S3Bucket/S3Key and a LayerVersion from S3: the function imports the layer's
    module from /opt/python."""
    bucket = f"cfc-{unique_name}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="app.zip", Body=_zip({
        "app.py": "import shared\ndef handler(e, c):\n    return {'layer': shared.VALUE}\n"}))
    s3.put_object(Bucket=bucket, Key="layer.zip", Body=_zip({"python/shared.py": "VALUE = 7\n"}))
    stack = deploy(server, {"Resources": {
        "Layer": {"Type": "AWS::Lambda::LayerVersion", "Properties": {
            "Content": {"S3Bucket": bucket, "S3Key": "layer.zip"},
            "CompatibleRuntimes": ["python3.12"]}},
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "app.handler", "Role": ROLE,
            "Layers": [{"Ref": "Layer"}],
            "Code": {"S3Bucket": bucket, "S3Key": "app.zip"}}}},
        "Outputs": {"Layer": {"Value": {"Ref": "Layer"}}}})
    assert ":layer:" in stack.outputs["Layer"]
    assert invoke(lam, stack.physical("Fn")) == {"layer": 7}
    remove(server, stack.name)
    with pytest.raises(ClientError):
        lam.get_layer_version_by_arn(Arn=stack.outputs["Layer"])


def test_missing_s3_code_fails_with_s3_error(server: RunningServer, s3: Any,
                                             unique_name: str) -> None:
    bucket = f"cfc-{unique_name}"
    s3.create_bucket(Bucket=bucket)
    stack = deploy(server, {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "python3.12", "Handler": "app.handler", "Role": ROLE,
        "Code": {"S3Bucket": bucket, "S3Key": "missing.zip"}}}}}, expect="ROLLBACK_COMPLETE")
    reasons = " ".join(failure_reasons(server, stack.name))
    assert "S3 Error Code: NoSuchKey" in reasons


def test_image_uri_is_not_supported(server: RunningServer) -> None:
    stack = deploy(server, {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
        "Role": ROLE, "PackageType": "Image",
        "Code": {"ImageUri": "000000000000.dkr.ecr.us-east-1.amazonaws.com/app:1"}}}}},
        expect="ROLLBACK_COMPLETE")
    assert "not supported" in " ".join(failure_reasons(server, stack.name))
