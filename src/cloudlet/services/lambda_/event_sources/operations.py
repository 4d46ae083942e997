"""Create, Get, List, Update and Delete event source mappings.

https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
- Create answers 202 with ``State: Creating``; the mapping is enabled (its poller runs)
  right away unless ``Enabled`` is false (then Create answers ``Disabled``).
  ``StateTransitionReason`` is ``USER_INITIATED`` (SQS) or ``User action`` (streams);
  stream mappings have ``LastProcessingResult`` (``No records processed`` at first), SQS
  mappings have none. An empty ``FilterCriteria`` is not answered. Settings a source
  does not take (``DestinationConfig`` for SQS, ...) are refused before the function is
  looked up. As AWS answers, recorded in LocalStack's test_lambda_api.snapshot.json
  (test_event_source_mapping_lifecycle, test_event_source_mapping_exceptions,
  test_create_event_filter_criteria_validation) and
  test_lambda_integration_sqs.snapshot.json (test_fifo_message_group_parallelism).
- One mapping per source and function: a second answers ResourceConflictException (409),
  on Create and on an Update that moves a mapping to the function of another.
- The function must exist (InvalidParameterValueException "Function does not exist"),
  and so must the source:
  cloudlet asks the source's own API (DescribeStream, GetQueueAttributes) as Lambda's
  service principal.
https://docs.aws.amazon.com/lambda/latest/api/API_UpdateEventSourceMapping.html
- Answers ``Updating``, or ``Enabling`` / ``Disabling`` when ``Enabled`` changes; the
  poller restarts with the new settings and keeps its checkpoints.
https://docs.aws.amazon.com/lambda/latest/api/API_DeleteEventSourceMapping.html
- Answers ``Deleting``; the poller stops and the mapping and its checkpoints are gone.
An unknown UUID is ResourceNotFoundException "The resource you requested does not exist."

cloudlet stores a transition's end state at once (AWS takes a few seconds): a Get right
after Create answers ``Enabled``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping as MappingType
from datetime import datetime
from typing import Any

from cloudlet.clock import new_id
from cloudlet.server.context import RequestContext
from cloudlet.server.paging import offset_page
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.arns import parse_function_name, resolve
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
    ResourceConflictException,
    ResourceNotFoundException,
)
from cloudlet.services.lambda_.event_sources import pollers, validation
from cloudlet.services.lambda_.event_sources.sources import epoch
from cloudlet.services.lambda_.event_sources.store import Mapping, mappings

NOT_FOUND = "The resource you requested does not exist."


def _function_arn(ctx: RequestContext, value: str) -> str:
    """The ARN of the mapped function; InvalidParameterValueException "Function does not
    exist" (Lambda's answer here, not ResourceNotFoundException)."""
    try:
        name, qualifier = resolve(value, None, ctx.account, ctx.region)
        backend = backends.of(ctx)
        backend.resolve(name, qualifier)
    except ResourceNotFoundException:
        raise InvalidParameterValueException("Function does not exist") from None
    return backend.arn(name, qualifier)


def _answer(mapping: Mapping, state: str | None = None) -> dict[str, Any]:
    out = copy.deepcopy(mapping.config)
    if state is not None:
        out["State"] = state
    if validation.source_kind(out["EventSourceArn"]) == validation.SQS:
        out.pop("LastProcessingResult", None)
    return out


def _get(ctx: RequestContext, uuid: str) -> Mapping:
    found = mappings(ctx.state).get(uuid)
    if found is None or (found.account, found.region) != (ctx.account, ctx.region):
        raise ResourceNotFoundException(NOT_FOUND)
    return found


def _conflict(kind: str, source: str, function_arn: str, uuid: str) -> str:
    name = parse_function_name(function_arn).name
    if kind == validation.SQS:
        return (f'An event source mapping with SQS arn (" {source} ") and function (" {name} ") '
                f"already exists. Please update or delete the existing mapping with UUID {uuid}")
    return (f'The event source arn (" {source} ") and function (" {name} ") provided mapping '
            f"already exists. Please update or delete the existing mapping with UUID {uuid}")


def _check_unique(ctx: RequestContext, kind: str, source: str, function_arn: str,
                  uuid: str | None) -> None:
    """ResourceConflictException when another mapping (not ``uuid``) already maps
    ``source`` to ``function_arn``."""
    for other in mappings(ctx.state).listing(ctx.account, ctx.region):
        if (other.uuid != uuid and other.config["EventSourceArn"] == source
                and other.config["FunctionArn"] == function_arn):
            raise ResourceConflictException(_conflict(kind, source, function_arn, other.uuid))


def _reason(kind: str) -> str:
    """StateTransitionReason after a user's change (AWS's words differ by source)."""
    return "USER_INITIATED" if kind == validation.SQS else "User action"


def _settings(req: MappingType[str, Any]) -> dict[str, Any]:
    """The request's settings as stored: timestamps (StartingPositionTimestamp) in epoch
    seconds, as the mapping's JSON row keeps them."""
    out: dict[str, Any] = {k: epoch(req[k]) if isinstance(req[k], datetime) else req[k]
                           for k in validation.SETTINGS if req.get(k) is not None}
    if not _has_filters(out):
        out.pop("FilterCriteria", None)
    return out


def _check_destination(kind: str, req: MappingType[str, Any]) -> None:
    """An SQS mapping takes no DestinationConfig: AWS's text for it."""
    if kind == validation.SQS and req.get("DestinationConfig") is not None:
        raise InvalidParameterValueException(
            "Unsupported DestinationConfig parameter for given event source mapping type.")


def _has_filters(req: MappingType[str, Any]) -> bool:
    return bool((req.get("FilterCriteria") or {}).get("Filters"))


@service.operation("CreateEventSourceMapping")
async def create_event_source_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Map a queue or stream to a function; see the module docstring."""
    source = req.get("EventSourceArn")
    if not source and req.get("SelfManagedEventSource"):
        raise InvalidParameterValueException(
            "not supported: self-managed Apache Kafka event sources (cloudlet maps SQS "
            "queues, DynamoDB streams and Kinesis streams)")
    if not source:
        raise InvalidParameterValueException(
            "Unrecognized event source.")
    kind = validation.source_kind(source)
    config: dict[str, Any] = validation.defaults(kind)
    config.update(_settings(req))
    _check_destination(kind, req)
    validation.check(kind, source, req, config, creating=True)
    function_arn = _function_arn(ctx, req["FunctionName"])
    store = mappings(ctx.state)
    _check_unique(ctx, kind, source, function_arn, None)
    await pollers.check_source(ctx.state, kind, source, ctx.account, ctx.region)
    uuid = new_id()
    now = ctx.state.clock.now()
    enabled = req.get("Enabled", True)
    config.update({
        "UUID": uuid, "EventSourceArn": source, "FunctionArn": function_arn,
        "LastModified": now, "LastProcessingResult": "No records processed",
        "State": "Enabled" if enabled else "Disabled", "StateTransitionReason": _reason(kind),
        "EventSourceMappingArn": ctx.arn("lambda", f"event-source-mapping:{uuid}"),
    })
    mapping = Mapping(uuid, ctx.account, ctx.region, config)
    if enabled:
        await pollers.prepare(ctx.state, mapping)
    store.put(mapping, now)
    if req.get("Tags"):
        store.set_tags(uuid, dict(req["Tags"]))
    if enabled:
        pollers.start(ctx.state, mapping)
    return _answer(mapping, "Creating" if enabled else "Disabled")


@service.operation("GetEventSourceMapping")
def get_event_source_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """One mapping by UUID."""
    return _answer(_get(ctx, req["UUID"]))


@service.operation("ListEventSourceMappings")
def list_event_source_mappings(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The mappings of the account and region, oldest first, filtered by function and/or
    source, ``MaxItems`` (default 100) per page, ``NextMarker`` for the next."""
    found = mappings(ctx.state).listing(ctx.account, ctx.region)
    source = req.get("EventSourceArn")
    if source is not None:
        found = [m for m in found if m.config["EventSourceArn"] == source]
    function = req.get("FunctionName")
    if function is not None:
        name, qualifier = resolve(function, None, ctx.account, ctx.region)
        found = [m for m in found if _same_function(m.config["FunctionArn"], name, qualifier)]
    marker = req.get("Marker")
    start = int(marker) if marker and marker.isdigit() else 0
    page, after = offset_page(found, start, req.get("MaxItems") or 100)
    out: dict[str, Any] = {"EventSourceMappings": [_answer(m) for m in page]}
    if after is not None:
        out["NextMarker"] = str(after)
    return out


def _same_function(arn: str, name: str, qualifier: str | None) -> bool:
    ref = parse_function_name(arn)
    return ref.name == name and (qualifier is None or ref.qualifier == qualifier)


@service.operation("UpdateEventSourceMapping")
async def update_event_source_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Change a mapping's function, settings or Enabled; see the module docstring."""
    mapping = _get(ctx, req["UUID"])
    config = copy.deepcopy(mapping.config)
    source = config["EventSourceArn"]
    kind = validation.source_kind(source)
    if req.get("FunctionName") is not None:
        config["FunctionArn"] = _function_arn(ctx, req["FunctionName"])
        _check_unique(ctx, kind, source, config["FunctionArn"], mapping.uuid)
    config.update(_settings(req))
    _check_destination(kind, req)
    if "FilterCriteria" in req and not _has_filters(req):
        config.pop("FilterCriteria", None)  # an empty FilterCriteria removes the filters
    validation.check(kind, source, req, config, creating=False)
    was_enabled = mapping.enabled
    enabled = req.get("Enabled", was_enabled)
    answer_state = "Updating"
    if enabled != was_enabled:
        answer_state = "Enabling" if enabled else "Disabling"
    config["State"] = "Enabled" if enabled else "Disabled"
    config["StateTransitionReason"] = _reason(kind)
    config["LastModified"] = ctx.state.clock.now()
    await pollers.stop(ctx.state, mapping.uuid)
    mapping.config = config
    mappings(ctx.state).put(mapping, config["LastModified"])
    if enabled:
        pollers.start(ctx.state, mapping)
    return _answer(mapping, answer_state)


@service.operation("DeleteEventSourceMapping")
async def delete_event_source_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Stop the mapping's poller and remove it with its checkpoints."""
    mapping = _get(ctx, req["UUID"])
    await pollers.stop(ctx.state, mapping.uuid)
    mappings(ctx.state).delete(mapping.uuid)
    return _answer(mapping, "Deleting")


def mapping_of_arn(ctx: RequestContext, arn: str) -> Mapping | None:
    """The mapping an ``...:event-source-mapping:UUID`` ARN names (None for other ARNs);
    ResourceNotFoundException when it names none of this account's mappings."""
    if ":event-source-mapping:" not in arn:
        return None
    return _get(ctx, arn.rsplit(":", 1)[1])
