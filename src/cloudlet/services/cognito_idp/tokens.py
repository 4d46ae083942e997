"""ID, access and refresh tokens, and the pool's signing key.

https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html
- ID and access tokens are RS256 JWTs signed with the pool's RSA key (``kid`` in the
  header), issued by ``https://cognito-idp.{region}.amazonaws.com/{poolId}``, valid for the
  client's IdTokenValidity / AccessTokenValidity (1 hour by default), on ``state.clock``.
- The ID token carries sub, aud (the client id), email_verified, email and the other
  attributes, cognito:username, cognito:groups, token_use "id", auth_time, exp, iat, jti,
  origin_jti and event_id; the access token sub, cognito:groups, client_id, origin_jti,
  event_id, token_use "access", scope "aws.cognito.signin.user.admin", auth_time, exp, iat,
  jti and username.
- Refresh tokens are opaque random strings kept in the store (30 days by default).
"""

from __future__ import annotations

import json
import secrets
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cloudlet.clock import new_id
from cloudlet.lazy_import import lazy_module

if TYPE_CHECKING:
    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
else:
    jwt = lazy_module("jwt")
    serialization = lazy_module("cryptography.hazmat.primitives.serialization")
    rsa = lazy_module("cryptography.hazmat.primitives.asymmetric.rsa")

_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_DEFAULT_UNITS = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}
_DEFAULTS = {"AccessToken": 1, "IdToken": 1, "RefreshToken": 30}
SCOPE = "aws.cognito.signin.user.admin"
# Claims a PreTokenGeneration trigger cannot change (it can add or override others).
_RESERVED = frozenset({"acr", "amr", "aud", "auth_time", "azp", "exp", "iat", "iss", "jti",
                       "nbf", "nonce", "at_hash", "c_hash", "token_use", "cognito:username",
                       "sub", "origin_jti", "event_id"})


def issuer(region: str, pool_id: str) -> str:
    return f"https://cognito-idp.{region}.amazonaws.com/{pool_id}"


def new_key() -> dict[str, str]:
    """A fresh signing key: its PEM and its key id."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return {"pem": pem, "kid": secrets.token_urlsafe(32)}


@lru_cache(maxsize=256)
def _private(pem: str) -> rsa.RSAPrivateKey:
    """A pool's key, parsed once (loading a PEM checks the RSA key: ~30 ms here)."""
    private = serialization.load_pem_private_key(pem.encode(), password=None)
    assert isinstance(private, rsa.RSAPrivateKey)
    return private


def jwks(key: dict[str, str]) -> dict[str, Any]:
    private = _private(key["pem"])
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    return {"keys": [{"alg": "RS256", "e": jwk["e"], "kid": key["kid"], "kty": "RSA",
                      "n": jwk["n"], "use": "sig"}]}


def validity(client: dict[str, Any], kind: str) -> int:
    """Seconds a token of ``kind`` (AccessToken, IdToken, RefreshToken) is valid for."""
    member = f"{kind}Validity" if kind != "RefreshToken" else "RefreshTokenValidity"
    amount = client.get(member) or _DEFAULTS[kind]
    unit = (client.get("TokenValidityUnits") or {}).get(kind) or _DEFAULT_UNITS[kind]
    return int(amount) * _UNITS[unit]


def _attribute_claim(name: str, value: str) -> Any:
    if name in ("email_verified", "phone_number_verified"):
        return value == "true"
    return value


def issue(*, pool: dict[str, Any], client: dict[str, Any], user: dict[str, Any],
          groups: list[str], now: float, auth_time: int, origin_jti: str,
          region: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The AuthenticationResult members for ``user`` (without a refresh token);
    ``overrides`` is a PreTokenGeneration trigger's claimsOverrideDetails."""
    overrides = overrides or {}
    group_override = (overrides.get("groupOverrideDetails") or {}).get("groupsToOverride")
    if isinstance(group_override, list):
        groups = [str(g) for g in group_override]
    iat = int(now)
    event_id = new_id()
    common: dict[str, Any] = {"sub": user["sub"]}
    if groups:
        common["cognito:groups"] = groups
    base = {"iss": issuer(region, pool["Id"]), "origin_jti": origin_jti, "event_id": event_id,
            "auth_time": auth_time, "iat": iat}
    id_claims = {**common, **{k: _attribute_claim(k, v) for k, v in user["attributes"].items()
                              if k != "sub"},
                 "aud": client["ClientId"], "cognito:username": user["Username"],
                 "token_use": "id", **base, "exp": iat + validity(client, "IdToken"),
                 "jti": new_id()}
    for name in overrides.get("claimsToSuppress") or []:
        id_claims.pop(str(name), None)
    id_claims.update({str(k): v for k, v in
                      (overrides.get("claimsToAddOrOverride") or {}).items()
                      if k not in _RESERVED})
    access_claims = {**common, **base, "client_id": client["ClientId"], "token_use": "access",
                     "scope": SCOPE, "exp": iat + validity(client, "AccessToken"),
                     "jti": new_id(), "username": user["Username"]}
    key = pool["_key"]
    headers = {"kid": key["kid"]}
    signing = _private(key["pem"])
    return {
        "IdToken": jwt.encode(id_claims, signing, algorithm="RS256", headers=headers),
        "AccessToken": jwt.encode(access_claims, signing, algorithm="RS256", headers=headers),
        "ExpiresIn": validity(client, "AccessToken"),
        "TokenType": "Bearer",
    }


def read_access_token(pool_key: dict[str, str], token: str, now: float) -> dict[str, Any] | None:
    """The claims of an access token this pool signed, if valid and unexpired."""
    private = _private(pool_key["pem"])
    try:
        claims: dict[str, Any] = jwt.decode(token, private.public_key(), algorithms=["RS256"],
                                            options={"verify_exp": False, "verify_aud": False})
    except jwt.PyJWTError:
        return None
    if claims.get("token_use") != "access" or int(claims.get("exp", 0)) <= now:
        return None
    return claims


def pool_of_token(token: str) -> str | None:
    """The pool id in an (unverified) token's issuer."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    iss = str(claims.get("iss", ""))
    return iss.rsplit("/", 1)[-1] if "cognito-idp." in iss else None
