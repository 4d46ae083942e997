"""Independent resources are created at the same time; a ~15-resource stack deploys in
well under 2 s."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

from tests.conftest import make_client
from tests.e2e.stacks import deploy, remove, wait_settled
from tests.server import RunningServer


def _signal(url: str) -> None:
    body = json.dumps({"Status": "SUCCESS", "UniqueId": "1", "Data": "ok",
                       "Reason": "done"}).encode()
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"content-type": ""})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200


def _statuses(cfn: Any, name: str) -> dict[str, dict[str, Any]]:
    return {r["LogicalResourceId"]: r for r in
            cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]}


def test_independent_waits_run_together(server: RunningServer, unique_name: str) -> None:
    cfn = make_client(server, "cloudformation")
    resources: dict[str, Any] = {}
    for n in ("A", "B"):
        resources[f"Handle{n}"] = {"Type": "AWS::CloudFormation::WaitConditionHandle"}
        resources[f"Wait{n}"] = {"Type": "AWS::CloudFormation::WaitCondition", "Properties": {
            "Handle": {"Ref": f"Handle{n}"}, "Timeout": "60"}}
    resources["After"] = {"Type": "AWS::SQS::Queue", "DependsOn": ["WaitA", "WaitB"]}
    cfn.create_stack(StackName=unique_name, TemplateBody=json.dumps({"Resources": resources}))
    deadline = time.monotonic() + 20
    while True:
        found = _statuses(cfn, unique_name)
        waiting = [k for k in ("WaitA", "WaitB")
                   if found.get(k, {}).get("ResourceStatus") == "CREATE_IN_PROGRESS"]
        if len(waiting) == 2:
            break
        assert time.monotonic() < deadline, found
        time.sleep(0.05)
    assert "After" not in found  # it waits for both
    for n in ("A", "B"):
        _signal(found[f"Handle{n}"]["PhysicalResourceId"])
    stack = wait_settled(server, unique_name)
    assert stack.status == "CREATE_COMPLETE"
    remove(server, unique_name)


def test_fifteen_resources_deploy_fast(server: RunningServer) -> None:
    resources: dict[str, Any] = {}
    for i in range(5):
        resources[f"Topic{i}"] = {"Type": "AWS::SNS::Topic"}
        resources[f"Queue{i}"] = {"Type": "AWS::SQS::Queue"}
        resources[f"Sub{i}"] = {"Type": "AWS::SNS::Subscription", "Properties": {
            "TopicArn": {"Ref": f"Topic{i}"}, "Protocol": "sqs",
            "Endpoint": {"Fn::GetAtt": [f"Queue{i}", "Arn"]}}}
    template = {"Resources": resources,
                "Outputs": {"Q0": {"Value": {"Fn::GetAtt": ["Queue0", "Arn"]}}}}
    deploy(server, {"Resources": {"Warm": {"Type": "AWS::SNS::Topic"}}})
    began = time.monotonic()
    stack = deploy(server, template)
    took = time.monotonic() - began
    assert len(stack.resources) == 15
    assert took < 2.0, f"deploy took {took:.2f}s"
    began = time.monotonic()
    remove(server, stack.name)
    assert time.monotonic() - began < 2.0
