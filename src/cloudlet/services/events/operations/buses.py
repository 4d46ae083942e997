"""Event buses and their resource policies.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
- Each account and region has a ``default`` bus, which cannot be deleted.
- PutPermission adds a statement (``StatementId``) that lets ``Principal`` (an account or
  ``*``) run ``Action`` on the bus, or replaces the whole policy with ``Policy``;
  RemovePermission removes one statement or all of them. Policies are answered by
  DescribeEventBus and evaluated by the server's IAM check (``events/resource_policy.py``)
  for calls naming the bus's ARN.
"""

from __future__ import annotations

import json
from typing import Any

from cloudlet.policy.resource_policies import bump
from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.events.errors import ResourceNotFoundException, ValidationException
from cloudlet.services.events.listing import page
from cloudlet.services.events.members import Request
from cloudlet.services.events.names import bus_name
from cloudlet.services.events.operations.tags import tag_map
from cloudlet.services.events.registry import service, store_of


@service.operation("CreateEventBus")
def create_event_bus(ctx: RequestContext, req: Request) -> dict[str, Any]:
    if req.get("EventSourceName"):
        raise ValidationException("not supported: partner event sources (EventSourceName)")
    arn = store_of(ctx).create_bus(req["Name"], req.get("Description"),
                                   tag_map(req.get("Tags")))
    return {"EventBusArn": arn}


@service.operation("DescribeEventBus")
def describe_event_bus(ctx: RequestContext, req: Request) -> dict[str, Any]:
    return store_of(ctx).bus(bus_name(req.get("Name")))


@service.operation("UpdateEventBus")
def update_event_bus(ctx: RequestContext, req: Request) -> dict[str, Any]:
    """Change a bus's description (KMS keys, dead-letter and log configs are not kept)."""
    store = store_of(ctx)
    name = bus_name(req.get("Name"))
    if "Description" in req:
        store.set_description(name, req["Description"])
    bus = store.bus(name)
    return {k: bus[k] for k in ("Arn", "Name", "Description") if k in bus}


@service.operation("ListEventBuses")
def list_event_buses(ctx: RequestContext, req: Request) -> dict[str, Any]:
    found, more = page(store_of(ctx).buses(req.get("NamePrefix") or ""), req)
    return {"EventBuses": found, **more}


@service.operation("DeleteEventBus")
def delete_event_bus(ctx: RequestContext, req: Request) -> NoOutput:
    store_of(ctx).delete_bus(req["Name"])
    bump(ctx.state)
    return {}


@service.operation("PutPermission")
def put_permission(ctx: RequestContext, req: Request) -> NoOutput:
    store = store_of(ctx)
    name = bus_name(req.get("EventBusName"))
    if req.get("Policy"):
        try:
            policy = json.loads(req["Policy"])
        except ValueError:
            raise ValidationException("Policy is not valid JSON.") from None
        store.set_policy(name, policy)
        bump(ctx.state)
        return {}
    for member in ("Action", "Principal", "StatementId"):
        if not req.get(member):
            raise ValidationException(f"Parameter {member} is not valid.")
    principal = req["Principal"]
    statement: dict[str, Any] = {
        "Sid": req["StatementId"], "Effect": "Allow",
        "Principal": "*" if principal == "*" else {"AWS": f"arn:aws:iam::{principal}:root"},
        "Action": req["Action"], "Resource": store.bus_arn(name),
    }
    condition = req.get("Condition")
    if condition:
        statement["Condition"] = {condition["Type"]: {condition["Key"]: condition["Value"]}}
    policy = store.policy(name) or {"Version": "2012-10-17", "Statement": []}
    policy["Statement"] = [s for s in policy["Statement"] if s.get("Sid") != req["StatementId"]]
    policy["Statement"].append(statement)
    store.set_policy(name, policy)
    bump(ctx.state)
    return {}


@service.operation("RemovePermission")
def remove_permission(ctx: RequestContext, req: Request) -> NoOutput:
    store = store_of(ctx)
    name = bus_name(req.get("EventBusName"))
    policy = store.policy(name)
    if policy is None:
        raise ResourceNotFoundException("EventBus does not have a policy.")
    if req.get("RemoveAllPermissions"):
        store.set_policy(name, None)
        bump(ctx.state)
        return {}
    kept = [s for s in policy.get("Statement", []) if s.get("Sid") != req.get("StatementId")]
    if len(kept) == len(policy.get("Statement", [])):
        raise ResourceNotFoundException("Statement with the provided id does not exist.")
    store.set_policy(name, {**policy, "Statement": kept} if kept else None)
    bump(ctx.state)
    return {}
