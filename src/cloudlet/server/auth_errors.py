"""How each protocol family refuses a request whose signature does not hold (``--auth on``).

The codes, statuses and texts AWS answers, per family:

- ``json`` (DynamoDB, Kinesis, Logs, ... : awsJson): 400s, ``UnrecognizedClientException``,
  ``InvalidSignatureException``, ``ExpiredTokenException``,
  ``MissingAuthenticationTokenException``, ``IncompleteSignatureException``;
- ``rest-json`` (Lambda, API Gateway, ...): the same codes, 403;
- ``query`` (IAM, STS, SNS, CloudFormation, SQS, and SQS's JSON protocol which keeps its
  query codes): ``InvalidClientTokenId`` 403, ``SignatureDoesNotMatch`` 403,
  ``ExpiredToken`` 403, ``MissingAuthenticationToken`` 403, ``IncompleteSignature`` 400,
  ``RequestExpired`` 400 (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html);
- ``s3``: ``InvalidAccessKeyId`` 403, ``SignatureDoesNotMatch`` 403, ``InvalidToken`` 400,
  ``ExpiredToken`` 400, ``RequestTimeTooSkewed`` 403, ``AccessDenied`` 403 (an expired
  presigned URL: "Request has expired"; an unsigned request), ``AuthorizationHeaderMalformed``
  400, ``AuthorizationQueryParametersError`` 400, ``XAmzContentSHA256Mismatch`` 400
  (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).

A refusal (``Refused``: a ``kind``, a detail message, extra members) becomes the family's
``ServiceError`` in ``error_for``; dispatch serializes it in the service's protocol.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cloudlet.server.errors import ClientError, ServiceError

SIGNATURE_MESSAGE = (
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details.")
S3_SIGNATURE_MESSAGE = ("The request signature we calculated does not match the signature "
                        "you provided. Check your key and signing method.")
TOKEN_MESSAGE = "The security token included in the request is invalid."
EXPIRED_MESSAGE = "The security token included in the request is expired"

# Kinds of refusal.
MISSING = "missing"  # no signature at all
MALFORMED = "malformed"  # a signature that cannot be read (detail says why)
QUERY_MALFORMED = "query-malformed"  # a presigned URL's parameters cannot be read
UNKNOWN_KEY = "unknown-key"  # not issued, or Inactive
BAD_TOKEN = "bad-token"  # a session key without its session token, or another's
EXPIRED_TOKEN = "expired-token"  # a session past its expiry
SIGNATURE = "signature"  # the signature differs
SKEWED = "skewed"  # more than 15 minutes off the server's clock (detail: AWS's text)
PRESIGN_EXPIRED = "presign-expired"  # a presigned URL past X-Amz-Expires
SCOPE = "scope"  # the credential scope names another service or date (detail)
CONTENT_SHA256 = "content-sha256"  # x-amz-content-sha256 is not the body's hash

_Row = tuple[str, int, str | None]  # code, status, message (None: the detail)

_JSON: dict[str, _Row] = {
    MISSING: ("MissingAuthenticationTokenException", 400, "Request is missing Authentication Token"),
    MALFORMED: ("IncompleteSignatureException", 400, None),
    QUERY_MALFORMED: ("IncompleteSignatureException", 400, None),
    UNKNOWN_KEY: ("UnrecognizedClientException", 400, TOKEN_MESSAGE),
    BAD_TOKEN: ("UnrecognizedClientException", 400, TOKEN_MESSAGE),
    EXPIRED_TOKEN: ("ExpiredTokenException", 400, EXPIRED_MESSAGE),
    SIGNATURE: ("InvalidSignatureException", 400, SIGNATURE_MESSAGE),
    SKEWED: ("InvalidSignatureException", 400, None),
    PRESIGN_EXPIRED: ("InvalidSignatureException", 400, None),
    SCOPE: ("InvalidSignatureException", 400, None),
    CONTENT_SHA256: ("InvalidSignatureException", 400, SIGNATURE_MESSAGE),
}

_REST_JSON: dict[str, _Row] = {kind: (code, 403, message)
                               for kind, (code, _, message) in _JSON.items()}
_REST_JSON[MISSING] = ("MissingAuthenticationTokenException", 403, "Missing Authentication Token")

_QUERY: dict[str, _Row] = {
    MISSING: ("MissingAuthenticationToken", 403, "Request is missing Authentication Token"),
    MALFORMED: ("IncompleteSignature", 400, None),
    QUERY_MALFORMED: ("IncompleteSignature", 400, None),
    UNKNOWN_KEY: ("InvalidClientTokenId", 403, TOKEN_MESSAGE),
    BAD_TOKEN: ("InvalidClientTokenId", 403, TOKEN_MESSAGE),
    EXPIRED_TOKEN: ("ExpiredToken", 403, EXPIRED_MESSAGE),
    SIGNATURE: ("SignatureDoesNotMatch", 403, SIGNATURE_MESSAGE),
    SKEWED: ("SignatureDoesNotMatch", 403, None),
    PRESIGN_EXPIRED: ("RequestExpired", 400, "Request has expired."),
    SCOPE: ("SignatureDoesNotMatch", 403, None),
    CONTENT_SHA256: ("SignatureDoesNotMatch", 403, SIGNATURE_MESSAGE),
}

_S3: dict[str, _Row] = {
    MISSING: ("AccessDenied", 403, "Access Denied"),
    MALFORMED: ("AuthorizationHeaderMalformed", 400, None),
    QUERY_MALFORMED: ("AuthorizationQueryParametersError", 400, None),
    UNKNOWN_KEY: ("InvalidAccessKeyId", 403,
                  "The AWS Access Key Id you provided does not exist in our records."),
    BAD_TOKEN: ("InvalidToken", 400, "The provided token is malformed or otherwise invalid."),
    EXPIRED_TOKEN: ("ExpiredToken", 400, "The provided token has expired."),
    SIGNATURE: ("SignatureDoesNotMatch", 403, S3_SIGNATURE_MESSAGE),
    SKEWED: ("RequestTimeTooSkewed", 403,
             "The difference between the request time and the current time is too large."),
    PRESIGN_EXPIRED: ("AccessDenied", 403, "Request has expired"),
    SCOPE: ("AuthorizationHeaderMalformed", 400, None),
    CONTENT_SHA256: ("XAmzContentSHA256Mismatch", 400,
                     "The provided 'x-amz-content-sha256' header does not match what was "
                     "computed."),
}

FAMILIES: dict[str, dict[str, _Row]] = {
    "json": _JSON, "rest-json": _REST_JSON, "query": _QUERY, "s3": _S3}


class Refused(Exception):
    """A request whose signature does not hold: what kind of refusal, AWS's detail text
    (for kinds whose message depends on the request) and extra error members."""

    def __init__(self, kind: str, detail: str = "", **fields: Any) -> None:
        self.kind = kind
        self.detail = detail
        self.fields = fields
        super().__init__(f"{kind}: {detail}" if detail else kind)


@cache
def _error_class(code: str, status: int) -> type[ServiceError]:
    return type(code, (ClientError,), {"code": code, "status": status})


def error_for(family: str, refused: Refused) -> ServiceError:
    """The ``ServiceError`` the family answers ``refused`` with."""
    code, status, message = FAMILIES[family][refused.kind]
    if message is None:
        message = refused.detail
        if family == "s3" and refused.kind in (MALFORMED, SCOPE):
            message = f"The authorization header is malformed; {refused.detail}"
    fields = refused.fields if family == "s3" else {}
    return _error_class(code, status)(message, **fields)


def error_code(family: str, kind: str) -> tuple[str, int]:
    """The code and status ``family`` answers a refusal of ``kind`` with."""
    code, status, _ = FAMILIES[family][kind]
    return code, status
