"""Rules: PutRule, DescribeRule, ListRules, DeleteRule, Enable/DisableRule,
ListRuleNamesByTarget and TestEventPattern.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
- A rule has an EventPattern, a ScheduleExpression (default bus only) or both; PutRule on
  an existing rule replaces its settings and keeps its targets and tags.
- DeleteRule fails while the rule has targets (ValidationException); deleting a rule that
  does not exist succeeds.
https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
- The event must carry id, account, source, time, region and detail-type.
"""

from __future__ import annotations

import json
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.events.errors import ValidationException
from cloudlet.services.events.listing import page
from cloudlet.services.events.matching import check_pattern, matches
from cloudlet.services.events.members import Request
from cloudlet.services.events.names import bus_name
from cloudlet.services.events.operations.tags import tag_map
from cloudlet.services.events.registry import service, store_of
from cloudlet.services.events.schedules import check_schedule, next_fire
from cloudlet.services.events.store import DEFAULT_BUS

_EVENT_MEMBERS = ("id", "account", "source", "time", "region", "detail-type")


@service.operation("PutRule")
def put_rule(ctx: RequestContext, req: Request) -> dict[str, Any]:
    pattern, schedule = req.get("EventPattern"), req.get("ScheduleExpression")
    bus = bus_name(req.get("EventBusName"))
    if not pattern and not schedule:
        raise ValidationException(
            "Parameter(s) EventPattern or ScheduleExpression must be specified.")
    if pattern:
        check_pattern(pattern)
    if schedule:
        if bus != DEFAULT_BUS:
            raise ValidationException(
                "ScheduleExpression is supported only on the default event bus.")
        check_schedule(schedule)
    store = store_of(ctx)
    existing = store.find_rule(bus, req["Name"])
    now = ctx.state.clock.now()
    created = existing.created if existing else now
    fire = (next_fire(schedule, created, now)
            if schedule and req.get("State") != "DISABLED" else None)
    rule = store.put_rule(bus, req["Name"], req, tag_map(req.get("Tags")), fire)
    return {"RuleArn": rule.arn}


@service.operation("DescribeRule")
def describe_rule(ctx: RequestContext, req: Request) -> dict[str, Any]:
    rule = store_of(ctx).rule(bus_name(req.get("EventBusName")), req["Name"])
    return {**rule.describe(), "CreatedBy": rule.account}


@service.operation("ListRules")
def list_rules(ctx: RequestContext, req: Request) -> dict[str, Any]:
    store = store_of(ctx)
    bus = bus_name(req.get("EventBusName"))
    store.bus(bus)
    found, more = page(store.rules(bus, req.get("NamePrefix") or ""), req)
    return {"Rules": [r.describe() for r in found], **more}


@service.operation("DeleteRule")
def delete_rule(ctx: RequestContext, req: Request) -> NoOutput:
    store_of(ctx).delete_rule(bus_name(req.get("EventBusName")), req["Name"])
    return {}


def _set_state(ctx: RequestContext, req: Request, state: str) -> None:
    store = store_of(ctx)
    bus = bus_name(req.get("EventBusName"))
    rule = store.rule(bus, req["Name"])
    now = ctx.state.clock.now()
    fire = next_fire(rule.schedule, now, now) if rule.schedule and state == "ENABLED" else None
    store.set_rule_state(bus, rule.name, state, fire)


@service.operation("EnableRule")
def enable_rule(ctx: RequestContext, req: Request) -> NoOutput:
    _set_state(ctx, req, "ENABLED")
    return {}


@service.operation("DisableRule")
def disable_rule(ctx: RequestContext, req: Request) -> NoOutput:
    _set_state(ctx, req, "DISABLED")
    return {}


@service.operation("ListRuleNamesByTarget")
def list_rule_names_by_target(ctx: RequestContext, req: Request) -> dict[str, Any]:
    store = store_of(ctx)
    bus = bus_name(req.get("EventBusName"))
    store.bus(bus)
    found, more = page(store.rule_names_by_target(bus, req["TargetArn"]), req)
    return {"RuleNames": found, **more}


@service.operation("TestEventPattern")
def test_event_pattern(ctx: RequestContext, req: Request) -> dict[str, Any]:
    check_pattern(req["EventPattern"])
    try:
        event = json.loads(req["Event"])
    except ValueError:
        event = None
    if not isinstance(event, dict) or any(m not in event for m in _EVENT_MEMBERS):
        raise ValidationException("Parameter Event is not valid.")
    return {"Result": matches(req["EventPattern"], event)}
