"""A stack's resources and events: DescribeStackEvents, DescribeStackResource,
DescribeStackResources, ListStackResources, and drift detection as data.

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html
(newest first, 100 a page)
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html
(by stack, or by a resource's physical id; a logical id narrows it)
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DetectStackDrift.html

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DetectStackResourceDrift.html
(the comparison itself: ``services/cloudformation/drift``)

LIMITATIONS: DetectStackDrift runs the checks before it answers (so
DescribeStackDriftDetectionStatus never shows DETECTION_IN_PROGRESS); only the last
detection's id is kept. Types whose provider has no ``read`` are NOT_CHECKED (read exists
for SSM::Parameter, SQS::Queue, SNS::Topic, Lambda::Function, DynamoDB::Table and
Logs::LogGroup, over the properties each lists as ``readable``: Tags are not compared).
Detection is refused while a stack operation is in progress.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from cloudlet.cloudformation.records import ResourceRecord, StackRecord
from cloudlet.server.context import RequestContext
from cloudlet.server.errors import ValidationError
from cloudlet.server.paging import offset_page
from cloudlet.services.cloudformation import drift
from cloudlet.services.cloudformation.finding import engine, find_stack
from cloudlet.services.cloudformation.operations.stacks import page_start
from cloudlet.services.cloudformation.registry import service
from cloudlet.services.cloudformation.shapes import (
    DescribeStackDriftDetectionStatusInput,
    DescribeStackEventsInput,
    DescribeStackResourceDriftsInput,
    DescribeStackResourceInput,
    DescribeStackResourcesInput,
    DetectStackDriftInput,
    DetectStackResourceDriftInput,
    ListStackResourcesInput,
)
from cloudlet.services.cloudformation.views import (
    resource_detail,
    resource_summary,
    stack_resource,
)

PAGE_SIZE = 100


def _paged(items: list[Any], req: Mapping[str, Any], key: str) -> dict[str, Any]:
    page, after = offset_page(items, page_start(req.get("NextToken")), PAGE_SIZE)
    out: dict[str, Any] = {key: page}
    if after is not None:
        out["NextToken"] = str(after)
    return out


@service.operation("DescribeStackEvents")
def describe_stack_events(ctx: RequestContext, req: DescribeStackEventsInput) -> dict[str, Any]:
    stack = find_stack(ctx, req["StackName"])
    return _paged(engine(ctx).store.events(stack.stack_id), req, "StackEvents")


@service.operation("ListStackResources")
def list_stack_resources(ctx: RequestContext, req: ListStackResourcesInput) -> dict[str, Any]:
    stack = find_stack(ctx, req["StackName"])
    records = engine(ctx).store.resources(stack.stack_id).values()
    return _paged([resource_summary(stack, r) for r in records], req, "StackResourceSummaries")


@service.operation("DescribeStackResource")
def describe_stack_resource(ctx: RequestContext,
                            req: DescribeStackResourceInput) -> dict[str, Any]:
    stack = find_stack(ctx, req["StackName"])
    logical_id = req["LogicalResourceId"]
    found = engine(ctx).store.resources(stack.stack_id).get(logical_id)
    if found is None:
        raise ValidationError(f"Resource {logical_id} does not exist for stack {stack.name}")
    return {"StackResourceDetail": resource_detail(stack, found)}


@service.operation("DescribeStackResources")
def describe_stack_resources(ctx: RequestContext,
                             req: DescribeStackResourcesInput) -> dict[str, Any]:
    store = engine(ctx).store
    name, physical = req.get("StackName"), req.get("PhysicalResourceId")
    if name:
        stack = find_stack(ctx, name)
    elif physical:
        owners = store.stacks_with_physical(ctx.account, ctx.region, physical)
        if not owners:
            raise ValidationError(f"Stack for {physical} does not exist")
        found = store.stack(owners[0][0])
        assert found is not None
        stack = found
    else:
        raise ValidationError("Either StackName or PhysicalResourceId must be specified.")
    records = list(store.resources(stack.stack_id).values())
    if req.get("LogicalResourceId"):
        records = [r for r in records if r.logical_id == req["LogicalResourceId"]]
    if physical:
        records = [r for r in records if r.physical_id == physical] or records
    return {"StackResources": [stack_resource(stack, r) for r in records]}


def _drift_target(ctx: RequestContext, name: str) -> StackRecord:
    """The stack ``name``, which must not have an operation in progress."""
    stack = find_stack(ctx, name, deleted=False)
    if engine(ctx).busy(stack.stack_id) or stack.status.endswith("_IN_PROGRESS"):
        raise ValidationError(f"Stack {stack.name} is in {stack.status} state and can not"
                              " be drift detected")
    return stack


def _resource(stack: StackRecord, records: Mapping[str, ResourceRecord],
              logical_id: str) -> ResourceRecord:
    found = records.get(logical_id)
    if found is None or not found.exists:
        raise ValidationError(f"Resource {logical_id} does not exist for stack {stack.name}")
    return found


@service.operation("DetectStackDrift")
async def detect_stack_drift(ctx: RequestContext, req: DetectStackDriftInput) -> dict[str, Any]:
    """Checks every resource (or the LogicalResourceIds given) before answering."""
    stack = _drift_target(ctx, req["StackName"])
    records = engine(ctx).store.resources(stack.stack_id)
    wanted = req.get("LogicalResourceIds")
    chosen = [_resource(stack, records, i) for i in wanted] if wanted else \
        [r for r in records.values() if r.exists]
    detection_id, now = str(uuid.uuid4()), ctx.state.clock.now()
    stack.drift = await drift.detect(engine(ctx), stack, chosen, detection_id, now)
    stack.drift_detection_id, stack.drift_checked = detection_id, now
    engine(ctx).store.put_stack(stack)
    return {"StackDriftDetectionId": detection_id}


@service.operation("DetectStackResourceDrift")
async def detect_resource_drift(ctx: RequestContext,
                                req: DetectStackResourceDriftInput) -> dict[str, Any]:
    """One resource's drift, kept with the stack's results (its status unchanged)."""
    stack = _drift_target(ctx, req["StackName"])
    record = _resource(stack, engine(ctx).store.resources(stack.stack_id),
                       req["LogicalResourceId"])
    result = await drift.check(engine(ctx), stack, record, ctx.state.clock.now())
    stack.drift.setdefault("resources", {})[record.logical_id] = result
    engine(ctx).store.put_stack(stack)
    return {"StackResourceDrift": result}


@service.operation("DescribeStackDriftDetectionStatus")
def describe_drift_status(ctx: RequestContext,
                          req: DescribeStackDriftDetectionStatusInput) -> dict[str, Any]:
    wanted = req["StackDriftDetectionId"]
    for stack in engine(ctx).store.stacks(ctx.account, ctx.region, include_deleted=False):
        found = stack.drift
        if stack.drift_detection_id == wanted and found.get("id") == wanted:
            out = {"StackId": stack.stack_id, "StackDriftDetectionId": wanted,
                   "StackDriftStatus": found["status"], "DetectionStatus": found["detection"],
                   "DriftedStackResourceCount": found["count"],
                   "Timestamp": found["timestamp"]}
            if found.get("reason"):
                out["DetectionStatusReason"] = found["reason"]
            return out
    raise ValidationError(f"Drift detection with id {wanted} does not exist")


@service.operation("DescribeStackResourceDrifts")
def describe_resource_drifts(ctx: RequestContext,
                             req: DescribeStackResourceDriftsInput) -> dict[str, Any]:
    """The results of the resources checked, in logical id order."""
    stack = find_stack(ctx, req["StackName"], deleted=False)
    wanted = set(req.get("StackResourceDriftStatusFilters") or [])
    results = stack.drift.get("resources") or {}
    drifts = [results[k] for k in sorted(results)
              if not wanted or results[k]["StackResourceDriftStatus"] in wanted]
    page, after = offset_page(drifts, page_start(req.get("NextToken")),
                              req.get("MaxResults") or PAGE_SIZE)
    out: dict[str, Any] = {"StackResourceDrifts": page}
    if after is not None:
        out["NextToken"] = str(after)
    return out
