"""What the stack tests share (tests/e2e/cloudformation*/, the provider tests, SAM and the
CLI): deploy a template through the CloudFormation API as a user would, wait for the
stack to settle, and read back what it made.

    stack = deploy(server, {"Resources": {"T": {"Type": "AWS::SNS::Topic"}}})
    arn = stack.physical("T")
    stack.outputs["Url"]
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import make_client
from tests.server import RunningServer

ALL_CAPABILITIES = ("CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND")
SETTLED = ("_COMPLETE", "_FAILED")


@dataclass
class Stack:
    name: str
    description: dict[str, Any]
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return str(self.description["StackStatus"])

    @property
    def outputs(self) -> dict[str, str]:
        return {o["OutputKey"]: o["OutputValue"] for o in self.description.get("Outputs", [])}

    def physical(self, logical_id: str) -> str:
        return str(self.resources[logical_id]["PhysicalResourceId"])


def template_body(template: dict[str, Any] | str) -> str:
    return template if isinstance(template, str) else json.dumps(template)


def wait_settled(server: RunningServer, name: str, timeout: float = 60.0,
                 region: str = "us-east-1") -> Stack:
    """The stack once its status ends in _COMPLETE or _FAILED (IN_PROGRESS ones waited on)."""
    cfn = make_client(server, "cloudformation", region=region)
    deadline = time.monotonic() + timeout
    while True:
        described = cfn.describe_stacks(StackName=name)["Stacks"][0]
        status = described["StackStatus"]
        if status.endswith(SETTLED) and not status.endswith("IN_PROGRESS"):
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"stack {name} still {status} after {timeout}s")
        time.sleep(0.05)
    stack = Stack(name, described)
    if not status.startswith("DELETE_COMPLETE"):
        for page in cfn.get_paginator("list_stack_resources").paginate(
                StackName=described["StackId"]):
            for r in page["StackResourceSummaries"]:
                stack.resources[r["LogicalResourceId"]] = r
    return stack


def deploy(server: RunningServer, template: dict[str, Any] | str, *, name: str | None = None,
           parameters: dict[str, str] | None = None, update: bool = False,
           expect: str | None = None, region: str = "us-east-1",
           capabilities: tuple[str, ...] = ALL_CAPABILITIES, **kwargs: Any) -> Stack:
    """Create (or with ``update``, update) a stack and wait for it to settle; asserts the
    final status is ``expect`` (CREATE_COMPLETE / UPDATE_COMPLETE by default)."""
    cfn = make_client(server, "cloudformation", region=region)
    name = name or f"s-{uuid.uuid4().hex[:10]}"
    args: dict[str, Any] = {"StackName": name, "TemplateBody": template_body(template),
                            "Capabilities": list(capabilities), **kwargs}
    if parameters:
        args["Parameters"] = [{"ParameterKey": k, "ParameterValue": v}
                              for k, v in parameters.items()]
    (cfn.update_stack if update else cfn.create_stack)(**args)
    stack = wait_settled(server, name, region=region)
    wanted = expect or ("UPDATE_COMPLETE" if update else "CREATE_COMPLETE")
    if stack.status != wanted:
        raise AssertionError(f"stack {name} is {stack.status}, not {wanted}: "
                             f"{failure_reasons(server, name, region)}")
    return stack


def failure_reasons(server: RunningServer, name: str, region: str = "us-east-1") -> list[str]:
    """The stack's FAILED events' ``LogicalResourceId: ResourceStatusReason``, newest first."""
    cfn = make_client(server, "cloudformation", region=region)
    events = cfn.describe_stack_events(StackName=name)["StackEvents"]
    return [f"{e['LogicalResourceId']}: {e.get('ResourceStatusReason', '')}"
            for e in events if e["ResourceStatus"].endswith("FAILED")]


def remove(server: RunningServer, name: str, region: str = "us-east-1") -> None:
    """Delete a stack and wait until it is gone."""
    cfn = make_client(server, "cloudformation", region=region)
    stack_id = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
    cfn.delete_stack(StackName=name)
    stack = wait_settled(server, stack_id, region=region)
    if stack.status != "DELETE_COMPLETE":
        raise AssertionError(f"stack {name} is {stack.status}: "
                             f"{failure_reasons(server, stack_id, region)}")
