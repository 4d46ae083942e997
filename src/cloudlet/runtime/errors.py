"""Errors the runtime raises to the Lambda service."""

from __future__ import annotations

RESERVED_LIMIT = "ReservedFunctionConcurrentInvocationLimitExceeded"
ACCOUNT_LIMIT = "ConcurrentInvocationLimitExceeded"


class ConcurrencyLimitExceeded(Exception):
    """No execution environment can be had without passing a concurrency limit.

    Lambda answers ``TooManyRequestsException`` (429) with ``Reason`` set to
    ``ReservedFunctionConcurrentInvocationLimitExceeded`` (the function's reserved
    concurrency) or ``ConcurrentInvocationLimitExceeded`` (the account's limit).
    https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"Rate Exceeded. ({reason})")
        self.reason = reason


class RuntimeStopped(Exception):
    """The manager is stopping or stopped; no invocation can run."""
