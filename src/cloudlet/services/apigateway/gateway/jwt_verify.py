"""Verifying JSON Web Tokens against an issuer's JWKS, for Cognito user pool authorizers of
REST APIs and JWT authorizers of HTTP APIs.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html

``await verify(state, token, issuer, audiences)`` answers the token's claims or raises
``JwtError``. A token is valid when:

- its header names a ``kid`` found in the issuer's JWKS and an asymmetric algorithm (RS256,
  RS384, RS512, ES256, ES384, ES512) that key supports, and its signature verifies;
- ``iss`` equals ``issuer``; ``exp`` is present and after now; ``nbf`` and ``iat``, when
  present, are not after now (the injected ``state.clock``);
- with ``audiences`` given, ``aud`` (a string or a list) or else ``client_id`` (what Cognito
  access tokens carry) names one of them; with none given, the audience is not checked.

The JWKS is fetched from ``jwks_url(state, issuer)`` (``{issuer}/.well-known/jwks.json``)
over HTTP in a worker thread with a short timeout and cached per issuer for an hour; a ``kid``
missing from the cached set refetches it (at most every 30 seconds). ``jwks_url`` is the one
place an issuer becomes a URL: ``redirect(state, issuer, url)`` points an issuer elsewhere,
which is how cloudlet's own Cognito will serve its pools' keys from the edge port.

LIMITATIONS: symmetric (HS*) keys and JWE (encrypted) tokens are refused; no clock skew
leeway.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.lazy_import import lazy_module

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

if TYPE_CHECKING:
    import jwt
else:
    jwt = lazy_module("jwt")

ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512")
FETCH_TIMEOUT_S = 3.0
CACHE_TTL_S = 3600.0
REFETCH_INTERVAL_S = 30.0
_CACHE = "apigateway.jwks"


class JwtError(Exception):
    """The token is not valid; ``expired`` tells an expired token from any other fault."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.message = message
        self.expired = expired


class JwksUnavailable(JwtError):
    """The issuer's key set could not be fetched or read."""


@dataclass(slots=True)
class _KeySet:
    keys: dict[str, jwt.PyJWK]
    fetched_at: float


@dataclass(slots=True)
class JwksCache:
    """Key sets per issuer and the issuers pointed at another URL, one per server."""

    sets: dict[str, _KeySet] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)


def cache(state: ServerState) -> JwksCache:
    found = state.extras.get(_CACHE)
    if found is None:
        found = state.extras[_CACHE] = JwksCache()
    assert isinstance(found, JwksCache)
    return found


def redirect(state: ServerState, issuer: str, url: str) -> None:
    """Fetch ``issuer``'s JWKS from ``url`` from now on (and forget any cached set)."""
    found = cache(state)
    found.redirects[issuer.rstrip("/")] = url
    found.sets.pop(issuer.rstrip("/"), None)


def jwks_url(state: ServerState, issuer: str) -> str:
    """Where ``issuer``'s key set is: a redirect, else ``{issuer}/.well-known/jwks.json``."""
    issuer = issuer.rstrip("/")
    return cache(state).redirects.get(issuer) or f"{issuer}/.well-known/jwks.json"


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
            body: bytes = response.read(1 << 20)
            return body
    except urllib.error.HTTPError as error:
        error.close()
        raise OSError(f"HTTP {error.code}") from None


def _parse_keys(body: bytes) -> dict[str, jwt.PyJWK]:
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise JwksUnavailable("the JWKS is not JSON") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("keys"), list):
        raise JwksUnavailable("the JWKS has no keys")
    keys: dict[str, jwt.PyJWK] = {}
    for data in doc["keys"]:
        if not isinstance(data, dict) or not data.get("kid"):
            continue
        try:
            keys[str(data["kid"])] = jwt.PyJWK(data)
        except jwt.PyJWTError:
            continue  # a key of a type we cannot use: ignored, as a verifier would
    return keys


async def _key(state: ServerState, issuer: str, kid: str) -> jwt.PyJWK:
    found = cache(state)
    issuer = issuer.rstrip("/")
    now = state.clock.monotonic()
    current = found.sets.get(issuer)
    stale = current is None or now - current.fetched_at > CACHE_TTL_S
    missing = current is not None and kid not in current.keys
    if stale or (missing and current is not None
                 and now - current.fetched_at > REFETCH_INTERVAL_S):
        url = jwks_url(state, issuer)
        try:
            body = await asyncio.to_thread(_fetch, url)
        except (OSError, ValueError) as error:
            raise JwksUnavailable(f"cannot fetch the JWKS at {url}: {error}") from None
        current = found.sets[issuer] = _KeySet(_parse_keys(body), now)
    assert current is not None
    key = current.keys.get(kid)
    if key is None:
        raise JwtError(f"no key {kid!r} in the issuer's JWKS")
    return key


def _audience_ok(claims: dict[str, Any], audiences: list[str]) -> bool:
    aud = claims.get("aud")
    named = [aud] if isinstance(aud, str) else list(aud) if isinstance(aud, list) else []
    if not named and isinstance(claims.get("client_id"), str):
        named = [claims["client_id"]]
    return any(a in audiences for a in named)


async def verify(state: ServerState, token: str, issuer: str, audiences: list[str]) -> dict[str, Any]:
    """The claims of ``token`` once verified (see the module docstring); JwtError if not."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise JwtError("the token is not a JWT") from None
    alg, kid = header.get("alg"), header.get("kid")
    if alg not in ALGORITHMS:
        raise JwtError(f"algorithm {alg!r} is not accepted")
    if not isinstance(kid, str) or not kid:
        raise JwtError("the token names no key (kid)")
    key = await _key(state, issuer, kid)
    try:
        claims: dict[str, Any] = jwt.decode(
            token, key, algorithms=[alg],
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                     "verify_aud": False, "verify_iss": False},
        )
    except jwt.PyJWTError as error:
        raise JwtError(f"the token does not verify: {error}") from None
    if str(claims.get("iss", "")).rstrip("/") != issuer.rstrip("/"):
        raise JwtError("the token's issuer does not match")
    now = state.clock.now()
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or isinstance(exp, bool):
        raise JwtError("the token has no expiry (exp)")
    if exp <= now:
        raise JwtError("the token has expired", expired=True)
    for name in ("nbf", "iat"):
        value = claims.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > now:
            raise JwtError(f"the token is not valid yet ({name})")
    if audiences and not _audience_ok(claims, audiences):
        raise JwtError("the token's audience is not accepted")
    return claims
