"""Lambda's managed runtimes: which cloudlet runs, and AWS's deprecation schedule.

https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html ("Supported runtimes",
"Deprecated runtimes") and https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html
- After a runtime's *block function create* date, CreateFunction (and an
  UpdateFunctionConfiguration that changes to it) is refused with
  InvalidParameterValueException "The runtime parameter of RUNTIME is no longer supported
  for creating or updating AWS Lambda functions. ..."; after its *block function update*
  date, updating the code or configuration of a function that uses it is refused the same
  way.
- Functions that use a deprecated runtime keep running: they are invoked as before.

The dates are those of the AWS table as of the date below, compared with the server's
clock (so a manual clock set earlier can still create such functions). Runtimes AWS
blocked before 2024 are refused on any date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import NamedTuple

from cloudlet.server.errors import not_supported
from cloudlet.services.lambda_.errors import InvalidParameterValueException

SCHEDULE_AS_OF = "2026-11-01"

# Runtimes cloudlet runs: Python on the local interpreter, Node.js on the local node,
# custom runtimes through the Runtime API.
RUNNABLE_PREFIXES = ("python3.", "nodejs", "provided")
SUPPORTED = frozenset({
    "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14",
    "nodejs20.x", "nodejs22.x", "nodejs24.x", "provided.al2", "provided.al2023",
    "java11", "java17", "java21", "java25", "java8.al2", "dotnet8", "dotnet10",
    "ruby3.2", "ruby3.3", "ruby3.4",
})


class Deprecation(NamedTuple):
    deprecated: date
    block_create: date
    block_update: date


_AL1_END = Deprecation(date(2024, 1, 8), date(2026, 2, 28), date(2026, 3, 31))
DEPRECATED: dict[str, Deprecation] = {
    "nodejs18.x": Deprecation(date(2025, 9, 1), date(2026, 2, 3), date(2026, 3, 9)),
    "python3.8": Deprecation(date(2024, 10, 14), date(2026, 2, 28), date(2026, 3, 31)),
    "nodejs16.x": Deprecation(date(2024, 6, 12), date(2026, 2, 28), date(2026, 3, 31)),
    "dotnet6": Deprecation(date(2024, 12, 20), date(2026, 2, 28), date(2026, 3, 31)),
    "java8": _AL1_END,
    "go1.x": _AL1_END,
    "provided": _AL1_END,
}


def _refused(runtime: str) -> InvalidParameterValueException:
    return InvalidParameterValueException(
        f"The runtime parameter of {runtime} is no longer supported for creating or updating "
        "AWS Lambda functions. We recommend you use a supported runtime while creating or "
        "updating functions.")


def _today(now: float) -> date:
    return datetime.fromtimestamp(now, UTC).date()


def check_new(runtime: str, now: float) -> None:
    """A runtime a function is created with, or changed to, at ``now`` (epoch seconds)."""
    deprecation = DEPRECATED.get(runtime)
    if deprecation is not None:
        if _today(now) >= deprecation.block_create:
            raise _refused(runtime)
    elif runtime not in SUPPORTED:
        raise _refused(runtime)
    if not runtime.startswith(RUNNABLE_PREFIXES):
        raise not_supported(
            f"runtime {runtime} (cloudlet runs python3.x, nodejs and provided runtimes)")


def check_update(runtime: str, now: float) -> None:
    """The runtime of a function whose code or configuration is being updated."""
    deprecation = DEPRECATED.get(runtime)
    if deprecation is not None and _today(now) >= deprecation.block_update:
        raise _refused(runtime)
