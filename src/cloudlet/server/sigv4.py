"""SigV4: reading the signature a request carries and computing the one it should carry.

Pure functions over the plain ``Request`` and a cache of derived signing keys; what to do
with a mismatch is ``authn.py``'s. The canonical request is built exactly as botocore's
signers build it (``botocore/auth.py``: ``SigV4Auth``, ``S3SigV4Auth``, ``SigV4QueryAuth``,
``S3SigV4QueryAuth``), which is AWS's published algorithm:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

- The canonical URI: for S3 (``s3v4``) the path as sent; for every other service the path
  with dot segments and empty segments removed, then percent-encoded once more (a ``%3A``
  in a Lambda function ARN is signed as ``%253A``).
- The canonical query: each name and value percent-encoded per RFC 3986 (unreserved
  ``A-Za-z0-9-_.~`` kept), sorted by name then value; a presigned URL's
  ``X-Amz-Signature`` is left out.
- The canonical headers: the ``SignedHeaders``, lower-cased, values trimmed with inner
  runs of spaces collapsed (repeated headers comma-joined).
- The payload hash: ``x-amz-content-sha256`` when sent (``UNSIGNED-PAYLOAD``,
  ``STREAMING-*``, or the hex digest the sender computed), else the SHA-256 of the body; a
  presigned S3 URL signs ``UNSIGNED-PAYLOAD``.

LIMITATIONS: SigV4a (``AWS4-ECDSA-P256-SHA256``) and signature version 2 are not read
(``Malformed`` with "not supported: ...").
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

if TYPE_CHECKING:
    from cloudlet.server.http import Request

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
STREAMING = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
STREAMING_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
MAX_PRESIGN_EXPIRES = 604800  # a week, in seconds

_AMZ_DATE = re.compile(r"^\d{8}T\d{6}Z$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_PLAIN_QUERY = re.compile(r"^[A-Za-z0-9\-_.~%=&]*$")


class Malformed(Exception):
    """The request's signature cannot be read (``message`` says what is wrong)."""

    def __init__(self, message: str, *, algorithm: bool = False) -> None:
        self.message = message
        self.algorithm = algorithm  # an algorithm we do not read
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Signature:
    """What a request claims: who signed it, when, for which scope, and the signature."""

    key_id: str
    date: str  # the credential scope's YYYYMMDD
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str
    amz_date: str  # the request time, ISO 8601 basic (20240101T000000Z)
    token: str | None  # X-Amz-Security-Token
    presigned: bool = False
    expires: int = 0  # X-Amz-Expires of a presigned URL, seconds

    @property
    def scope(self) -> str:
        return f"{self.date}/{self.region}/{self.service}/aws4_request"


def read(request: Request) -> Signature | None:
    """The signature ``request`` carries (``Authorization`` header or presigned query), or
    None when it is unsigned; ``Malformed`` when one is there but cannot be read."""
    header = request.headers.get("authorization")
    if header:
        return _from_header(request, header)
    if "X-Amz-Signature=" in request.query_string or "X-Amz-Credential=" in request.query_string:
        return _from_query(request)
    return None


def _from_header(request: Request, header: str) -> Signature:
    algorithm, _, rest = header.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise Malformed(f"not supported: authorization algorithm {algorithm}", algorithm=True)
    parts: dict[str, str] = {}
    for piece in rest.split(","):
        name, sep, value = piece.strip().partition("=")
        if sep:
            parts[name] = value
    missing = [f"Authorization header requires '{name}' parameter."
               for name in ("Credential", "Signature", "SignedHeaders") if name not in parts]
    amz_date = request.headers.get("x-amz-date") or _from_http_date(request.headers.get("date"))
    if not amz_date:
        missing.append("Authorization header requires existence of either a 'X-Amz-Date' or"
                       " a 'Date' header.")
    if missing:
        raise Malformed(" ".join(missing) + f" Authorization={header}")
    key_id, date, region, service = _credential(parts["Credential"])
    return Signature(key_id, date, region, service, _signed_headers(parts["SignedHeaders"]),
                     parts["Signature"], _checked_date(amz_date),
                     request.headers.get("x-amz-security-token"))


def _from_query(request: Request) -> Signature:
    params = dict(request.query())
    missing = [name for name in ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
                                 "X-Amz-SignedHeaders", "X-Amz-Signature") if name not in params]
    if missing:
        raise Malformed("AWS query-string parameters must include " + ", ".join(
            f"'{name}'" for name in missing) + ". Re-examine the query-string parameters.")
    if params["X-Amz-Algorithm"] != ALGORITHM:
        raise Malformed(f"not supported: X-Amz-Algorithm {params['X-Amz-Algorithm']}",
                        algorithm=True)
    expires_text = params.get("X-Amz-Expires", str(MAX_PRESIGN_EXPIRES))
    if not expires_text.isdigit():
        raise Malformed("X-Amz-Expires should be a number")
    expires = int(expires_text)
    if expires > MAX_PRESIGN_EXPIRES:
        raise Malformed("X-Amz-Expires must be less than a week (in seconds) that is "
                        "604800 seconds")
    key_id, date, region, service = _credential(params["X-Amz-Credential"])
    return Signature(key_id, date, region, service,
                     _signed_headers(params["X-Amz-SignedHeaders"]), params["X-Amz-Signature"],
                     _checked_date(params["X-Amz-Date"]), params.get("X-Amz-Security-Token"),
                     presigned=True, expires=expires)


def _credential(text: str) -> tuple[str, str, str, str]:
    parts = text.split("/")
    if len(parts) != 5 or parts[4] != "aws4_request" or not parts[0] or not (
            len(parts[1]) == 8 and parts[1].isdigit()):
        raise Malformed(f"Credential should be scoped to a valid region, not '{text}'. "
                        "Expected KEY/YYYYMMDD/REGION/SERVICE/aws4_request.")
    return parts[0], parts[1], parts[2], parts[3]


def _signed_headers(text: str) -> tuple[str, ...]:
    names = tuple(text.lower().split(";"))
    if "host" not in names:
        raise Malformed("'Host' or ':authority' must be a 'SignedHeader' in the AWS "
                        "Authorization.")
    return names


def _checked_date(text: str) -> str:
    if not _AMZ_DATE.match(text):
        raise Malformed(f"X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""
                        f", not '{text}'")
    return text


def _from_http_date(value: str | None) -> str:
    """An RFC 1123 ``Date`` header as ISO 8601 basic (``""`` when there is none)."""
    if not value:
        return ""
    try:
        return parsedate_to_datetime(value).strftime("%Y%m%dT%H%M%SZ")
    except (TypeError, ValueError):
        return value


# --- the canonical request ---------------------------------------------------------------


def canonical_uri(raw_path: str, *, s3: bool) -> str:
    if s3:
        return raw_path or "/"
    return quote(_remove_dot_segments(raw_path) or "/", safe="/~")


def _remove_dot_segments(path: str) -> str:
    """botocore's ``remove_dot_segments`` (RFC 3986 5.2.4, empty segments dropped too)."""
    if not path:
        return ""
    if "/." not in path and "//" not in path:
        return path
    kept: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if kept:
                kept.pop()
        elif segment and segment != ".":
            kept.append(segment)
    first = "/" if path[0] == "/" else ""
    last = "/" if path[-1] == "/" and kept else ""
    return first + "/".join(kept) + last


def canonical_query(query_string: str, *, presigned: bool) -> str:
    if not query_string:
        return ""
    plain = _PLAIN_QUERY.match(query_string) is not None
    pairs: list[tuple[str, str]] = []
    for pair in query_string.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        if not plain:
            name = quote(unquote(name), safe="-_.~")
            value = quote(unquote(value), safe="-_.~")
        if presigned and name == "X-Amz-Signature":
            continue
        pairs.append((name, value))
    pairs.sort()
    return "&".join(f"{name}={value}" for name, value in pairs)


def canonical_headers(request: Request, names: tuple[str, ...]) -> str:
    headers = request.headers
    lines = []
    for name in sorted(set(names)):
        value = headers.get(name, "")
        if "," in value and len(value) > 1:
            # Repeated headers: each value trimmed, then comma-joined (botocore's get_all).
            repeated = [v for n, v in request.raw_headers if n == name]
            value = ",".join(" ".join(v.split()) for v in repeated) if len(repeated) > 1 \
                else " ".join(value.split())
        elif "  " in value or value[:1] == " " or value[-1:] == " ":
            value = " ".join(value.split())
        lines.append(f"{name}:{value}\n")
    return "".join(lines)


def canonical_request(request: Request, sig: Signature, payload_hash: str, *, s3: bool) -> str:
    return "\n".join((
        request.method.upper(),
        canonical_uri(request.raw_path, s3=s3),
        canonical_query(request.query_string, presigned=sig.presigned),
        canonical_headers(request, sig.signed_headers),
        ";".join(sig.signed_headers),
        payload_hash,
    ))


def string_to_sign(sig: Signature, canonical: str) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{ALGORITHM}\n{sig.amz_date}\n{sig.scope}\n{digest}"


# --- keys and signatures -----------------------------------------------------------------


class SigningKeys:
    """Derived signing keys, cached per (secret, date, region, service): one HMAC per
    request instead of five."""

    def __init__(self, limit: int = 10_000) -> None:
        self._keys: dict[tuple[str, str, str, str], bytes] = {}
        self._limit = limit

    def key(self, secret: str, date: str, region: str, service: str) -> bytes:
        cache_key = (secret, date, region, service)
        found = self._keys.get(cache_key)
        if found is None:
            found = derive_key(secret, date, region, service)
            if len(self._keys) >= self._limit:
                self._keys.clear()
            self._keys[cache_key] = found
        return found


def derive_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = _hmac(f"AWS4{secret}".encode(), date)
    key = _hmac(key, region)
    key = _hmac(key, service)
    return _hmac(key, "aws4_request")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def sign(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def matches(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected, given)


def is_hex_digest(value: str) -> bool:
    return _HEX64.match(value) is not None
