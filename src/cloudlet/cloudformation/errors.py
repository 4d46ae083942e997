"""The errors the stack engine answers before it touches a resource.

A ``TemplateError`` is a template or parameter CloudFormation refuses: the CloudFormation
API answers it as the query-protocol error ``code`` (``ValidationError``, 400) with
``str(error)`` as the message, worded as AWS words it ("Template format error: ...",
"Template error: ...", "Parameters: [X] must have values").
"""

from __future__ import annotations


class TemplateError(Exception):
    """A template or parameter the engine refuses; str() is AWS's message."""

    code = "ValidationError"

    def __init__(self, message: str, *, code: str = "ValidationError") -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message
