"""What AWS says when it denies: the message, and each service's access-denied error.

https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
``User: ARN is not authorized to perform: ACTION on resource: RESOURCE`` and the reason, in
AWS's current words (``because no identity-based policy allows the ACTION action``, ``with
an explicit deny in an identity-based policy``, ...).

The error: DynamoDB, Kinesis, Logs, Events, Step Functions, SSM and Cognito answer
``AccessDeniedException`` 400 (JSON protocol); Lambda, API Gateway and Scheduler
``AccessDeniedException`` 403 (REST); IAM, STS, CloudFormation, SQS (its query code) and S3
``AccessDenied`` 403; SNS ``AuthorizationError`` 403; EventBridge Schemas
``ForbiddenException`` 403.
"""

from __future__ import annotations

from typing import Any, ClassVar

from cloudlet.policy.evaluate import Reason
from cloudlet.server.errors import ClientError

_ENDINGS: dict[str, str] = {
    "identity-deny": "with an explicit deny in an identity-based policy",
    "resource-deny": "with an explicit deny in a resource-based policy",
    "boundary-deny": "with an explicit deny in a permissions boundary",
    "session-deny": "with an explicit deny in a session policy",
    "no-identity": "because no identity-based policy allows the {action} action",
    "no-resource": "because no resource-based policy allows the {action} action",
    "no-boundary": "because no permissions boundary allows the {action} action",
    "no-session": "because no session policy allows the {action} action",
}


def denial_message(principal_arn: str, action: str, resource: str, reason: Reason) -> str:
    """AWS's text; an action without a resource (``"*"``) has no ``on resource:`` part, as in
    AWS's examples (``... perform: codecommit:ListRepositories because no ...``)."""
    ending = _ENDINGS.get(reason, _ENDINGS["no-identity"]).format(action=action)
    where = "" if resource == "*" else f" on resource: {resource}"
    return f"User: {principal_arn} is not authorized to perform: {action}{where} {ending}"


class AccessDeniedException(ClientError):
    """JSON-protocol services' access-denied error (400)."""

    code = "AccessDeniedException"


class AccessDeniedException403(ClientError):
    """REST services' access-denied error (Lambda, API Gateway, Scheduler)."""

    code = "AccessDeniedException"
    status = 403
    message_key: ClassVar[str] = "Message"


class AccessDenied(ClientError):
    """Query services' (IAM, STS, CloudFormation) and S3's access-denied error."""

    code = "AccessDenied"
    status = 403


class SqsAccessDenied(AccessDenied):
    """SQS's JSON error, with the query code the SDKs report in ``x-amzn-query-error``."""

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.headers.append(("x-amzn-query-error", "AccessDenied;Sender"))


class AuthorizationError(ClientError):
    """SNS's access-denied error."""

    code = "AuthorizationError"
    status = 403


class ForbiddenException(ClientError):
    """EventBridge Schemas' access-denied error (its body also carries ``Code``)."""

    code = "ForbiddenException"
    status = 403
    message_key: ClassVar[str] = "Message"

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        super().__init__(message, Code="Forbidden", **fields)


_BY_SERVICE: dict[str, type[ClientError]] = {
    "lambda": AccessDeniedException403, "apigateway": AccessDeniedException403,
    "apigatewayv2": AccessDeniedException403, "scheduler": AccessDeniedException403,
    "iam": AccessDenied, "sts": AccessDenied, "cloudformation": AccessDenied,
    "s3": AccessDenied, "sqs": SqsAccessDenied, "sns": AuthorizationError,
    "schemas": ForbiddenException,
}


def denied_error(service: str, message: str) -> ClientError:
    """The error ``service`` answers an access denial with."""
    return _BY_SERVICE.get(service, AccessDeniedException)(message)
