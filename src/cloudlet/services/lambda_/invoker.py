"""Running one invocation: from a function version to the runtime and back.

Shared by synchronous Invoke and the asynchronous event queue.
https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
- Request payload: at most 6,291,456 bytes synchronous, 1,048,576 bytes (1 MB)
  asynchronous (RequestEntityTooLargeException, 413).
- The payload must be JSON (InvalidRequestContentException); an empty one is ``{}``.
- A response over 6,291,556 bytes becomes a function error
  (``Function.ResponseSizeTooLarge``).
- Reserved concurrency 0 throttles every invoke (TooManyRequestsException, 429).
- The handler's ``context.invoked_function_arn`` is the ARN as the caller invoked it:
  unqualified, or qualified by ``$LATEST``, a version or an alias
  (https://docs.aws.amazon.com/lambda/latest/dg/python-context.html).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import orjson

from cloudlet.metrics import standard
from cloudlet.runtime.spec import FunctionSpec
from cloudlet.services.lambda_.arns import LATEST
from cloudlet.services.lambda_.errors import (
    InvalidRequestContentException,
    RequestEntityTooLargeException,
    ServiceException,
    TooManyRequestsException,
)
from cloudlet.services.lambda_.runtime_link import manager

if TYPE_CHECKING:
    from cloudlet.runtime.spec import InvokeResult
    from cloudlet.server.state import ServerState
    from cloudlet.services.lambda_.backend import Function, LambdaBackend, Version

SYNC_REQUEST_LIMIT = 6_291_456
ASYNC_REQUEST_LIMIT = 1_048_576
RESPONSE_LIMIT = 6_291_556
LOG_TAIL_BYTES = 4096
RESERVED_LIMIT = "ReservedFunctionConcurrentInvocationLimitExceeded"
RESPONSE_TOO_LARGE = orjson.dumps({
    "errorMessage": f"Response payload size exceeded maximum allowed payload size ({RESPONSE_LIMIT} bytes).",
    "errorType": "Function.ResponseSizeTooLarge",
})


def check_size(payload: bytes, asynchronous: bool) -> None:
    if asynchronous and len(payload) > ASYNC_REQUEST_LIMIT:
        raise RequestEntityTooLargeException(
            f"{len(payload)} byte payload is too large for the Event invocation type "
            f"(limit {ASYNC_REQUEST_LIMIT} bytes)")
    if len(payload) > SYNC_REQUEST_LIMIT:
        raise RequestEntityTooLargeException(
            f"Request must be smaller than {SYNC_REQUEST_LIMIT} bytes for the InvokeFunction operation")


def check_json(payload: bytes) -> bytes:
    """The payload, or ``{}`` when empty; InvalidRequestContentException if not JSON."""
    if not payload or payload.isspace():  # (no copy of a large payload)
        return b"{}"
    try:
        orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        text = payload[:64].decode("utf-8", "replace")
        token = text.strip().split(None, 1)[0] if text.strip() else text
        if token[:1] not in '{["-0123456789' and token not in ("true", "false", "null"):
            detail = (f"Unrecognized token '{token}': was expecting (JSON String, Number, Array, "
                      "Object or token 'null', 'true' or 'false')")
        else:
            detail = str(error)
        raise InvalidRequestContentException(
            "Could not parse request body into json: Could not parse payload into json: "
            f"{detail}\n at [Source: (byte[])\"{text}\"; line: 1, column: {error.colno}]") from None
    return payload


def decode_client_context(value: str | None) -> str | None:
    """``X-Amz-Client-Context`` is base64 JSON; the runtime gets the JSON text."""
    if not value:
        return None
    try:
        text = base64.b64decode(value, validate=True).decode()
        if not isinstance(orjson.loads(text), dict):
            raise ValueError(text)
    except ValueError:
        raise InvalidRequestContentException(
            "Client context must be a valid Base64-encoded JSON object.") from None
    return text


def log_tail(log: str) -> str:
    """``X-Amz-Log-Result``: the base64 of the last 4 KB of the invocation's log."""
    return base64.b64encode(log.encode()[-LOG_TAIL_BYTES:]).decode()


class Invoker:
    """Builds the runtime's FunctionSpec for a version (cached per revision) and runs it."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self._specs: dict[tuple[str, str, str], tuple[int | None, FunctionSpec]] = {}

    def spec(self, backend: LambdaBackend, fn: Function, version: Version) -> FunctionSpec:
        config = version.config
        key = (backend.arn(fn.name), config["Version"], version.revision)
        cached = self._specs.get(key)
        if cached is not None and cached[0] == fn.reserved:
            return cached[1]
        spec = FunctionSpec(
            account=backend.account,
            region=backend.region,
            name=fn.name,
            arn=backend.arn(fn.name),
            version=config["Version"],
            runtime=config["Runtime"],
            handler=config["Handler"],
            code_dir=backend.code_dir(version),
            memory_mb=config["MemorySize"],
            timeout_s=float(config["Timeout"]),
            environment=dict(config.get("Environment", {}).get("Variables", {})),
            reserved_concurrency=fn.reserved,
            revision=version.revision,
            role=config["Role"],
            log_group=config.get("LoggingConfig", {}).get("LogGroup", ""),
            log_format=config.get("LoggingConfig", {}).get("LogFormat", "Text"),
            application_log_level=config.get("LoggingConfig", {}).get("ApplicationLogLevel", ""),
            system_log_level=config.get("LoggingConfig", {}).get("SystemLogLevel", ""),
            layer_dirs=backend.layers.dirs(config),
            ephemeral_mb=int(config.get("EphemeralStorage", {}).get("Size", 512)),
        )
        if len(self._specs) > 10_000:
            self._specs.clear()
        self._specs[key] = (fn.reserved, spec)
        return spec

    async def invoke(self, backend: LambdaBackend, fn: Function, version: Version, payload: bytes,
                     request_id: str, client_context: str | None = None,
                     invoked_arn: str | None = None) -> InvokeResult:
        """Run the invocation; TooManyRequestsException when a concurrency limit is hit.
        ``invoked_arn``: the ARN the caller used (default: the version's)."""
        runtime = manager(self.state)
        if runtime is None:
            raise ServiceException("the Lambda runtime is not available on this server")
        if fn.reserved == 0:
            standard.lambda_throttled(self.state, self.spec(backend, fn, version))
            raise TooManyRequestsException(RESERVED_LIMIT)
        from cloudlet.runtime.errors import ConcurrencyLimitExceeded, RuntimeStopped

        # The code and layers stay on disk until this invocation ends, even if
        # UpdateFunctionCode or DeleteFunction drops them meanwhile.
        packages = [version.code_hex, *backend.layers.packages(version.config)]
        backend.hold(packages)
        try:
            spec = self.spec(backend, fn, version)
            with standard.lambda_invocation(self.state, spec, version.config.get(
                    "Architectures", ["x86_64"])[0]) as record:
                result: InvokeResult = await runtime.invoke(
                    spec, payload, request_id=request_id, client_context=client_context,
                    invoked_arn=invoked_arn)
                record(result)
        except ConcurrencyLimitExceeded as limit:
            raise TooManyRequestsException(limit.reason) from None
        except RuntimeStopped:
            raise ServiceException("the Lambda runtime is stopping") from None
        finally:
            backend.release(packages)
        if len(result.payload) > RESPONSE_LIMIT:
            result.payload = RESPONSE_TOO_LARGE
            result.function_error = "Unhandled"
        return result


def qualifier_of(version: Version) -> str:
    return str(version.config.get("Version", LATEST))
