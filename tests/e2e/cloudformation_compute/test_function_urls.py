"""AWS::Lambda::Url through a stack: created with the function, Ref the function's ARN,
GetAtt FunctionUrl/FunctionArn; AuthType and Cors updated in place (the URL stays the
same); removed with the stack.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-url.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.cloudformation_compute.support import python_function
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer


def _template(auth: str, cors: dict[str, Any] | None) -> dict[str, Any]:
    url: dict[str, Any] = {"TargetFunctionArn": {"Fn::GetAtt": ["Fn", "Arn"]}, "AuthType": auth}
    if cors:
        url["Cors"] = cors
    return {"Resources": {
        "Fn": python_function("def handler(e, c):\n    return e['rawPath']\n"),
        "Url": {"Type": "AWS::Lambda::Url", "Properties": url}},
        "Outputs": {"Url": {"Value": {"Fn::GetAtt": ["Url", "FunctionUrl"]}},
                    "Ref": {"Value": {"Ref": "Url"}},
                    "Arn": {"Value": {"Fn::GetAtt": ["Url", "FunctionArn"]}}}}


def test_a_url_is_created_updated_in_place_and_removed(server: RunningServer) -> None:
    stack = deploy(server, _template("NONE", None))
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.description["Outputs"]}
    function = stack.resources["Fn"]["PhysicalResourceId"]
    assert outputs["Ref"] == outputs["Arn"] and outputs["Arn"].endswith(f":function:{function}")
    assert ".lambda-url.us-east-1.localhost:" in outputs["Url"]
    lam = make_client(server, "lambda")
    cors = {"AllowOrigins": ["https://a.example"], "MaxAge": 30}
    deploy(server, _template("AWS_IAM", cors), name=stack.name, update=True)
    config = lam.get_function_url_config(FunctionName=function)
    assert (config["AuthType"], config["Cors"], config["FunctionUrl"]) == (
        "AWS_IAM", cors, outputs["Url"])
    remove(server, stack.name)
    with pytest.raises(ClientError):
        lam.get_function_url_config(FunctionName=function)
