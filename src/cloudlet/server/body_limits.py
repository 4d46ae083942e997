"""The largest request body each service accepts, enforced while the body is read.

A body is never buffered past its service's limit: a ``Content-Length`` over it is answered
before any of the body is read, a chunked body as soon as it passes it; uvicorn then reads
and drops the rest, so the connection stays usable and the client reads the answer.

The service is known from the headers alone (``X-Amz-Target``'s prefix, else the SigV4
credential scope's service); the answer is ``413 RequestEntityTooLargeException`` in that
service's protocol, ``Request must be smaller than N bytes for the Op operation`` (Lambda's
documented text, which its coral front end shares with DynamoDB's).

Limits (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html,
https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
DynamoDB and DynamoDB Streams 16 MiB (the 16 MB BatchWriteItem request); Lambda 69905067 bytes
(a 50 MB zip, base64-encoded in CreateFunction; Invoke's 6 MB payload is Lambda's own check);
S3 5 GiB (one PUT; streamed to disk); everything else 32 MiB (API Gateway's 10 MB payload and
SQS's 1 MiB message are each service's own check, under this cap).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cloudlet.server.context import parse_authorization
from cloudlet.server.errors import ClientError

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.service import Service

DEFAULT_LIMIT = 32 * 1024 * 1024
LIMITS = {
    "dynamodb": 16 * 1024 * 1024,
    "dynamodbstreams": 16 * 1024 * 1024,
    "lambda": 69905067,
    "s3": 5 * 1024 ** 3 + 16 * 1024 * 1024,  # aws-chunked signatures add ~0.15%
}
# A body a service streams (to disk, S3's objects) is bounded by S3's limit.
STREAMED_LIMIT = LIMITS["s3"]


class RequestEntityTooLargeException(ClientError):
    code = "RequestEntityTooLargeException"
    status = 413


class RequestTimeout(ClientError):
    """A body that stopped arriving (``server.http_limits.BODY_IDLE_S``), in S3's words
    (LIMITATIONS: every service answers it so; AWS's other front doors close the
    connection without one)."""

    code = "RequestTimeout"
    status = 400

    def __init__(self) -> None:
        super().__init__("Your socket connection to the server was not read from or written "
                         "to within the timeout period. Idle connections will be closed.")


@dataclass(frozen=True, slots=True)
class BodyLimit:
    max_bytes: int
    service: Service | None  # None: not an AWS API request (or one cloudlet cannot tell)

    def declared_over(self, request: Request) -> bool:
        """Whether the request's ``Content-Length`` already says it is over the limit."""
        declared = request.headers.get("content-length", "")
        return declared.isdigit() and int(declared) > self.max_bytes

    def error(self, operation: str | None) -> RequestEntityTooLargeException:
        return RequestEntityTooLargeException(
            f"Request must be smaller than {self.max_bytes} bytes for the "
            f"{operation or 'requested'} operation")


class BodyLimits:
    def __init__(self, services: dict[str, Service]):
        self.by_target: dict[str, Service] = {}
        self.by_signing_name: dict[str, Service] = {}
        for service in services.values():
            meta = service.summary.metadata
            if meta.get("targetPrefix"):
                self.by_target[meta["targetPrefix"]] = service
            signing = meta.get("signingName") or meta.get("endpointPrefix")
            self.by_signing_name.setdefault(signing, service)

    def for_request(self, request: Request, streamed: bool) -> BodyLimit:
        service = self._service(request)
        if streamed:
            return BodyLimit(STREAMED_LIMIT, service)
        limit = LIMITS.get(service.name, DEFAULT_LIMIT) if service else DEFAULT_LIMIT
        return BodyLimit(limit, service)

    def _service(self, request: Request) -> Service | None:
        target = request.headers.get("x-amz-target")
        if target:
            return self.by_target.get(target.partition(".")[0])
        caller = parse_authorization(request.headers.get("authorization"))
        if caller is None:
            return None
        return self.by_signing_name.get(caller.signing_service or "")
