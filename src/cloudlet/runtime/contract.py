"""The Lambda execution contract: error shapes, texts, marshalling, log lines, variables.

Everything a handler or a caller can observe about the runtime is written down here, with
its source, so it can be checked against AWS in one place. Both sides import this module:
the manager (platform messages, log lines, environment) and the Python execution
environment (handler errors, marshalling), so it imports only the standard library.

Sources
- awslambdaric (AWS's Python runtime interface client, which Lambda's python3.x runtimes
  run): ``awslambdaric/bootstrap.py`` (``_get_handler``, ``make_error``, ``log_error``,
  ``handle_event_request``, ``_setup_logging``), ``lambda_runtime_exception.py`` (error
  type names), ``lambda_runtime_marshaller.py`` (JSON with ``Decimal`` as a number;
  ``bytes`` returned as ``application/unknown``), ``lambda_context.py``,
  ``lambda_literals.py``.
  https://github.com/aws/aws-lambda-python-runtime-interface-client
- Lambda's platform messages (what the Invoke API returns when the runtime itself fails):
  current runtimes (python3.12+, nodejs20.x+, provided.al2023) answer a timeout with
  ``{"errorType": "Sandbox.Timedout", "errorMessage": "RequestId: ID Error: Task timed
  out after 3.00 seconds"}``, a crash with ``Runtime.ExitError`` / ``"RequestId: ID Error:
  Runtime exited with error: exit status 1"`` (or ``signal: segmentation fault``) and an
  out-of-memory kill with ``Runtime.OutOfMemory`` / ``"... signal: killed"``; the function
  log gets ``<ISO time> <id> Task timed out after 3.00 seconds``. The older
  ``{"errorMessage": "<date> <id> Task timed out after 3.00 seconds"}`` shape (python3.9
  era) is not reproduced: we answer as current python3.12 Lambda does for every runtime.
  A runtime that exits during init (no ``/init/error``) answers ``Runtime.ExitError`` /
  ``"RequestId: ID Error: Runtime exited with error: exit status 1"``; every failed init
  writes ``INIT_REPORT Init Duration: 10.17 ms\tPhase: init\tStatus: error\tError Type:
  Runtime.ExitError`` before START (AWS then also retries the init in the invoke phase and
  writes a second ``INIT_REPORT ... Phase: invoke``, which we do not: one init per cold
  start), and REPORT then carries no ``Init Duration``.
- Log lines: https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html (START, END,
  REPORT; ``Init Duration`` on a cold start only). Billed duration is rounded up to the
  millisecond and, since 1 August 2025, includes the init phase of managed runtimes
  (https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/).
- JSON log format (``LoggingConfig.LogFormat`` JSON,
  https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html):
  the runtime gets ``AWS_LAMBDA_LOG_FORMAT=JSON`` and ``AWS_LAMBDA_LOG_LEVEL`` (the
  ApplicationLogLevel); Python ``logging`` records become awslambdaric's ``JsonFormatter``
  objects (``timestamp`` to the second, ``level``, ``message``, ``logger``, ``requestId``,
  ``stackTrace``/``errorType``/``errorMessage``/``location`` with ``exc_info``, and any
  ``extra`` field), an unhandled error ``{"timestamp", "log_level": "ERROR", "errorMessage",
  "errorType", "requestId", "stackTrace"}`` (awslambdaric ``log_error``, JSON branch);
  ``print()`` output is left as it is. START/END/REPORT (and INIT_REPORT) become the
  telemetry records ``{"time", "type": "platform.start" | "platform.runtimeDone" |
  "platform.report" | "platform.initReport", "record": {...}}`` shaped as in
  https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html, and the
  crash/timeout text lines are not written (the records carry ``status``/``errorType``).
  Lambda filters application lines below ApplicationLogLevel (a JSON object's ``level``,
  INFO for anything else: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html)
  and platform records below SystemLogLevel (all four are INFO records).
- Wrapper scripts (``AWS_LAMBDA_EXEC_WRAPPER``,
  https://docs.aws.amazon.com/lambda/latest/dg/runtimes-modify.html#runtime-wrapper):
  Python and Node.js runtimes are started as ``exec -- "$wrapper" <runtime command>``
  (the interpreter, its options, and the bootstrap script as the last argument), as AWS's
  ``/var/runtime/bootstrap`` does; a wrapper that is not a file logs ``<path>: does not
  exist`` and the runtime exits 127, one that is not executable ``<path>: is not an
  executable`` and exit 126 (so init fails with ``Runtime.ExitError``). ``provided.*``
  runtimes ignore the variable.
- Variables: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html

LIMITATIONS
- No X-Ray: ``_X_AMZN_TRACE_ID`` is set per invocation, nothing is sent anywhere.
- JSON records carry no ``spans`` or ``tracing``; ``platform.initStart`` is not written (nor
  INIT_START in text).
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import secrets
from typing import Any

# --- error types (awslambdaric lambda_runtime_exception.FaultException) --------------------
MARSHAL_ERROR = "Runtime.MarshalError"
UNMARSHAL_ERROR = "Runtime.UnmarshalError"
USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

# --- platform error types (Lambda itself, not the runtime) ------------------------------
SANDBOX_TIMEDOUT = "Sandbox.Timedout"
EXIT_ERROR = "Runtime.ExitError"
OUT_OF_MEMORY = "Runtime.OutOfMemory"
INVALID_ENTRYPOINT = "Runtime.InvalidEntrypoint"
UNHANDLED = "Unhandled"  # X-Amz-Function-Error for every function error we report

# awslambdaric lambda_literals.lambda_unhandled_exception_warning_message, logged before
# an init error.
UNHANDLED_EXCEPTION_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. "
    "The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function "
    "change, or can be applied automatically. "
    "To determine if the runtime has been updated, check the runtime version in the "
    "INIT_START log entry. "
    "If this error correlates with a change in the runtime version, you may be able to "
    "mitigate this error by temporarily rolling back to the previous runtime version. "
    "For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)

# awslambdaric bootstrap.ERROR_LOG_IDENT: leading spaces of traceback lines in the log
# become NO-BREAK SPACEs.
ERROR_LOG_INDENT = "\u00a0"
# Within one log line written to the log pipe, "\r" separates the lines of one multi-line
# log event (awslambdaric's StandardLogSink joins an error's lines with "\r"; AWS's Node
# runtime does the same for console output). The manager turns them back into "\n".
EVENT_LINE_SEPARATOR = "\r"

# awslambdaric bootstrap._setup_logging, text format
LOG_RECORD_FORMAT = "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n"
LOG_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"
# awslambdaric lambda_runtime_log_utils, JSON format: timestamps to the second
JSON_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# LogRecord attributes JsonFormatter leaves out (every other attribute is an ``extra``)
JSON_RESERVED_FIELDS = frozenset({
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module",
    "exc_info", "exc_text", "stack_info", "lineno", "funcName", "created", "msecs",
    "relativeCreated", "thread", "threadName", "processName", "process", "aws_request_id",
    "tenant_id", "_frame_type",
})

# --- log formats and levels (LoggingConfig) ------------------------------------------------
LOG_FORMAT_JSON = "JSON"
# ApplicationLogLevel / SystemLogLevel values, most detailed first
LOG_LEVELS = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL")
_LEVEL_ALIASES = {"WARNING": "WARN", "CRITICAL": "FATAL"}


def level_rank(level: str | None) -> int:
    """The position of a level in ``LOG_LEVELS`` (unknown or missing: INFO, as Lambda
    treats a line without a valid ``level``)."""
    name = (level or "").upper()
    name = _LEVEL_ALIASES.get(name, name)
    return LOG_LEVELS.index(name) if name in LOG_LEVELS else LOG_LEVELS.index("INFO")


def runtime_log_level(level: str) -> str:
    """``AWS_LAMBDA_LOG_LEVEL`` as awslambdaric reads it: TRACE becomes DEBUG."""
    return {"TRACE": "DEBUG"}.get(level.upper(), level.upper())


# --- wrapper scripts (AWS's /var/runtime/bootstrap for python3.x and nodejs) ----------------
def wrapper_missing(path: str) -> str:
    return f"{path}: does not exist"


def wrapper_not_executable(path: str) -> str:
    return f"{path}: is not an executable"


WRAPPER_MISSING_STATUS = 127
WRAPPER_NOT_EXECUTABLE_STATUS = 126


# --- handler errors -------------------------------------------------------------------------
def malformed_handler_message(handler: str, reason: str) -> str:
    """``Bad handler 'x': not enough values to unpack (expected 2, got 1)``."""
    return f"Bad handler '{handler}': {reason}"


def import_error_message(modname: str, reason: str) -> str:
    """``Unable to import module 'mod': No module named 'mod'``."""
    return f"Unable to import module '{modname}': {reason}"


def syntax_error_message(modname: str, reason: str) -> str:
    """``Syntax error in module 'mod': invalid syntax (mod.py, line 1)``."""
    return f"Syntax error in module '{modname}': {reason}"


def syntax_error_trace(filename: str | None, lineno: int | None, text: str | None) -> list[str]:
    """The one-element stack trace awslambdaric gives a ``SyntaxError`` (note ``Line``)."""
    return [f'  File "{filename}" Line {lineno}\n    {text}']


def handler_not_found_message(fname: str, modname: str) -> str:
    """``Handler 'fn' missing on module 'mod'``."""
    return f"Handler '{fname}' missing on module '{modname}'"


def builtin_conflict_message(modname: str) -> str:
    """A handler module named like a built-in module cannot be imported."""
    return f"Cannot use built-in module {modname} as a handler module"


def marshal_error_message(reason: str) -> str:
    """``Unable to marshal response: Object of type set is not JSON serializable``."""
    return f"Unable to marshal response: {reason}"


def unmarshal_error_message(reason: str) -> str:
    return f"Unable to unmarshal input: {reason}"


def make_error(
    message: str | None, error_type: str | None, stack_trace: list[str] | None, request_id: str | None
) -> dict[str, Any]:
    """The error body, as awslambdaric's ``make_error`` builds it (empty strings, not nulls).

    An init error has no request: its ``requestId`` is ``""``.
    """
    return {
        "errorMessage": message if message else "",
        "errorType": error_type if error_type else "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def json_error_log(error: dict[str, Any], now: float, execution_env: str = "") -> str:
    """awslambdaric ``log_error`` with the JSON format: one object, ``log_level`` ERROR."""
    stamp = datetime.datetime.fromtimestamp(now, tz=datetime.UTC).strftime(JSON_DATE_FORMAT)
    return to_json({"timestamp": stamp, "log_level": "ERROR", **error}, execution_env)


def error_log_lines(error: dict[str, Any]) -> list[str]:
    """The lines awslambdaric logs for an error (``log_error``, text format).

    ``[ERROR] Type: message``, then ``Traceback (most recent call last):`` and the stack
    trace with leading spaces turned into NO-BREAK SPACEs.
    """
    description = "[ERROR]"
    error_type = error.get("errorType")
    if error_type:
        description += " " + error_type
    message = error.get("errorMessage")
    if message:
        if error_type:
            description += ":"
        description += " " + message
    lines = [description]
    stack_trace = error.get("stackTrace")
    if stack_trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack_trace:
            if element == "":
                lines.append("")
                continue
            for line in element.splitlines():
                stripped = line.lstrip(" ")
                lines.append(ERROR_LOG_INDENT * (len(line) - len(stripped)) + stripped)
    return lines


# --- marshalling (awslambdaric lambda_runtime_marshaller) -----------------------------------
_RAW = "\x00cloudlet-raw-json-%d\x00"


class _Encoder(json.JSONEncoder):
    """JSON with ``Decimal`` written as the number it is (simplejson's RawJSON in awslambdaric).

    A NaN ``Decimal`` becomes ``NaN``; every other ``Decimal`` is written with ``str()``, so
    ``Decimal("1.10")`` stays ``1.10``.
    """

    def __init__(self, ensure_ascii: bool) -> None:
        super().__init__(ensure_ascii=ensure_ascii)
        self.raw: list[str] = []

    def default(self, o: Any) -> Any:
        if isinstance(o, decimal.Decimal):
            if o.is_nan():
                return math.nan
            self.raw.append(str(o))
            return _RAW % (len(self.raw) - 1)
        return super().default(o)


def to_json(obj: Any, execution_env: str = "") -> str:
    """Serialise a handler result or error as awslambdaric does.

    awslambdaric passes ``ensure_ascii=False`` for ``AWS_Lambda_python3.12`` only, so
    that runtime writes non-ASCII characters as they are and the others escape them.
    Raises ``TypeError``/``ValueError`` with the standard texts
    (``Object of type X is not JSON serializable``).
    """
    encoder = _Encoder(ensure_ascii=execution_env != "AWS_Lambda_python3.12")
    text = encoder.encode(obj)
    for i, raw in enumerate(encoder.raw):
        text = text.replace(json.dumps(_RAW % i), raw, 1)
    return text


# --- platform messages -----------------------------------------------------------------------
def timeout_message(request_id: str, timeout_s: float) -> str:
    """``RequestId: ID Error: Task timed out after 3.00 seconds`` (the Invoke response)."""
    return f"RequestId: {request_id} Error: Task timed out after {timeout_s:.2f} seconds"


def timeout_log_line(request_id: str, timeout_s: float, now: float) -> str:
    """``2026-11-23T10:00:03.005Z ID Task timed out after 3.00 seconds`` (the function log)."""
    return f"{iso_time(now)} {request_id} Task timed out after {timeout_s:.2f} seconds"


# Go's os/exec wording, which Lambda's init (written in Go) reports: signal names as Go
# prints them.
_SIGNAL_TEXT = {
    1: "hangup",
    2: "interrupt",
    3: "quit",
    4: "illegal instruction",
    5: "trace/breakpoint trap",
    6: "aborted",
    7: "bus error",
    8: "floating point exception",
    9: "killed",
    10: "user defined signal 1",
    11: "segmentation fault",
    12: "user defined signal 2",
    13: "broken pipe",
    14: "alarm clock",
    15: "terminated",
}


def exit_reason(status: int | None, signal: int | None) -> str:
    """``exit status 1`` or ``signal: segmentation fault``."""
    if signal is not None:
        return "signal: " + _SIGNAL_TEXT.get(signal, f"signal {signal}")
    return f"exit status {status if status is not None else 0}"


def runtime_exited_message(request_id: str, reason: str) -> str:
    """``RequestId: ID Error: Runtime exited with error: exit status 1``."""
    return f"RequestId: {request_id} Error: Runtime exited with error: {reason}"


def runtime_exited_without_reason(request_id: str) -> str:
    """What Lambda says when the runtime exits with status 0 during an invocation."""
    return f"RequestId: {request_id} Error: Runtime exited without providing a reason"


def invalid_entrypoint_message(request_id: str, detail: str) -> str:
    """``RequestId: ID Error: Couldn't find valid bootstrap(s): [...]`` and exec failures."""
    return f"RequestId: {request_id} Error: {detail}"


def platform_error(error_type: str, message: str) -> dict[str, str]:
    """The body Lambda returns when the platform, not the runtime, reports the error."""
    return {"errorType": error_type, "errorMessage": message}


# --- log lines ------------------------------------------------------------------------------
def iso_time(now: float) -> str:
    """``2026-11-23T10:00:03.005Z``."""
    moment = datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def log_stream_name(version: str, now: float) -> str:
    """``2026/11/23/[$LATEST]`` + 32 hex characters, one per execution environment."""
    day = datetime.datetime.fromtimestamp(now, tz=datetime.UTC).strftime("%Y/%m/%d")
    return f"{day}/[{version}]{secrets.token_hex(16)}"


def start_line(request_id: str, version: str) -> str:
    return f"START RequestId: {request_id} Version: {version}"


def end_line(request_id: str) -> str:
    return f"END RequestId: {request_id}"


def billed_ms(duration_ms: float, init_duration_ms: float | None) -> int:
    """Billed duration: the invocation and (managed runtimes, since August 2025) the init,
    rounded up to the millisecond, at least 1."""
    return max(math.ceil(duration_ms + (init_duration_ms or 0.0)), 1)


def report_line(
    request_id: str,
    duration_ms: float,
    memory_mb: int,
    max_memory_mb: int,
    init_duration_ms: float | None,
    status: str | None = None,
    error_type: str | None = None,
) -> str:
    """``REPORT RequestId: ID\\tDuration: 1.23 ms\\tBilled Duration: 2 ms\\t...``.

    ``Init Duration`` only on a cold start. ``Status: timeout`` / ``Status: error`` with
    ``Error Type`` when the platform ended the invocation, as current Lambda writes.
    """
    parts = [
        f"REPORT RequestId: {request_id}",
        f"Duration: {duration_ms:.2f} ms",
        f"Billed Duration: {billed_ms(duration_ms, init_duration_ms)} ms",
        f"Memory Size: {memory_mb} MB",
        f"Max Memory Used: {max_memory_mb} MB",
    ]
    if init_duration_ms is not None:
        parts.append(f"Init Duration: {init_duration_ms:.2f} ms")
    if status is not None:
        parts.append(f"Status: {status}")
    if error_type is not None:
        parts.append(f"Error Type: {error_type}")
    return "\t".join(parts) + "\t"


def init_report_line(init_ms: float, status: str, error_type: str | None) -> str:
    """``INIT_REPORT Init Duration: 10.17 ms\tPhase: init\tStatus: error\tError Type: X``."""
    parts = [f"INIT_REPORT Init Duration: {init_ms:.2f} ms", "Phase: init", f"Status: {status}"]
    if error_type is not None:
        parts.append(f"Error Type: {error_type}")
    return "\t".join(parts)


# --- JSON platform records (telemetry-schema-reference) ----------------------------------------
def platform_record(kind: str, now: float, record: dict[str, Any]) -> str:
    """``{"time": "...", "type": "platform.start", "record": {...}}`` as one log line."""
    return json.dumps({"time": iso_time(now), "type": kind, "record": record}, separators=(",", ":"))


def start_record(request_id: str, version: str) -> dict[str, Any]:
    return {"requestId": request_id, "version": version}


def runtime_done_record(request_id: str, status: str, duration_ms: float, produced_bytes: int,
                        error_type: str | None) -> dict[str, Any]:
    """``platform.runtimeDone``: ``status`` success, error, failure or timeout."""
    record: dict[str, Any] = {"requestId": request_id, "status": status}
    if error_type is not None:
        record["errorType"] = error_type
    record["metrics"] = {"durationMs": round(duration_ms, 3), "producedBytes": produced_bytes}
    return record


def report_record(request_id: str, status: str, duration_ms: float, memory_mb: int,
                  max_memory_mb: int, init_duration_ms: float | None,
                  error_type: str | None) -> dict[str, Any]:
    """``platform.report``: the REPORT line's figures under ``metrics``."""
    metrics: dict[str, Any] = {
        "durationMs": round(duration_ms, 3),
        "billedDurationMs": billed_ms(duration_ms, init_duration_ms),
        "memorySizeMB": memory_mb,
        "maxMemoryUsedMB": max_memory_mb,
    }
    if init_duration_ms is not None:
        metrics["initDurationMs"] = round(init_duration_ms, 3)
    record: dict[str, Any] = {"requestId": request_id, "metrics": metrics, "status": status}
    if error_type is not None:
        record["errorType"] = error_type
    return record


def init_report_record(init_ms: float, status: str, error_type: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {"initializationType": "on-demand", "phase": "init", "status": status}
    if error_type is not None:
        record["errorType"] = error_type
    record["metrics"] = {"durationMs": round(init_ms, 3)}
    return record


# --- runtimes and environment variables ---------------------------------------------------------
# Every python3.x and nodejs runtime Lambda has had since AWS's block dates began
# (services/lambda_/runtimes.py decides which may still be created or updated).
PYTHON_RUNTIMES = frozenset({"python3.8", "python3.9", "python3.10", "python3.11", "python3.12",
                             "python3.13", "python3.14"})
NODE_RUNTIMES = frozenset({"nodejs16.x", "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x"})
PROVIDED_RUNTIMES = frozenset({"provided", "provided.al2", "provided.al2023"})

# Lambda rejects these in a function's Environment (reserved), so a function's own
# variables can never replace them.
# https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html
RESERVED_VARIABLES = frozenset(
    {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)


def execution_env(runtime: str) -> str | None:
    """``AWS_Lambda_python3.12``; OS-only runtimes (``provided.*``) set none."""
    if runtime in PROVIDED_RUNTIMES:
        return None
    return f"AWS_Lambda_{runtime}"


def trace_id(now: float) -> str:
    """An X-Ray trace header as Lambda puts in ``_X_AMZN_TRACE_ID``."""
    random = secrets.token_hex(24)  # one getrandom call for the three random parts
    return (
        f"Root=1-{int(now):08x}-{random[:24]};"
        f"Parent={random[24:40]};Sampled=0;Lineage=1:{random[40:]}:0"
    )
