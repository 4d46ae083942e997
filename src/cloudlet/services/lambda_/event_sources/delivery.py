"""Invoking the mapped function with a batch, reading its answer, and the OnFailure
destination.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html
- Lambda invokes the function synchronously (RequestResponse) with the batch, as the
  service principal ``lambda.amazonaws.com``; cloudlet goes through ``internal.call``.
- A throttle (TooManyRequestsException) or a missing function is not a failed attempt:
  the batch waits and is tried again.
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
- With ``ReportBatchItemFailures`` the answer ``{"batchItemFailures": [{"itemIdentifier":
  id}]}`` names the records that failed. An empty or null list, an empty or null answer,
  or an answer without the member is a complete success; an answer that is not JSON, an
  item without a (non-empty string) ``itemIdentifier``, or an identifier not in the batch
  fails the whole batch.
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-eventsourcemapping-destinations
- A stream batch that is given up on is described by an invocation record sent to the
  OnFailure destination: SQS (SendMessage) or SNS (Publish).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudlet.clock import new_id
from cloudlet.server.context import Principal
from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call
from cloudlet.services.lambda_.configuration import timestamp

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.lambda_.event_sources.store import Mapping

log = logging.getLogger("cloudlet")

SERVICE_PRINCIPAL = "lambda.amazonaws.com"
MAX_PAYLOAD = 6 * 1024 * 1024


@dataclass(slots=True)
class Outcome:
    """One invocation's result: ``unavailable`` (throttled, function gone: try again
    without counting), else ``function_error`` and the decoded ``response``."""

    unavailable: str | None = None
    function_error: str | None = None
    response: Any = None
    valid_json: bool = True
    executed_version: str = "$LATEST"
    request_id: str = ""

    @property
    def ok(self) -> bool:
        return self.unavailable is None and self.function_error is None


def principal(mapping: Mapping) -> Principal:
    return Principal.service(mapping.account, SERVICE_PRINCIPAL)


async def source_call(state: ServerState, mapping: Mapping, service: str, operation: str,
                      params: dict[str, Any]) -> dict[str, Any]:
    """An operation of the mapping's source, as Lambda's service principal."""
    return await call(state, service, operation, params, principal=principal(mapping),
                      region=mapping.region)


async def invoke(state: ServerState, mapping: Mapping, event: dict[str, Any]) -> Outcome:
    """Invoke the mapping's function synchronously with ``event``."""
    request_id = new_id()
    try:
        out = await call(state, "lambda", "Invoke", {
            "FunctionName": mapping.config["FunctionArn"], "InvocationType": "RequestResponse",
            "Payload": json.dumps(event).encode()}, principal=principal(mapping),
            region=mapping.region, request_id=request_id)
    except ServiceError as exc:
        return Outcome(unavailable=f"{exc.error_code}: {exc.message}", request_id=request_id)
    payload = out.get("Payload") or b""
    outcome = Outcome(function_error=out.get("FunctionError"), request_id=request_id,
                      executed_version=out.get("ExecutedVersion") or "$LATEST")
    try:
        outcome.response = json.loads(payload) if payload else None
    except ValueError:
        outcome.valid_json = False
        outcome.response = payload.decode("utf-8", "replace")
    return outcome


def failed_items(mapping: Mapping, outcome: Outcome, ids: list[str]) -> list[str] | None:
    """The identifiers of ``ids`` that failed: [] when all succeeded, None when the whole
    batch failed (a function error, or an invalid ReportBatchItemFailures answer)."""
    if not outcome.ok:
        return None
    if "ReportBatchItemFailures" not in (mapping.config.get("FunctionResponseTypes") or []):
        return []
    if not outcome.valid_json:
        return None
    response = outcome.response
    if not isinstance(response, dict):
        return [] if not response else None
    failures = response.get("batchItemFailures")
    if not failures:
        return []
    if not isinstance(failures, list):
        return None
    known = set(ids)
    found: list[str] = []
    for item in failures:
        ident = item.get("itemIdentifier") if isinstance(item, dict) else None
        if not isinstance(ident, str) or not ident or ident not in known:
            return None
        found.append(ident)
    return found


def failure_record(state: ServerState, mapping: Mapping, outcome: Outcome | None,
                   condition: str, invokes: int, info_key: str,
                   info: dict[str, Any]) -> dict[str, Any]:
    """The invocation record Lambda sends to a stream mapping's OnFailure destination."""
    record: dict[str, Any] = {
        "requestContext": {
            "requestId": outcome.request_id if outcome else new_id(),
            "functionArn": mapping.config["FunctionArn"],
            "condition": condition,
            "approximateInvokeCount": invokes,
        },
        "version": "1.0",
        "timestamp": timestamp(state.clock.now()).replace("+0000", "Z"),
        info_key: info,
    }
    if outcome is not None and outcome.unavailable is None:
        context: dict[str, Any] = {"statusCode": 200, "executedVersion": outcome.executed_version}
        if outcome.function_error:
            context["functionError"] = outcome.function_error
        record["responseContext"] = context
    return record


async def send_on_failure(state: ServerState, mapping: Mapping, record: dict[str, Any]) -> None:
    """Send ``record`` to the OnFailure destination, if the mapping has one."""
    target = ((mapping.config.get("DestinationConfig") or {}).get("OnFailure") or {}).get(
        "Destination")
    if not target:
        log.info("event source mapping %s discarded a batch (%s)", mapping.uuid,
                 record["requestContext"]["condition"])
        return
    body = json.dumps(record)
    parts = target.split(":")
    try:
        if parts[2] == "sqs":
            url = (await source_call(state, mapping, "sqs", "GetQueueUrl", {
                "QueueName": parts[5], "QueueOwnerAWSAccountId": parts[4]}))["QueueUrl"]
            await source_call(state, mapping, "sqs", "SendMessage",
                              {"QueueUrl": url, "MessageBody": body})
        else:
            await source_call(state, mapping, "sns", "Publish", {"TopicArn": target, "Message": body})
    except ServiceError as exc:
        log.warning("event source mapping %s: OnFailure destination %s failed: %s",
                    mapping.uuid, target, exc)
