"""A stack's resources and events: DescribeStackEvents, DescribeStackResource,
DescribeStackResources, ListStackResources, and drift detection as data.

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html
(newest first, 100 a page)
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html
(by stack, or by a resource's physical id; a logical id narrows it)
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DetectStackDrift.html

LIMITATIONS: drift is not detected: DetectStackDrift completes at once with every
resource IN_SYNC (cloudlet's resources change only through their own APIs, which a
stack does not watch); DescribeStackResourceDrifts answers IN_SYNC with the applied
properties as both expected and actual.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from cloudlet.cloudformation.records import json_text
from cloudlet.server.context import RequestContext
from cloudlet.server.errors import ValidationError
from cloudlet.server.paging import offset_page
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


@service.operation("DetectStackDrift")
def detect_stack_drift(ctx: RequestContext, req: DetectStackDriftInput) -> dict[str, Any]:
    stack = find_stack(ctx, req["StackName"], deleted=False)
    stack.drift_detection_id = str(uuid.uuid4())
    stack.drift_checked = ctx.state.clock.now()
    engine(ctx).store.put_stack(stack)
    return {"StackDriftDetectionId": stack.drift_detection_id}


@service.operation("DescribeStackDriftDetectionStatus")
def describe_drift_status(ctx: RequestContext,
                          req: DescribeStackDriftDetectionStatusInput) -> dict[str, Any]:
    wanted = req["StackDriftDetectionId"]
    for stack in engine(ctx).store.stacks(ctx.account, ctx.region, include_deleted=False):
        if stack.drift_detection_id == wanted:
            return {"StackId": stack.stack_id, "StackDriftDetectionId": wanted,
                    "StackDriftStatus": "IN_SYNC", "DetectionStatus": "DETECTION_COMPLETE",
                    "DriftedStackResourceCount": 0, "Timestamp": stack.drift_checked}
    raise ValidationError(f"Drift detection with id {wanted} does not exist")


@service.operation("DescribeStackResourceDrifts")
def describe_resource_drifts(ctx: RequestContext,
                             req: DescribeStackResourceDriftsInput) -> dict[str, Any]:
    stack = find_stack(ctx, req["StackName"], deleted=False)
    wanted = set(req.get("StackResourceDriftStatusFilters") or [])
    drifts: list[dict[str, Any]] = []
    if not wanted or "IN_SYNC" in wanted:
        for record in engine(ctx).store.resources(stack.stack_id).values():
            if not record.exists:
                continue
            applied = json_text(record.properties)
            drifts.append({"StackId": stack.stack_id, "LogicalResourceId": record.logical_id,
                           "PhysicalResourceId": record.physical_id,
                           "ResourceType": record.type_name, "ExpectedProperties": applied,
                           "ActualProperties": applied, "PropertyDifferences": [],
                           "StackResourceDriftStatus": "IN_SYNC",
                           "Timestamp": stack.drift_checked or record.updated})
    return _paged(drifts, req, "StackResourceDrifts")
