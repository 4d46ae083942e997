"""Whether a principal may make a call: IAM policy evaluation (``--iam off|warn|enforce``).

``await authorize(ctx, req)`` runs before every operation's handler, for calls through the
edge port and for in-process calls (``internal.call``).

- ``off``: nothing is evaluated.
- ``warn`` (default): the call goes ahead; when AWS would deny it, logger ``cloudlet`` says so
  at WARNING (``would be denied on AWS: User: ARN is not authorized to perform: ...``), once
  a minute at most for one (principal, action, resource); a function's session also gets the
  line in the function's own log stream.
- ``enforce``: the call fails with the service's access-denied error and AWS's message.
- The root user of the account and service principals are not evaluated (``policy.calls``).

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from cloudlet.policy.calls import check, evaluator, needs_evaluation
from cloudlet.policy.messages import denial_message, denied_error

if TYPE_CHECKING:
    from cloudlet.policy.evaluate import AccessRequest
    from cloudlet.server.context import RequestContext

log = logging.getLogger("cloudlet")

WARN_INTERVAL = 60.0


# Calls AWS answers without consulting any policy: who am I, and (``Service.unsigned``)
# the calls made with a token or a password instead of credentials.
PERMISSION_FREE = frozenset({("sts", "GetCallerIdentity")})


async def authorize(ctx: RequestContext, req: dict[str, Any]) -> None:
    """Nothing, or raises the service's access-denied error (``--iam enforce``)."""
    mode = ctx.state.config.iam
    if mode == "off" or (ctx.service, ctx.operation) in PERMISSION_FREE:
        return
    service = ctx.state.services.get(ctx.service)
    if service is not None and service.unsigned(ctx.operation):
        return
    principal = ctx.principal
    if principal is None or not needs_evaluation(principal, ctx.account):
        return
    request, decision = check(ctx, req)
    if decision.allowed:
        return
    message = denial_message(principal.arn, request.action, request.resource, decision.reason)
    if mode == "enforce":
        raise denied_error(ctx.service, message)
    _warn(ctx, request, message)


def _warn(ctx: RequestContext, request: AccessRequest, message: str) -> None:
    warned = evaluator(ctx.state).warned
    key = (request.principal.arn, request.action, request.resource)
    now = time.monotonic()
    if key in warned and now - warned[key] < WARN_INTERVAL:
        return
    if len(warned) > 10_000:
        warned.clear()
    warned[key] = now
    line = f"would be denied on AWS: {message}"
    log.warning("%s", line)
    issued = ctx.state.credentials.find(ctx.access_key) if ctx.access_key else None
    extra = issued.extra if issued is not None else {}
    if extra.get("log_group") and extra.get("log_stream"):
        # lazily: the logs service imports the server layer this module is part of
        from cloudlet.services.logs.api import append_events

        append_events(ctx.state, request.principal.account, str(extra.get("region", ctx.region)),
                      str(extra["log_group"]), str(extra["log_stream"]),
                      [(int(ctx.state.clock.now() * 1000), line)])
