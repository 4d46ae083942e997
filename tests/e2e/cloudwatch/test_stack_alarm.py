"""AWS::CloudWatch::Alarm in a stack: created, updated in place, deleted with the stack.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
"""

from __future__ import annotations

import copy
from typing import Any

from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

TEMPLATE: dict[str, Any] = {
    "Resources": {
        "Errors": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
            "AlarmDescription": "errors", "Namespace": "AWS/Lambda", "MetricName": "Errors",
            "Dimensions": [{"Name": "FunctionName", "Value": "hello"}],
            "Statistic": "Sum", "Period": "60", "EvaluationPeriods": 1, "Threshold": "1",
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching", "Tags": [{"Key": "team", "Value": "core"}]}},
    },
    "Outputs": {"Name": {"Value": {"Ref": "Errors"}},
                "Arn": {"Value": {"Fn::GetAtt": ["Errors", "Arn"]}}},
}


def test_alarm_lifecycle(server: RunningServer, cw: Any) -> None:
    stack = deploy(server, TEMPLATE)
    name = stack.outputs["Name"]
    assert name.startswith(f"{stack.name}-Errors-")
    [alarm] = cw.describe_alarms(AlarmNames=[name])["MetricAlarms"]
    assert alarm["AlarmArn"] == stack.outputs["Arn"]
    assert (alarm["Period"], alarm["Threshold"], alarm["TreatMissingData"]) == (
        60, 1.0, "notBreaching")
    tags = {t["Key"]: t["Value"] for t in cw.list_tags_for_resource(
        ResourceARN=alarm["AlarmArn"])["Tags"]}
    assert tags["team"] == "core" and tags["aws:cloudformation:logical-id"] == "Errors"

    changed = copy.deepcopy(TEMPLATE)
    changed["Resources"]["Errors"]["Properties"]["Threshold"] = 5
    deploy(server, changed, name=stack.name, update=True)
    [alarm] = cw.describe_alarms(AlarmNames=[name])["MetricAlarms"]
    assert alarm["Threshold"] == 5.0

    remove(server, stack.name)
    assert cw.describe_alarms(AlarmNames=[name])["MetricAlarms"] == []
