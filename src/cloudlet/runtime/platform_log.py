"""The log of one invocation as Lambda writes it: the runtime's lines between the
platform's, in the function's log format.

Text (``LoggingConfig.LogFormat`` Text, the default): the init output, ``INIT_REPORT``
when the init failed, ``START``, the invocation's output, the platform's crash line,
``END`` and ``REPORT`` (a timeout's line after REPORT, as Lambda writes it).
JSON: the same sequence with ``platform.initReport``, ``platform.start``,
``platform.runtimeDone`` and ``platform.report`` records instead of the text lines;
application lines below ``ApplicationLogLevel`` and platform records below
``SystemLogLevel`` are dropped. The shapes and texts live in ``contract``.
https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from cloudlet.runtime import contract
from cloudlet.runtime.environment import Outcome
from cloudlet.runtime.logstream import Event, now_ms
from cloudlet.runtime.spec import FunctionSpec

_PLATFORM_RANK = contract.level_rank("INFO")  # every record we write is an INFO record


@dataclass
class Invocation:
    """What the log of one invocation is made from."""

    request_id: str
    init_lines: list[Event]
    lines: list[Event]
    outcome: Outcome
    init_ms: float | None
    init_failed: bool
    duration_ms: float
    started_ms: int
    max_memory_mb: int


def build(spec: FunctionSpec, inv: Invocation) -> list[Event]:
    """Every event of the invocation's log, in order."""
    if spec.json_logs:
        return _json_log(spec, inv)
    return _text_log(spec, inv)


def _text_log(spec: FunctionSpec, inv: Invocation) -> list[Event]:
    outcome = inv.outcome
    log = list(inv.init_lines)
    init_ms = inv.init_ms
    if inv.init_failed and init_ms is not None:
        log.append((now_ms(), contract.init_report_line(init_ms, outcome.status or "error",
                                                        _init_error_type(outcome))))
        init_ms = None  # reported by INIT_REPORT
    log.append((inv.started_ms, contract.start_line(inv.request_id, spec.version)))
    log.extend(inv.lines)
    if outcome.platform_log and outcome.status != "timeout":
        log.append((now_ms(), outcome.platform_log))
    log.append((now_ms(), contract.end_line(inv.request_id)))
    log.append((now_ms(), contract.report_line(
        inv.request_id, inv.duration_ms, spec.memory_mb, inv.max_memory_mb, init_ms,
        outcome.status, outcome.error_type)))
    if outcome.platform_log and outcome.status == "timeout":
        log.append((now_ms(), outcome.platform_log))
    return log


def _json_log(spec: FunctionSpec, inv: Invocation) -> list[Event]:
    outcome = inv.outcome
    app_rank = contract.level_rank(spec.application_log_level or "INFO")
    platform = contract.level_rank(spec.system_log_level or "INFO") <= _PLATFORM_RANK
    log = _filtered(inv.init_lines, app_rank)
    init_ms = inv.init_ms
    if inv.init_failed and init_ms is not None:
        if platform:
            log.append(_record("platform.initReport", contract.init_report_record(
                init_ms, outcome.status or "error", _init_error_type(outcome))))
        init_ms = None
    if platform:
        log.append((inv.started_ms, contract.platform_record(
            "platform.start", inv.started_ms / 1000, contract.start_record(inv.request_id, spec.version))))
    log.extend(_filtered(inv.lines, app_rank))
    if platform:
        status, error_type = _status(outcome)
        log.append(_record("platform.runtimeDone", contract.runtime_done_record(
            inv.request_id, status, inv.duration_ms, len(outcome.payload), error_type)))
        log.append(_record("platform.report", contract.report_record(
            inv.request_id, status, inv.duration_ms, spec.memory_mb, inv.max_memory_mb, init_ms,
            error_type)))
    return log


def _record(kind: str, record: dict[str, object]) -> Event:
    now = time.time()
    return int(now * 1000), contract.platform_record(kind, now, record)


def _status(outcome: Outcome) -> tuple[str, str | None]:
    """``success``, ``error`` or ``timeout``, and the error type where there is one."""
    if outcome.status == "timeout":
        return "timeout", None
    if outcome.error_type is not None:
        return "error", outcome.error_type
    if outcome.function_error:
        return "error", _payload_error_type(outcome.payload)
    return "success", None


def _init_error_type(outcome: Outcome) -> str | None:
    if outcome.status == "timeout":
        return None
    return outcome.error_type or _payload_error_type(outcome.payload) or contract.EXIT_ERROR


def _payload_error_type(payload: bytes) -> str | None:
    try:
        value = json.loads(payload).get("errorType")
    except Exception:
        return None
    return value if isinstance(value, str) and value else None


def _filtered(lines: list[Event], min_rank: int) -> list[Event]:
    """Application lines at ``ApplicationLogLevel`` or above: a JSON object's ``level``
    (awslambdaric's error object says ``log_level``), INFO for any other line."""
    if min_rank == 0:  # TRACE: everything
        return list(lines)
    return [e for e in lines if _line_rank(e[1]) >= min_rank]


def _line_rank(line: str) -> int:
    if not line.startswith("{"):
        return contract.level_rank("INFO")
    try:
        doc = json.loads(line)
    except ValueError:
        return contract.level_rank("INFO")
    if not isinstance(doc, dict):
        return contract.level_rank("INFO")
    level = doc.get("level", doc.get("log_level"))
    return contract.level_rank(level if isinstance(level, str) else None)
