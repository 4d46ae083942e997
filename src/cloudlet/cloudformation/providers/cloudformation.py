"""CloudFormation's own resource types: custom resources, wait conditions, nested stacks.

Custom resources (``Custom::*``, ``AWS::CloudFormation::CustomResource``)
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref.html
- The request goes to the ``ServiceToken``: a Lambda function (invoked asynchronously,
  ``InvocationType=Event``, as CloudFormation does) or an SNS topic (published with the
  subject "AWS CloudFormation custom resource request"). The event carries RequestType,
  ServiceToken, ResponseURL, StackId, RequestId, ResourceType, LogicalResourceId,
  ResourceProperties (every scalar as a string, as CloudFormation sends them), and on
  Update/Delete the PhysicalResourceId, on Update the OldResourceProperties.
- The ResponseURL is served by cloudlet (``PUT /_cloudlet/cloudformation/responses/{id}``,
  what the cfn-response modules send): Status SUCCESS or FAILED, Reason,
  PhysicalResourceId, Data (the ``Fn::GetAtt`` attributes), NoEcho. FAILED fails the
  resource with "Received response status [FAILED] from custom resource. Message
  returned: {Reason} (RequestId: {id})". No answer within ``ServiceTimeout`` seconds
  (default 3600) fails it as CloudFormation does.
- A Create answered FAILED with a PhysicalResourceId (cfn-response sends the log stream
  name when the function gives none) leaves that id on the resource: the stack's rollback
  sends it a Delete with that PhysicalResourceId, as CloudFormation does.
- An Update answered with a new PhysicalResourceId replaces the resource: the old one is
  sent its Delete in the update's cleanup phase (by the engine), as CloudFormation does.

Wait conditions
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-waitcondition.html
- ``AWS::CloudFormation::WaitConditionHandle``: ``Ref`` is a URL served by cloudlet that
  takes the signals (``PUT`` of ``{"Status": "SUCCESS"|"FAILURE", "UniqueId", "Data",
  "Reason"}``, as cfn-signal and curl send them).
- ``AWS::CloudFormation::WaitCondition``: waits for ``Count`` (default 1) SUCCESS signals
  with distinct UniqueIds on its ``Handle``, at most ``Timeout`` seconds (at most 43200);
  a FAILURE signal fails it. ``Fn::GetAtt Data`` is the JSON object of UniqueId -> Data.

Nested stacks (``AWS::CloudFormation::Stack``)
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stack.html
- The TemplateURL names an object on cloudlet's S3 (``http://HOST:PORT/bucket/key``,
  ``https://bucket.s3[.region].amazonaws.com/key``, ``https://s3[.region].amazonaws.com/
  bucket/key``); the stack is created through the CloudFormation API as
  ``{parent}-{logical id}-{13 random}``, waited for, and its outputs are the attributes
  ``Outputs.{Name}``; ``Ref`` is its stack id. Updates and deletes likewise.

LIMITATIONS: pending custom-resource responses and wait-condition signals live in memory
(a server restart interrupts the operation, which the engine then rolls back); a custom
resource whose Create failed without naming a PhysicalResourceId (a FAILED response
without one, no response in time) is not sent a Delete during the rollback; a response's
NoEcho does not mask its Data; a WaitCondition with a
CreationPolicy instead of a Handle is not supported; nested stacks carry no
ParentId/RootId, and a parent update re-applies a nested stack only when its properties
changed (not when only the object at its TemplateURL did).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote, urlsplit

from cloudlet.cloudformation.providers.base import (
    NeedsReplacement,
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    provider,
)
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Request, Response
from cloudlet.server.state import ServerState, ServerWide
from cloudlet.services.cloudformation.registry import service

RESPONSES_PREFIX = "/_cloudlet/cloudformation/responses/"
SIGNALS_PREFIX = "/_cloudlet/cloudformation/waitcondition/"
DEFAULT_SERVICE_TIMEOUT = 3600.0
MAX_RESPONSE_BYTES = 4096
POLL_SECONDS = 0.1


# -- where responses and signals arrive ------------------------------------------------

@dataclass
class Mailbox:
    """The server's custom-resource responses and wait-condition signals, by token."""

    responses: dict[str, bytes] = field(default_factory=dict)
    signals: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    arrived: dict[str, asyncio.Event] = field(default_factory=dict)

    def event(self, token: str) -> asyncio.Event:
        return self.arrived.setdefault(token, asyncio.Event())

    def put_response(self, token: str, body: bytes) -> None:
        """Keep the first response to a request that is waiting (others are dropped, as
        a response after the resource has settled changes nothing on AWS)."""
        waiting = self.arrived.get(token)
        if waiting is not None and token not in self.responses:
            self.responses[token] = body
            waiting.set()

    def put_signal(self, token: str, signal: dict[str, Any]) -> None:
        self.signals.setdefault(token, []).append(signal)
        self.event(token).set()

    def forget(self, token: str) -> None:
        self.responses.pop(token, None)
        self.arrived.pop(token, None)


_mailboxes: ServerWide[Mailbox] = ServerWide(lambda state: Mailbox())


def mailbox(state: ServerState) -> Mailbox:
    return _mailboxes.get(state)


@service.route(prefix=RESPONSES_PREFIX)
async def receive_response(state: ServerState, request: Request,
                           params: dict[str, str]) -> Response | None:
    """A custom resource's answer, PUT to its ResponseURL (200, as S3 answers)."""
    if request.method != "PUT":
        return Response(405, b"", [("allow", "PUT")])
    mailbox(state).put_response(params["path"].strip("/"), request.body)
    return Response(200, b"")


@service.route(prefix=SIGNALS_PREFIX)
async def receive_signal(state: ServerState, request: Request,
                         params: dict[str, str]) -> Response | None:
    """A wait-condition signal, PUT to the handle's URL."""
    if request.method != "PUT":
        return Response(405, b"", [("allow", "PUT")])
    try:
        signal = json.loads(request.body or b"{}")
    except ValueError:
        return Response(400, b"the signal must be a JSON object")
    if not isinstance(signal, dict):
        return Response(400, b"the signal must be a JSON object")
    mailbox(state).put_signal(params["path"].strip("/"), signal)
    return Response(200, b"")


def endpoint(ctx: ResourceContext) -> str:
    return str(ctx.state.config.endpoint_url)


# -- custom resources ------------------------------------------------------------------

def as_strings(value: Any) -> Any:
    """Properties as CloudFormation sends them to a custom resource: scalars as strings."""
    if isinstance(value, dict):
        return {k: as_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_strings(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


@dataclass
class Answer:
    """A custom resource's checked SUCCESS response."""

    physical_id: str
    data: dict[str, Any]


def _service_timeout(props: Mapping[str, Any]) -> float:
    raw = props.get("ServiceTimeout")
    if raw is None:
        return DEFAULT_SERVICE_TIMEOUT
    try:
        seconds = float(raw)
    except (TypeError, ValueError):
        raise ProviderError("ServiceTimeout must be a number of seconds from 1 to 3600") from None
    if not 1 <= seconds <= 3600:
        raise ProviderError("ServiceTimeout must be a number of seconds from 1 to 3600")
    return seconds


async def send_request(ctx: ResourceContext, request_type: str, props: Mapping[str, Any],
                       *, physical_id: str | None = None,
                       old: Mapping[str, Any] | None = None) -> Answer:
    """Send one custom-resource request and wait for its response."""
    token_arn = props.get("ServiceToken")
    if not isinstance(token_arn, str) or not token_arn:
        raise ProviderError("Properties validation failed for resource "
                            f"{ctx.logical_id} with message: [#: required key "
                            "[ServiceToken] not found]")
    request_id = str(uuid.uuid4())
    box = mailbox(ctx.state)
    arrived = box.event(request_id)
    event: dict[str, Any] = {
        "RequestType": request_type, "ServiceToken": token_arn,
        "ResponseURL": f"{endpoint(ctx)}{RESPONSES_PREFIX}{request_id}",
        "StackId": ctx.stack_id, "RequestId": request_id, "LogicalResourceId": ctx.logical_id,
        "ResourceType": ctx.type_name, "ResourceProperties": as_strings(dict(props)),
    }
    if physical_id is not None:
        event["PhysicalResourceId"] = physical_id
    if old is not None:
        event["OldResourceProperties"] = as_strings(dict(old))
    try:
        await _deliver(ctx, token_arn, event)
        if not await ctx.state.clock.wait(arrived, _service_timeout(props)):
            raise ProviderError(
                "CloudFormation did not receive a response from your Custom Resource. Please "
                f"check your logs for requestId [{request_id}]. If you are using the Python "
                "cfn-response module, you may need to update your Lambda function code so "
                "that CloudFormation can attach the updated version.")
        return _answer(box.responses[request_id], request_id, ctx.logical_id, physical_id)
    finally:
        box.forget(request_id)


async def _deliver(ctx: ResourceContext, token_arn: str, event: dict[str, Any]) -> None:
    payload = json.dumps(event)
    parts = token_arn.split(":")
    try:
        if len(parts) >= 6 and parts[2] == "lambda":
            await ctx.call("lambda", "Invoke", {"FunctionName": token_arn,
                                                "InvocationType": "Event",
                                                "Payload": payload.encode()})
        elif len(parts) >= 6 and parts[2] == "sns":
            await ctx.call("sns", "Publish", {
                "TopicArn": token_arn, "Message": payload,
                "Subject": "AWS CloudFormation custom resource request"})
        else:
            raise ProviderError(f"Invalid service token: {token_arn}")
    except ServiceError as error:
        raise ProviderError(error.message or error.error_code) from None


def _answer(body: bytes, request_id: str, logical_id: str, physical_id: str | None) -> Answer:
    """The response's outcome: an Answer for SUCCESS, ProviderError for anything else."""
    if len(body) > MAX_RESPONSE_BYTES:
        raise ProviderError("Response object is too long.")
    try:
        response = json.loads(body)
    except ValueError:
        raise ProviderError("Invalid response object: the response is not valid JSON") from None
    if not isinstance(response, dict):
        raise ProviderError("Invalid response object: the response is not a JSON object")
    status = response.get("Status")
    if status == "FAILED":
        reason = response.get("Reason") or "Unknown"
        failed_id = response.get("PhysicalResourceId")
        raise ProviderError(f"Received response status [FAILED] from custom resource. "
                            f"Message returned: {reason} (RequestId: {request_id})",
                            physical_id=failed_id if isinstance(failed_id, str) else None)
    if status != "SUCCESS":
        raise ProviderError("Invalid response object: Value of property Status must be one of "
                            "[SUCCESS, FAILED]")
    got = response.get("PhysicalResourceId") or physical_id
    if not isinstance(got, str) or not got:
        raise ProviderError(f"Invalid PhysicalResourceId for resource {logical_id}")
    data = response.get("Data") or {}
    if not isinstance(data, dict):
        raise ProviderError("Invalid response object: Data must be a JSON object")
    return Answer(got, data)


@provider
class CustomResource(Provider):
    """``AWS::CloudFormation::CustomResource`` and every ``Custom::*`` type."""

    type_name = "AWS::CloudFormation::CustomResource"
    properties = frozenset({"ServiceToken", "ServiceTimeout"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        answer = await send_request(ctx, "Create", ctx.properties)
        return Outcome(answer.physical_id, answer.data)

    async def update(self, ctx: ResourceContext) -> Outcome:
        old = ctx.previous or {}
        if old.get("ServiceToken") != ctx.properties.get("ServiceToken"):
            raise ProviderError("Modifying service token is not allowed.")
        answer = await send_request(ctx, "Update", ctx.properties,
                                    physical_id=ctx.physical_id, old=old)
        # A new physical id is a replacement: the engine deletes the old one at cleanup.
        return Outcome(answer.physical_id, answer.data)

    async def delete(self, ctx: ResourceContext) -> None:
        if not ctx.physical_id:
            return  # never created: nothing to tell the function
        await send_request(ctx, "Delete", ctx.properties, physical_id=ctx.physical_id)


# -- wait conditions ---------------------------------------------------------------------

@provider
class WaitConditionHandle(Provider):
    """A URL that takes wait-condition signals (``Ref`` is the URL)."""

    type_name = "AWS::CloudFormation::WaitConditionHandle"

    async def create(self, ctx: ResourceContext) -> Outcome:
        url = f"{endpoint(ctx)}{SIGNALS_PREFIX}{uuid.uuid4().hex}"
        return Outcome(url, {"Id": url})

    async def update(self, ctx: ResourceContext) -> Outcome:
        return Outcome(str(ctx.physical_id), dict(ctx.attributes))

    async def delete(self, ctx: ResourceContext) -> None:
        if ctx.physical_id:
            mailbox(ctx.state).signals.pop(_handle_token(ctx.physical_id), None)


def _handle_token(url: str) -> str:
    path = urlsplit(url).path
    if not path.startswith(SIGNALS_PREFIX):
        raise ProviderError(f"Invalid wait condition handle: {url}")
    return path[len(SIGNALS_PREFIX):].strip("/")


def _positive(props: Mapping[str, Any], name: str, default: int | None,
              limit: int | None = None) -> int:
    raw = props.get(name, default)
    try:
        value = int(str(raw))
    except ValueError:
        raise ProviderError(f"{name} must be a positive integer") from None
    if value < 1 or (limit is not None and value > limit):
        raise ProviderError(f"{name} must be a positive integer"
                            + (f" no greater than {limit}" if limit else ""))
    return value


@provider
class WaitCondition(Provider):
    """Waits for ``Count`` success signals on its ``Handle`` within ``Timeout`` seconds."""

    type_name = "AWS::CloudFormation::WaitCondition"
    properties = frozenset({"Handle", "Timeout", "Count"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        handle = props.get("Handle")
        if not handle:
            raise ProviderError("not supported: AWS::CloudFormation::WaitCondition without "
                                "Handle (CreationPolicy signals)")
        token = _handle_token(str(handle))
        count = _positive(props, "Count", 1)
        timeout = _positive(props, "Timeout", None, 43200)
        box = mailbox(ctx.state)
        clock = ctx.state.clock
        deadline = clock.now() + timeout
        while True:
            successes = self._successes(box.signals.get(token, []))
            if len(successes) >= count:
                data = {s["UniqueId"]: s.get("Data") for s in successes}
                physical = f"{ctx.stack_id}/{ctx.logical_id}"
                return Outcome(physical, {"Data": json.dumps(data), "Id": physical})
            arrived = box.event(token)
            arrived.clear()
            if not await clock.wait_until(arrived, deadline):
                raise ProviderError(f"WaitCondition timed out. Received {len(successes)} "
                                    f"conditions when expecting {count}")

    @staticmethod
    def _successes(signals: list[dict[str, Any]]) -> list[dict[str, Any]]:
        by_id: dict[str, dict[str, Any]] = {}
        for signal in signals:
            unique = str(signal.get("UniqueId", ""))
            status = str(signal.get("Status", ""))
            if status == "FAILURE":
                raise ProviderError(f"WaitCondition received failed message: "
                                    f"'{signal.get('Reason', '')}' for uniqueId: {unique}")
            if status == "SUCCESS":
                by_id[unique] = {**signal, "UniqueId": unique}
        return list(by_id.values())

    async def update(self, ctx: ResourceContext) -> Outcome:
        """A wait condition is not waited for again on update (as on AWS)."""
        if (ctx.previous or {}).get("Handle") != ctx.properties.get("Handle"):
            raise NeedsReplacement
        return Outcome(str(ctx.physical_id), dict(ctx.attributes))

    async def delete(self, ctx: ResourceContext) -> None:
        return None


# -- nested stacks -----------------------------------------------------------------------

_S3_HOST = re.compile(r"^(?:(?P<bucket>.+)\.)?s3(?:[.-](?P<region>[a-z0-9-]+))?\.amazonaws\.com$")
ALL_CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]


def template_location(url: str) -> tuple[str, str]:
    """The (bucket, key) a nested stack's TemplateURL names."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = unquote(parts.path).lstrip("/")
    found = _S3_HOST.match(host)
    if found and found["bucket"]:
        bucket, key = found["bucket"], path
    elif "/" in path:
        bucket, key = path.split("/", 1)
    else:
        raise ProviderError("TemplateURL must be a supported URL.")
    if not bucket or not key:
        raise ProviderError("TemplateURL must be a supported URL.")
    return bucket, key


async def read_template(ctx: ResourceContext, url: str) -> str:
    bucket, key = template_location(url)
    try:
        out = await ctx.call("s3", "GetObject", {"Bucket": bucket, "Key": key})
    except ServiceError as error:
        raise ProviderError(f"S3 error: {error.message or error.error_code}") from None
    body = out["Body"]
    if not isinstance(body, bytes | bytearray):
        body = b"".join([chunk async for chunk in body])
    return bytes(body).decode("utf-8")


def _parameter_value(value: Any) -> str:
    """A nested stack's parameter as the string CreateStack takes (lists comma-joined)."""
    if isinstance(value, list):
        return ",".join(str(v) for v in as_strings(value))
    return str(as_strings(value))


def _stack_args(ctx: ResourceContext, body: str) -> dict[str, Any]:
    """CreateStack/UpdateStack's arguments: the template, parameters, the parent's tags
    with the resource's own (which CloudFormation propagates), notification topics."""
    props = ctx.properties
    args: dict[str, Any] = {
        "TemplateBody": body, "Capabilities": ALL_CAPABILITIES,
        "Parameters": [{"ParameterKey": k, "ParameterValue": _parameter_value(v)}
                       for k, v in (props.get("Parameters") or {}).items()]}
    tags = {**ctx.stack_tags, **{t["Key"]: t["Value"] for t in props.get("Tags") or []}}
    if tags:
        args["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    if props.get("NotificationARNs"):
        args["NotificationARNs"] = list(props["NotificationARNs"])
    return args


@provider
class NestedStack(Provider):
    """A stack inside a stack, made through the CloudFormation API."""

    type_name = "AWS::CloudFormation::Stack"
    properties = frozenset({"TemplateURL", "Parameters", "Tags", "NotificationARNs",
                            "TimeoutInMinutes"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        body = await read_template(ctx, str(props["TemplateURL"]))
        name = ctx.physical_name(128)
        args = _stack_args(ctx, body)
        if props.get("TimeoutInMinutes"):
            args["TimeoutInMinutes"] = int(props["TimeoutInMinutes"])
        out = await self._call(ctx, "CreateStack", {"StackName": name, **args})
        stack_id = str(out["StackId"])
        try:
            return await self._settled(ctx, stack_id, "CREATE_COMPLETE", "created")
        except ProviderError:
            # The engine never learns this stack's id: remove it here, as AWS does.
            with contextlib.suppress(ProviderError, ServiceError):
                await self.delete(replace(ctx, physical_id=stack_id))
            raise

    async def update(self, ctx: ResourceContext) -> Outcome:
        stack_id = str(ctx.physical_id)
        body = await read_template(ctx, str(ctx.properties["TemplateURL"]))
        try:
            await ctx.call("cloudformation", "UpdateStack",
                           {"StackName": stack_id, **_stack_args(ctx, body)})
        except ServiceError as error:
            if "No updates are to be performed" in (error.message or ""):
                return await self._settled(ctx, stack_id, None, "updated")
            raise ProviderError(error.message or error.error_code) from None
        return await self._settled(ctx, stack_id, "UPDATE_COMPLETE", "updated")

    async def delete(self, ctx: ResourceContext) -> None:
        if not ctx.physical_id:
            return
        try:
            await ctx.call("cloudformation", "DeleteStack", {"StackName": ctx.physical_id})
            described = await self._wait(ctx, ctx.physical_id)
        except ServiceError as error:
            if "does not exist" in (error.message or ""):
                return
            raise ProviderError(error.message or error.error_code) from None
        if described is not None and described["StackStatus"] != "DELETE_COMPLETE":
            raise ProviderError(f"Embedded stack {ctx.physical_id} was not successfully "
                                f"deleted: {described.get('StackStatusReason', '')}".rstrip())

    @staticmethod
    async def _call(ctx: ResourceContext, operation: str, args: dict[str, Any]) -> dict[str, Any]:
        try:
            return await ctx.call("cloudformation", operation, args)
        except ServiceError as error:
            raise ProviderError(error.message or error.error_code) from None

    async def _settled(self, ctx: ResourceContext, stack_id: str, wanted: str | None,
                       verb: str) -> Outcome:
        described = await self._wait(ctx, stack_id)
        if described is None or (wanted is not None and described["StackStatus"] != wanted):
            reason = (described or {}).get("StackStatusReason") or ""
            raise ProviderError(f"Embedded stack {stack_id} was not successfully {verb}: "
                                f"{reason}".rstrip())
        attributes: dict[str, Any] = {"StackId": stack_id}
        for output in described.get("Outputs") or []:
            attributes[f"Outputs.{output['OutputKey']}"] = output.get("OutputValue", "")
        return Outcome(stack_id, attributes)

    @staticmethod
    async def _wait(ctx: ResourceContext, stack_id: str) -> dict[str, Any] | None:
        """The stack once it has settled (None if it is gone)."""
        while True:
            out = await ctx.call("cloudformation", "DescribeStacks", {"StackName": stack_id})
            stacks = out.get("Stacks") or []
            if not stacks:
                return None
            status = str(stacks[0]["StackStatus"])
            if not status.endswith("_IN_PROGRESS"):
                found: dict[str, Any] = stacks[0]
                return found
            await ctx.state.clock.sleep(POLL_SECONDS)
