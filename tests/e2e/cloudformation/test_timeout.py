"""TimeoutInMinutes, on the server's clock (a manual one here): a create that outlasts it
is cancelled and rolled back with AWS's reason."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from tests.conftest import make_client
from tests.e2e.stacks import wait_settled
from tests.server import RunningServer, serving


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "cfn-clock", "--clock", "manual")


def test_create_timeout_rolls_back(manual: RunningServer) -> None:
    cfn = make_client(manual, "cloudformation")
    cfn.create_stack(StackName="slow", TimeoutInMinutes=1, TemplateBody=json.dumps({
        "Resources": {
            "Q": {"Type": "AWS::SQS::Queue"},
            "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
            "Wait": {"Type": "AWS::CloudFormation::WaitCondition", "DependsOn": "Q",
                     "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "600"}}}}))
    deadline = time.monotonic() + 20
    while True:
        found = {r["LogicalResourceId"]: r["ResourceStatus"] for r in
                 cfn.list_stack_resources(StackName="slow")["StackResourceSummaries"]}
        if found.get("Wait") == "CREATE_IN_PROGRESS":
            break
        assert time.monotonic() < deadline, found
        time.sleep(0.05)
    manual.advance_clock(30)
    time.sleep(0.2)
    assert cfn.describe_stacks(StackName="slow")["Stacks"][0]["StackStatus"] == \
        "CREATE_IN_PROGRESS"
    manual.advance_clock(31)
    stack = wait_settled(manual, "slow")
    assert stack.status == "ROLLBACK_COMPLETE"
    assert stack.description["TimeoutInMinutes"] == 1
    events = cfn.describe_stack_events(StackName="slow")["StackEvents"]
    reasons = {(e["LogicalResourceId"], e["ResourceStatus"]): e.get("ResourceStatusReason")
               for e in events}
    assert reasons[("slow", "ROLLBACK_IN_PROGRESS")] == (
        "Stack creation time exceeded the specified timeout. Rollback requested by user.")
    assert reasons[("Wait", "CREATE_FAILED")] == "Resource creation cancelled"
