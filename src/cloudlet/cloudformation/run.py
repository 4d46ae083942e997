"""One stack operation while it runs: the stack, its resources as they are now, and the
recording of every step (the resource row and the stack event, both durable before the
engine moves on).

Events are named as CloudFormation names them: the stack's own events have the stack
name as LogicalResourceId, the stack id as PhysicalResourceId and the type
``AWS::CloudFormation::Stack``; a resource's event id is ``{logical}-{status}-{time}``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cloudlet.cloudformation.lookup import StackLookup
from cloudlet.cloudformation.providers.base import ProviderError, ResourceContext
from cloudlet.cloudformation.records import json_text
from cloudlet.cloudformation.schemas import is_custom
from cloudlet.server.context import Principal
from cloudlet.server.errors import ServiceError

if TYPE_CHECKING:
    from cloudlet.cloudformation.engine import Engine
    from cloudlet.cloudformation.providers.base import Provider
    from cloudlet.cloudformation.records import ResourceRecord, StackRecord
    from cloudlet.cloudformation.template import Evaluated

log = logging.getLogger("cloudlet")

STACK_TYPE = "AWS::CloudFormation::Stack"
CUSTOM_TYPE = "AWS::CloudFormation::CustomResource"


def principal_of(stack: StackRecord) -> Principal:
    found = stack.principal
    if not found:
        return Principal.root(stack.account)
    return Principal(found["account"], found["arn"], found.get("kind", "root"),
                     found.get("access_key", ""))


def principal_doc(principal: Principal) -> dict[str, str]:
    return {"account": principal.account, "arn": principal.arn, "kind": principal.kind,
            "access_key": principal.access_key}


def failure_text(error: BaseException) -> str:
    """The ResourceStatusReason of a failed step: the service's or provider's message."""
    if isinstance(error, ServiceError):
        return error.message or error.error_code
    if isinstance(error, ProviderError):
        return str(error)
    text = str(error)
    if type(error).__name__ == "TemplateError":
        return text
    log.error("resource provider failed", exc_info=error)
    return f"Internal failure: {type(error).__name__}: {text}" if text else \
        f"Internal failure: {type(error).__name__}"


class Run:
    """The state one operation works on (see the module docstring)."""

    def __init__(self, engine: Engine, stack: StackRecord,
                 evaluated: Evaluated | None = None) -> None:
        self.engine = engine
        self.store = engine.store
        self.stack = stack
        self.evaluated = evaluated
        self.resources: dict[str, ResourceRecord] = self.store.resources(stack.stack_id)
        self.lookup = StackLookup(self.resources, self._import)
        self.token = stack.client_request_token
        # Whether the operation is undoing itself (cleanup then deletes what it created).
        self.rolling_back = False
        # What to run once the operation has been interrupted (``Engine.interrupt``).
        self.then: Callable[[Run], Awaitable[None]] | None = None

    def _import(self, name: str) -> str | None:
        found = self.store.exports(self.stack.account, self.stack.region).get(name)
        return found[1] if found else None

    def now(self) -> float:
        return self.engine.state.clock.now()

    # -- recording ----------------------------------------------------------------------

    def save_stack(self, status: str | None = None, reason: str | None = None) -> None:
        if status is not None:
            self.stack.status = status
            self.stack.reason = reason
        self.store.put_stack(self.stack)

    def stack_event(self, status: str, reason: str | None = None) -> None:
        """Set and record the stack's status, with its event."""
        self.save_stack(status, reason)
        self._event(self.stack.name, self.stack.stack_id, STACK_TYPE, status, reason, None,
                    str(uuid.uuid4()))

    def save(self, record: ResourceRecord, status: str | None = None,
             reason: str | None = None, *, properties: dict[str, Any] | None = None,
             physical_id: str | None = None, event: bool = True, keep: bool = True) -> None:
        """Record the resource (with ``status``; ``keep=False``: only its event) and,
        with ``event``, its stack event."""
        if status is not None:
            record.status = status
            record.reason = reason
        record.updated = self.now()
        if keep:
            self.resources[record.logical_id] = record
            self.store.put_resource(self.stack.stack_id, record)
        if event:
            stamp = _iso(record.updated)
            self._event(record.logical_id, physical_id or record.physical_id or "",
                        record.type_name, record.status, reason, properties,
                        f"{record.logical_id}-{record.status}-{stamp}")

    def forget(self, logical_id: str) -> None:
        self.resources.pop(logical_id, None)
        self.store.drop_resource(self.stack.stack_id, logical_id)

    def _event(self, logical_id: str, physical_id: str, type_name: str, status: str,
               reason: str | None, properties: dict[str, Any] | None, event_id: str) -> None:
        event: dict[str, Any] = {
            "StackId": self.stack.stack_id, "EventId": event_id,
            "StackName": self.stack.name, "LogicalResourceId": logical_id,
            "PhysicalResourceId": physical_id, "ResourceType": type_name,
            "Timestamp": self.now(), "ResourceStatus": status}
        if reason:
            event["ResourceStatusReason"] = reason
        if properties is not None:
            event["ResourceProperties"] = json_text(properties)
        if self.token:
            event["ClientRequestToken"] = self.token
        self.store.add_event(self.stack.stack_id, event)
        if self.stack.notification_arns:
            self.engine.notifier.publish(self.stack, principal_of(self.stack), event)

    # -- providers ----------------------------------------------------------------------

    def provider(self, type_name: str) -> Provider:
        found = self.engine.providers().get(type_name)
        if found is None and is_custom(type_name):
            found = self.engine.providers().get(CUSTOM_TYPE)
        if found is None:
            raise ProviderError(f"not supported by cloudlet: {type_name}")
        return found

    def context(self, record: ResourceRecord, properties: dict[str, Any], *,
                previous: dict[str, Any] | None = None, physical_id: str | None = None,
                attributes: dict[str, Any] | None = None) -> ResourceContext:
        return ResourceContext(
            state=self.engine.state, principal=principal_of(self.stack),
            account=self.stack.account, region=self.stack.region,
            stack_name=self.stack.name, stack_id=self.stack.stack_id,
            logical_id=record.logical_id, type_name=record.type_name,
            properties=properties, previous=previous, physical_id=physical_id,
            attributes=dict(attributes or {}), stack_tags=self.stack.tag_map,
            engine=self.engine)


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
