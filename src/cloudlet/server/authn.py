"""Who sent a request: the principal of its SigV4 credentials.

``authenticate(state, request, caller, service)`` answers the request's principal.

- ``--auth off`` (the default): any credentials pass; the principal is the one cloudlet
  issued the key to, else the root of the account the key id names.
- ``--auth on``: the request's SigV4 signature (``Authorization`` header or presigned query
  string) is recomputed (``sigv4.py``) with the secret of a key cloudlet issued
  (``state.credentials``) and must match. Refused, each with the service's own error
  (``auth_errors.py``): an unsigned request, an unknown or ``Inactive`` key, a session
  key (``ASIA``) without its own session token or past its expiry, a signature that
  differs, a request time more than 15 minutes off the server's clock (``state.clock``), a
  presigned URL past ``X-Amz-Expires``, a credential scope naming another service or
  another date than ``X-Amz-Date``, a hex ``x-amz-content-sha256`` that is not the body's,
  and (``STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]``) a wrong chunk signature.
  An operation the model says takes no credentials (``authtype: none``: Cognito's
  InitiateAuth and SignUp, STS AssumeRoleWithWebIdentity) passes unsigned, as an
  anonymous principal; signed, its signature is checked like any other.

``verify(state, request, service_name, s3=...)`` is the check itself, for the edge routes
that answer in their own shape (function URLs and API Gateway methods with ``AWS_IAM``):
it raises ``auth_errors.Refused``. S3 also takes a URL presigned with signature version 2
(``sigv2.py``, boto3's default for S3 presigning).

LIMITATIONS: an unsigned S3 request is refused (``AccessDenied``) rather than evaluated as
an anonymous caller against bucket policies and ACLs; the region in the scope is not
checked (every region is served).
"""

from __future__ import annotations

import calendar
import hashlib
import io
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING

from cloudlet.server import auth_errors, sigv2, sigv4
from cloudlet.server.auth_errors import Refused
from cloudlet.server.context import DEFAULT_ACCOUNT, Caller, Principal, principal_for
from cloudlet.server.sigv4_chunks import ChunkMismatch, verify_chunks

if TYPE_CHECKING:
    from cloudlet.server.credentials import AccessKey
    from cloudlet.server.http import Request
    from cloudlet.server.service import Service
    from cloudlet.server.state import ServerState

MAX_SKEW_S = 900  # 15 minutes
_KEYS = sigv4.SigningKeys()
_FAMILY: dict[str, tuple[str, str, bool]] = {}  # service name -> family, signing name, s3


def authenticate(state: ServerState, request: Request, caller: Caller | None,
                 service: Service, operation: str = "") -> Principal:
    """The principal ``request`` acts as; raises the service's own ``ServiceError`` when
    its signature does not hold."""
    if state.config.auth != "on":
        return principal_for(state, caller.access_key if caller else None)
    if operation and service.unsigned(operation) and not _signed(request):
        return Principal.anonymous(DEFAULT_ACCOUNT)
    family, signing_name, s3 = _family(service)
    try:
        return verify(state, request, signing_name, s3=s3)
    except Refused as refused:
        raise auth_errors.error_for(family, refused) from None


def _signed(request: Request) -> bool:
    return "authorization" in request.headers or "X-Amz-Signature" in request.query_string


def _family(service: Service) -> tuple[str, str, bool]:
    found = _FAMILY.get(service.name)
    if found is None:
        meta = service.model.metadata
        signing = str(meta.get("signingName") or meta.get("endpointPrefix") or service.name)
        protocol = service.model.protocol
        s3 = meta.get("signatureVersion") == "s3v4" or signing == "s3"
        if s3:
            family = "s3"
        elif protocol == "query" or meta.get("awsQueryCompatible") is not None \
                or protocol == "rest-xml":
            family = "query"
        elif protocol == "json":
            family = "json"
        else:
            family = "rest-json"
        found = _FAMILY[service.name] = (family, signing, s3)
    return found


def verify(state: ServerState, request: Request, service_name: str, *, s3: bool = False
           ) -> Principal:
    """The principal of the issued key whose signature ``request`` carries, for the
    service that signs as ``service_name``; raises ``Refused``."""
    try:
        sig = sigv4.read(request)
    except sigv4.Malformed as bad:
        presigned = "X-Amz-" in request.query_string and "authorization" not in request.headers
        raise Refused(auth_errors.QUERY_MALFORMED if presigned else auth_errors.MALFORMED,
                      bad.message) from None
    if sig is None:
        v2 = sigv2.read(request) if s3 else None
        if v2 is not None:
            return _verify_v2(state, request, v2)
        raise Refused(auth_errors.MISSING)
    now = state.clock.now()
    key = _issued(state, sig.key_id, sig.token, now)
    _check_scope(sig, service_name)
    request_time = _epoch(sig.amz_date)
    if sig.presigned:
        if now > request_time + sig.expires:
            raise Refused(auth_errors.PRESIGN_EXPIRED, _skew_text(sig.amz_date, now),
                          **{"X-Amz-Expires": sig.expires,
                             "Expires": _iso(request_time + sig.expires),
                             "ServerTime": _iso(now)})
    elif abs(now - request_time) > MAX_SKEW_S:
        raise Refused(auth_errors.SKEWED, _skew_text(sig.amz_date, now),
                      RequestTime=sig.amz_date, ServerTime=_iso(now),
                      MaxAllowedSkewMilliseconds=MAX_SKEW_S * 1000)
    payload = _payload_hash(request, sig, s3=s3)
    canonical = sigv4.canonical_request(request, sig, payload, s3=s3)
    text = sigv4.string_to_sign(sig, canonical)
    signing_key = _KEYS.key(key.secret, sig.date, sig.region, sig.service)
    if not sigv4.matches(sigv4.sign(signing_key, text), sig.signature):
        raise Refused(auth_errors.SIGNATURE, AWSAccessKeyId=sig.key_id, StringToSign=text,
                      SignatureProvided=sig.signature, CanonicalRequest=canonical)
    if payload in (sigv4.STREAMING, sigv4.STREAMING_TRAILER):
        _check_chunks(request, signing_key, sig, trailer=payload == sigv4.STREAMING_TRAILER)
    return key.principal


def _issued(state: ServerState, key_id: str, token: str | None, now: float) -> AccessKey:
    key = state.credentials.find(key_id)
    if key is None or key.status != "Active":
        raise Refused(auth_errors.UNKNOWN_KEY, AWSAccessKeyId=key_id)
    if key.session_token and token != key.session_token:
        raise Refused(auth_errors.BAD_TOKEN)
    if key.expired(now):
        raise Refused(auth_errors.EXPIRED_TOKEN)
    return key


def _verify_v2(state: ServerState, request: Request, sig: sigv2.QuerySignature) -> Principal:
    """An S3 URL presigned with signature version 2 (boto3's default for S3)."""
    now = state.clock.now()
    key = _issued(state, sig.key_id, sig.token, now)
    if now > sig.expires:
        raise Refused(auth_errors.PRESIGN_EXPIRED, Expires=_iso(sig.expires),
                      ServerTime=_iso(now))
    text = sigv2.string_to_sign(request, sig)
    if not sigv4.matches(sigv2.sign(key.secret, text), sig.signature):
        raise Refused(auth_errors.SIGNATURE, AWSAccessKeyId=sig.key_id, StringToSign=text,
                      SignatureProvided=sig.signature)
    return key.principal


def _check_scope(sig: sigv4.Signature, service_name: str) -> None:
    if sig.service != service_name:
        raise Refused(auth_errors.SCOPE,
                      f"Credential should be scoped to correct service: '{service_name}'. ")
    if sig.amz_date[:8] != sig.date:
        raise Refused(auth_errors.SCOPE,
                      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version "
                      f"of date from HTTP: '{sig.date}' != '{sig.amz_date[:8]}', from "
                      f"'{sig.amz_date}'.")


def _payload_hash(request: Request, sig: sigv4.Signature, *, s3: bool) -> str:
    """The payload hash the canonical request ends with (checking a hex one sent in
    ``x-amz-content-sha256`` against the body)."""
    sent = request.headers.get("x-amz-content-sha256")
    if sig.presigned and s3:
        return sent or sigv4.UNSIGNED_PAYLOAD
    if sent is None:
        return _body_sha256(request)
    if sigv4.is_hex_digest(sent):
        computed = _body_sha256(request)
        if computed != sent:
            raise Refused(auth_errors.CONTENT_SHA256, ClientComputedContentSHA256=sent,
                          S3ComputedContentSHA256=computed)
    return sent


def _body_sha256(request: Request) -> str:
    if request.body_file is None:
        return hashlib.sha256(request.body).hexdigest() if request.body else sigv4.EMPTY_SHA256
    return _file_sha256(request.body_file)


def _file_sha256(body: IO[bytes]) -> str:
    start = body.tell()
    digest = hashlib.sha256()
    while piece := body.read(1 << 20):
        digest.update(piece)
    body.seek(start)
    return digest.hexdigest()


def _check_chunks(request: Request, key: bytes, sig: sigv4.Signature, *, trailer: bool) -> None:
    body = request.body_file if request.body_file is not None else io.BytesIO(request.body)
    try:
        verify_chunks(body, key, sig, trailer=trailer)
    except ChunkMismatch:
        raise Refused(auth_errors.SIGNATURE, AWSAccessKeyId=sig.key_id) from None


def _epoch(d: str) -> float:
    """``20240101T000000Z`` as epoch seconds (``sigv4.read`` checked its shape)."""
    return calendar.timegm((int(d[0:4]), int(d[4:6]), int(d[6:8]), int(d[9:11]),
                            int(d[11:13]), int(d[13:15]), 0, 0, 0))


def _basic(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y%m%dT%H%M%SZ")


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _skew_text(amz_date: str, now: float) -> str:
    """AWS's text for a request time off the server's clock by more than 15 minutes."""
    if _epoch(amz_date) < now:
        return (f"Signature expired: {amz_date} is now earlier than {_basic(now - MAX_SKEW_S)} "
                f"({_basic(now)} - 15 min.)")
    return (f"Signature not yet current: {amz_date} is still later than "
            f"{_basic(now + MAX_SKEW_S)} ({_basic(now)} + 15 min.)")
