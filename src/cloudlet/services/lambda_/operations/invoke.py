"""Invoke: run a function synchronously, queue it (Event), or only check (DryRun).

https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
- RequestResponse: 200 with the function's response as the body; a function error adds
  ``X-Amz-Function-Error: Unhandled`` and the error JSON (errorMessage, errorType,
  stackTrace) as the body. ``LogType=Tail`` adds ``X-Amz-Log-Result``, the base64 of
  the last 4 KB of the invocation's log. ``X-Amz-Executed-Version`` names the version
  that ran: for an alias, its version or (by weight) its additional version.
- Event: 202 once the event is stored; it runs in the background with Lambda's retry
  policy (see ``async_invoke``).
- DryRun: 204 when the function exists.
- Throttled: TooManyRequestsException (429) with ``Reason``.
- A Pending function: ResourceConflictException (409); during an update, ``$LATEST``'s
  previous code and configuration run (``states.py``).
"""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.arns import resolve
from cloudlet.services.lambda_.async_invoke import enqueue
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.invoker import (
    Invoker,
    check_json,
    check_size,
    decode_client_context,
    log_tail,
)
from cloudlet.services.lambda_.shapes import (
    InvocationRequest,
    InvocationResponse,
    InvokeAsyncRequest,
    InvokeAsyncResponse,
)

INVOKER_KEY = "lambda.invoker"


def invoker(ctx: RequestContext) -> Invoker:
    found = ctx.state.extras.get(INVOKER_KEY)
    if found is None:
        found = ctx.state.extras[INVOKER_KEY] = Invoker(ctx.state)
    return found


@service.operation("Invoke")
async def invoke(ctx: RequestContext, req: InvocationRequest) -> InvocationResponse:
    """Invoke a function; see the module docstring."""
    kind = req.get("InvocationType") or "RequestResponse"
    payload: bytes = req.get("Payload") or b""
    check_size(payload, kind == "Event")
    name, qualifier = resolve(req["FunctionName"], req.get("Qualifier"), ctx.account, ctx.region)
    backend = backends.of(ctx)
    version = backend.runnable(name, qualifier, route=True)
    executed = version.config["Version"]
    if kind == "DryRun":
        return {"StatusCode": 204, "Payload": b""}
    payload = check_json(payload)
    if kind == "Event":
        enqueue(ctx.state, backend, name, executed, payload, ctx.request_id)
        return {"StatusCode": 202, "Payload": b""}
    client_context = decode_client_context(req.get("ClientContext"))
    fn = backend.function(name)
    result = await invoker(ctx).invoke(backend, fn, version, payload, ctx.request_id,
                                       client_context, backend.arn(name, qualifier))
    out: InvocationResponse = {"StatusCode": 200, "Payload": result.payload,
                               "ExecutedVersion": executed}
    if result.function_error:
        out["FunctionError"] = result.function_error
    if req.get("LogType") == "Tail":
        out["LogResult"] = log_tail(result.log)
    return out


@service.operation("InvokeAsync")
def invoke_async(ctx: RequestContext, req: InvokeAsyncRequest) -> InvokeAsyncResponse:
    """The deprecated asynchronous invoke: same as Invoke with InvocationType=Event.
    https://docs.aws.amazon.com/lambda/latest/api/API_InvokeAsync.html
    """
    payload: bytes = req.get("InvokeArgs") or b""
    check_size(payload, True)
    name, _ = resolve(req["FunctionName"], None, ctx.account, ctx.region)
    backend = backends.of(ctx)
    version = backend.runnable(name, None)
    enqueue(ctx.state, backend, name, version.config["Version"], check_json(payload), ctx.request_id)
    return {"Status": 202}
