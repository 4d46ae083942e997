"""Access logs: one line per request to the CloudWatch Logs group a stage names.

https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#context-variable-reference

- A stage's ``accessLogSettings`` gives ``destinationArn`` (a log group ARN, with or
  without ``:*``) and ``format``: text with ``$context.x.y`` variables (CLF, JSON, XML or
  CSV are all text to fill in). A variable with no value is written as ``-``.
- The group must exist (API Gateway does not create it): when it does not, the line is
  dropped, as AWS drops what it cannot deliver. The stream is created on first use.
- Shared by REST and HTTP API stages: ``context`` is the request's ``$context`` map.

LIMITATIONS: one stream per API and stage, named ``{apiId}_{stage}`` (AWS names its
streams itself); Kinesis Data Firehose destinations are not supported (the line is dropped
with a warning); lines are written after the response is ready, in the request's task.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call
from cloudlet.services.apigateway.gateway.responses import substitute

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.entry import ApiRef

log = logging.getLogger("cloudlet")

_STREAMS = "apigateway.access_log_streams"


def format_line(fmt: str, context: dict[str, Any]) -> str:
    """``fmt`` with its ``$context`` variables filled in (``-`` for none)."""
    variables: dict[str, str] = dict(context.get("stageVariables") or {})
    return substitute(fmt, context, variables, missing="-")


def log_group(arn: str) -> tuple[str, str, str] | None:
    """``(account, region, group)`` of ``arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]``."""
    parts = arn.split(":")
    if len(parts) < 7 or parts[2] != "logs" or parts[5] != "log-group":
        return None
    name = ":".join(parts[6:])
    name = name.removesuffix(":*")
    return parts[4], parts[3], name


def _known_streams(state: ServerState) -> set[tuple[str, str, str, str]]:
    found = state.extras.get(_STREAMS)
    if found is None:
        found = state.extras[_STREAMS] = set()
    assert isinstance(found, set)
    return found


async def log_access(state: ServerState, api: ApiRef, settings: dict[str, Any] | None,
                     context: dict[str, Any]) -> None:
    """Write the access log line for one request (nothing without settings)."""
    if not settings or not settings.get("destinationArn") or not settings.get("format"):
        return
    arn = str(settings["destinationArn"])
    target = log_group(arn)
    if target is None:
        log.warning("API %s: access log destination %s is not supported", api.api_id, arn)
        return
    account, region, group = target
    stream = f"{context.get('apiId') or api.api_id}_{context.get('stage') or ''}"
    line = format_line(str(settings["format"]), context)
    known = _known_streams(state)
    key = (account, region, group, stream)
    event = {"timestamp": int(state.clock.now() * 1000), "message": line}
    for _ in range(2):
        try:
            if key not in known:
                try:
                    await call(state, "logs", "CreateLogStream",
                               {"logGroupName": group, "logStreamName": stream},
                               account=account, region=region)
                except ServiceError as error:
                    if error.error_code != "ResourceAlreadyExistsException":
                        raise
                known.add(key)
            await call(state, "logs", "PutLogEvents",
                       {"logGroupName": group, "logStreamName": stream, "logEvents": [event]},
                       account=account, region=region)
            return
        except ServiceError as error:
            known.discard(key)
            if error.error_code != "ResourceNotFoundException":
                log.warning("API %s: access log to %s failed: %s", api.api_id, arn, error)
                return
            if "log group" in (error.message or "").lower():
                log.debug("API %s: access log group %s does not exist", api.api_id, group)
                return
