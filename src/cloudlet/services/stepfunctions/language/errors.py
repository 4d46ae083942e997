"""The errors the States Language names, raised while a state's data is processed.

https://states-language.net/spec.html#appendix-a (predefined error codes)
"""

from __future__ import annotations


class StatesError(Exception):
    """A runtime error with its States Language name (``States.Runtime``, ...) and cause."""

    def __init__(self, error: str, cause: str = "") -> None:
        super().__init__(f"{error}: {cause}" if cause else error)
        self.error = error
        self.cause = cause
