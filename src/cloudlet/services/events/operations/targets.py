"""A rule's targets: PutTargets, RemoveTargets, ListTargetsByRule.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html
- At most 5 targets per rule (LimitExceededException); a target with an Id the rule has
  is replaced.
- Input, InputPath and InputTransformer exclude each other; Input must be JSON text,
  InputPath and the InputPathsMap values JSONPath (``$.detail.x``).
- A target cloudlet cannot deliver to (a service it does not have) is answered in
  FailedEntries, the others are still put.
- A FIFO SQS queue target needs ``SqsParameters.MessageGroupId``.
"""

from __future__ import annotations

import json
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.events.errors import LimitExceededException, ValidationException
from cloudlet.services.events.listing import page
from cloudlet.services.events.members import Request
from cloudlet.services.events.names import Arn, bus_name
from cloudlet.services.events.registry import service, store_of
from cloudlet.services.events.targets import SUPPORTED
from cloudlet.services.events.transform import valid_path

MAX_TARGETS = 5
RESERVED_VARIABLES = frozenset({"aws.events.rule-arn", "aws.events.rule-name",
                                "aws.events.event.ingestion-time", "aws.events.event",
                                "aws.events.event.json"})


def _check(target: dict[str, Any]) -> None:
    """ValidationException for a target AWS refuses whatever the rest of the request."""
    given = [k for k in ("Input", "InputPath", "InputTransformer") if k in target]
    if len(given) > 1:
        raise ValidationException(
            "Only one of Input, InputPath, or InputTransformer must be provided.")
    if "Input" in target:
        try:
            json.loads(target["Input"])
        except ValueError:
            raise ValidationException(f"Input is not a valid JSON text for target {target['Id']}."
                                      ) from None
    if "InputPath" in target and not valid_path(target["InputPath"]):
        raise ValidationException(f"InputPath is not valid for target {target['Id']}.")
    paths = (target.get("InputTransformer") or {}).get("InputPathsMap") or {}
    for name, path in paths.items():
        if name in RESERVED_VARIABLES:
            raise ValidationException(
                f"InputTransformer.InputPathsMap key {name} is a reserved variable name.")
        if not valid_path(path):
            raise ValidationException(f"InputTransformer.InputPathsMap value {path} is not a"
                                      " valid JSON path.")
    arn = Arn.parse(target["Arn"])
    if (arn is not None and arn.service == "sqs" and arn.resource.endswith(".fifo")
            and not (target.get("SqsParameters") or {}).get("MessageGroupId")):
        raise ValidationException(
            f"Parameter(s) SqsParameters must be specified for target: {target['Id']}.")


def _failure(target: dict[str, Any]) -> dict[str, str] | None:
    arn = Arn.parse(target["Arn"])
    if arn is None:
        return {"TargetId": target["Id"], "ErrorCode": "ValidationException",
                "ErrorMessage": f"Parameter {target['Arn']} is not valid."}
    if arn.service not in SUPPORTED:
        return {"TargetId": target["Id"], "ErrorCode": "ValidationException",
                "ErrorMessage": f"not supported: EventBridge targets in {arn.service}"}
    return None


@service.operation("PutTargets")
def put_targets(ctx: RequestContext, req: Request) -> dict[str, Any]:
    store = store_of(ctx)
    bus = bus_name(req.get("EventBusName"))
    rule = store.rule(bus, req["Rule"])
    for target in req["Targets"]:
        _check(target)
    failed = [f for f in map(_failure, req["Targets"]) if f is not None]
    failed_ids = {f["TargetId"] for f in failed}
    accepted = [t for t in req["Targets"] if t["Id"] not in failed_ids]
    ids = {t["Id"] for t in store.targets(bus, rule.name)} | {t["Id"] for t in accepted}
    if len(ids) > MAX_TARGETS:
        raise LimitExceededException("The requested resource exceeds the maximum number allowed.")
    store.put_targets(bus, rule.name, accepted)
    return {"FailedEntryCount": len(failed), "FailedEntries": failed}


@service.operation("RemoveTargets")
def remove_targets(ctx: RequestContext, req: Request) -> dict[str, Any]:
    store = store_of(ctx)
    bus = bus_name(req.get("EventBusName"))
    rule = store.rule(bus, req["Rule"])
    store.remove_targets(bus, rule.name, req["Ids"])
    return {"FailedEntryCount": 0, "FailedEntries": []}


@service.operation("ListTargetsByRule")
def list_targets_by_rule(ctx: RequestContext, req: Request) -> dict[str, Any]:
    store = store_of(ctx)
    bus = bus_name(req.get("EventBusName"))
    rule = store.rule(bus, req["Rule"])
    found, more = page(store.targets(bus, rule.name), req)
    return {"Targets": found, **more}
