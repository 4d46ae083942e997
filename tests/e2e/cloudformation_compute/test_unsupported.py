"""Types cloudlet's services cannot back are refused before anything is created, by name."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.stacks import template_body
from tests.server import RunningServer


@pytest.mark.parametrize(("type_name", "props"), [
    ("AWS::Lambda::LayerVersionPermission", {
        "LayerVersionArn": "arn:aws:lambda:us-east-1:000000000000:layer:l:1",
        "Action": "lambda:GetLayerVersion", "Principal": "*"}),
    ("AWS::Logs::SubscriptionFilter", {"LogGroupName": "g", "FilterPattern": "",
                                       "DestinationArn": "arn:aws:lambda:us-east-1:0:function:f"}),
])
def test_unbacked_type_is_refused_by_name(server: RunningServer, cfn: Any, type_name: str,
                                          props: dict[str, Any]) -> None:
    body = template_body({"Resources": {"Log": {"Type": "AWS::Logs::LogGroup"},
                                        "X": {"Type": type_name, "Properties": props}}})
    try:
        cfn.create_stack(StackName=f"cfc-unsupported-{type_name.split('::')[-1]}",
                         TemplateBody=body)
    except cfn.exceptions.ClientError as error:
        message = error.response["Error"]["Message"]
    else:
        raise AssertionError("create_stack accepted an unbacked type")
    assert type_name in message and "not supported" in message.lower()
