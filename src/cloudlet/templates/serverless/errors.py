"""The one error the serverless.yml compiler raises, worded as the Serverless Framework words
its own (``Cannot resolve serverless.yml: ...``, ``not supported: ...``)."""

from __future__ import annotations


class ServerlessError(Exception):
    """A serverless.yml that cannot be loaded or compiled; the message says where and why."""

    def __init__(self, message: str, code: str = "SERVERLESS_ERROR") -> None:
        super().__init__(message)
        self.code = code


def not_supported(what: str) -> ServerlessError:
    """A feature cloudlet does not compile, named (never silently dropped)."""
    return ServerlessError(f"not supported: {what}", "NOT_SUPPORTED")
