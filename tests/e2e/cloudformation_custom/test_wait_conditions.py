"""WaitConditionHandle and WaitCondition: signals PUT to the handle's URL.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-waitcondition.html
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from typing import Any

from tests.e2e.stacks import failure_reasons, template_body, wait_settled
from tests.server import RunningServer

TEMPLATE = {
    "Resources": {
        "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
        "Wait": {"Type": "AWS::CloudFormation::WaitCondition",
                 "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "30", "Count": 2}},
    },
    "Outputs": {"Data": {"Value": {"Fn::GetAtt": ["Wait", "Data"]}},
                "Url": {"Value": {"Ref": "Handle"}}},
}


def signal(url: str, **body: str) -> None:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="PUT",
                                     headers={"content-type": ""})
    urllib.request.urlopen(request, timeout=10).read()


def start(cfn: Any, template: dict[str, Any]) -> str:
    name = f"wc-{uuid.uuid4().hex[:10]}"
    cfn.create_stack(StackName=name, TemplateBody=template_body(template))
    return name


def handle_url(cfn: Any, name: str) -> str:
    """The handle's URL, once it has been created (the stack still waits)."""
    for _ in range(200):
        for r in cfn.describe_stack_resources(StackName=name)["StackResources"]:
            if r["LogicalResourceId"] == "Handle" and r["ResourceStatus"] == "CREATE_COMPLETE":
                return str(r["PhysicalResourceId"])
        time.sleep(0.05)
    raise AssertionError("the wait condition handle was not created")


def test_wait_condition_completes_after_count_signals(server: RunningServer, cfn: Any) -> None:
    """Count distinct SUCCESS signals complete it; Data is the JSON of UniqueId -> Data."""
    name = start(cfn, TEMPLATE)
    url = handle_url(cfn, name)
    assert url.startswith(server.url + "/_cloudlet/cloudformation/waitcondition/")
    signal(url, Status="SUCCESS", UniqueId="one", Data="first", Reason="ready")
    time.sleep(0.3)
    assert cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"] == (
        "CREATE_IN_PROGRESS")
    signal(url, Status="SUCCESS", UniqueId="one", Data="again", Reason="ready")
    signal(url, Status="SUCCESS", UniqueId="two", Data="second", Reason="ready")
    stack = wait_settled(server, name)
    assert stack.status == "CREATE_COMPLETE", failure_reasons(server, name)
    assert json.loads(stack.outputs["Data"]) == {"one": "again", "two": "second"}
    assert stack.outputs["Url"] == url


def test_failure_signal_fails_the_wait_condition(server: RunningServer, cfn: Any) -> None:
    name = start(cfn, TEMPLATE)
    signal(handle_url(cfn, name), Status="FAILURE", UniqueId="web1", Reason="no disk")
    stack = wait_settled(server, name)
    assert stack.status == "ROLLBACK_COMPLETE"
    assert "Wait: WaitCondition received failed message: 'no disk' for uniqueId: web1" in (
        failure_reasons(server, name))


def test_wait_condition_times_out(server: RunningServer, cfn: Any) -> None:
    template = json.loads(json.dumps(TEMPLATE))
    template["Resources"]["Wait"]["Properties"]["Timeout"] = "1"
    name = start(cfn, template)
    stack = wait_settled(server, name)
    assert stack.status == "ROLLBACK_COMPLETE"
    assert "Wait: WaitCondition timed out. Received 0 conditions when expecting 2" in (
        failure_reasons(server, name))
