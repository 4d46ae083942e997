"""Verifying JWTs against an issuer's JWKS (gateway/jwt_verify.py), with a real JWKS server
on the loopback interface and keys made in the test."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from cloudlet.config import Config
from cloudlet.server.state import ServerState
from cloudlet.services.apigateway.gateway import jwt_verify
from cloudlet.services.apigateway.gateway.jwt_verify import JwksUnavailable, JwtError, verify
from tests.unit.apigateway.jwks_support import NOW, FixedClock, Jwks


@pytest.fixture
def jwks() -> Iterator[Jwks]:
    found = Jwks()
    yield found
    found.server.shutdown()
    found.server.server_close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def state(tmp_path: Path, clock: FixedClock) -> ServerState:
    return ServerState(Config(data_dir=tmp_path), {}, clock=clock)


@pytest.fixture
def rsa_key(jwks: Jwks) -> rsa.RSAPrivateKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwks.add(key, "rsa1", "RS256")
    return key


def token(key: Any, claims: dict[str, Any], kid: str = "rsa1", alg: str = "RS256") -> str:
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid})


def claims(jwks: Jwks, **extra: Any) -> dict[str, Any]:
    return {"iss": jwks.issuer, "sub": "user-1", "aud": "client-a", "exp": NOW + 600,
            "iat": NOW - 10, **extra}


def run_verify(state: ServerState, tok: str, issuer: str,
               audiences: list[str] | None = None) -> dict[str, Any]:
    return asyncio.run(verify(state, tok, issuer, audiences or []))


def test_a_valid_rs256_token_answers_its_claims(state: ServerState, jwks: Jwks,
                                                 rsa_key: rsa.RSAPrivateKey) -> None:
    found = run_verify(state, token(rsa_key, claims(jwks)), jwks.issuer, ["client-a"])

    assert found["sub"] == "user-1"


def test_a_valid_es256_token_is_accepted(state: ServerState, jwks: Jwks) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    jwks.add(key, "ec1", "ES256")

    found = run_verify(state, token(key, claims(jwks), kid="ec1", alg="ES256"), jwks.issuer)

    assert found["iss"] == jwks.issuer


def test_an_expired_token_is_refused_as_expired(state: ServerState, jwks: Jwks,
                                                 rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(JwtError) as err:
        run_verify(state, token(rsa_key, claims(jwks, exp=NOW - 1)), jwks.issuer)

    assert err.value.expired


def test_expiry_follows_the_injected_clock(state: ServerState, jwks: Jwks, clock: FixedClock,
                                           rsa_key: rsa.RSAPrivateKey) -> None:
    tok = token(rsa_key, claims(jwks))
    run_verify(state, tok, jwks.issuer)
    clock.t = NOW + 601

    with pytest.raises(JwtError):
        run_verify(state, tok, jwks.issuer)


def test_a_token_without_exp_is_refused(state: ServerState, jwks: Jwks,
                                        rsa_key: rsa.RSAPrivateKey) -> None:
    tok_claims = claims(jwks)
    del tok_claims["exp"]
    with pytest.raises(JwtError):
        run_verify(state, token(rsa_key, tok_claims), jwks.issuer)


def test_a_token_not_valid_yet_is_refused(state: ServerState, jwks: Jwks,
                                          rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(JwtError) as err:
        run_verify(state, token(rsa_key, claims(jwks, nbf=NOW + 60)), jwks.issuer)

    assert not err.value.expired


def test_another_issuer_is_refused(state: ServerState, jwks: Jwks,
                                   rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(JwtError):
        run_verify(state, token(rsa_key, claims(jwks, iss="https://elsewhere")), jwks.issuer)


def test_an_audience_not_listed_is_refused(state: ServerState, jwks: Jwks,
                                           rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(JwtError):
        run_verify(state, token(rsa_key, claims(jwks)), jwks.issuer, ["client-b"])


def test_client_id_stands_for_a_missing_aud(state: ServerState, jwks: Jwks,
                                            rsa_key: rsa.RSAPrivateKey) -> None:
    tok_claims = claims(jwks, client_id="client-b")
    del tok_claims["aud"]

    found = run_verify(state, token(rsa_key, tok_claims), jwks.issuer, ["client-b"])

    assert found["client_id"] == "client-b"


def test_a_bad_signature_is_refused(state: ServerState, jwks: Jwks,
                                    rsa_key: rsa.RSAPrivateKey) -> None:
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    with pytest.raises(JwtError):
        run_verify(state, token(impostor, claims(jwks)), jwks.issuer)


def test_hs256_tokens_are_refused(state: ServerState, jwks: Jwks) -> None:
    tok = jwt.encode(claims(jwks), "secret-secret-secret-secret-secret", algorithm="HS256",
                     headers={"kid": "rsa1"})

    with pytest.raises(JwtError):
        run_verify(state, tok, jwks.issuer)


def test_the_key_set_is_cached_per_issuer(state: ServerState, jwks: Jwks,
                                          rsa_key: rsa.RSAPrivateKey) -> None:
    tok = token(rsa_key, claims(jwks))
    run_verify(state, tok, jwks.issuer)
    run_verify(state, tok, jwks.issuer)

    assert jwks.fetches == 1


def test_an_unknown_kid_refetches_the_key_set_after_a_while(
        state: ServerState, jwks: Jwks, clock: FixedClock, rsa_key: rsa.RSAPrivateKey) -> None:
    run_verify(state, token(rsa_key, claims(jwks)), jwks.issuer)
    new_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwks.add(new_key, "rsa2", "RS256")
    tok = token(new_key, claims(jwks), kid="rsa2")
    with pytest.raises(JwtError):
        run_verify(state, tok, jwks.issuer)  # fetched moments ago: not refetched yet
    clock.m += 31

    assert run_verify(state, tok, jwks.issuer)["sub"] == "user-1"
    assert jwks.fetches == 2


def test_an_unreachable_key_set_is_reported_as_unavailable(state: ServerState, jwks: Jwks,
                                                           rsa_key: rsa.RSAPrivateKey) -> None:
    jwt_verify.redirect(state, jwks.issuer, jwks.issuer + "/missing")

    with pytest.raises(JwksUnavailable):
        run_verify(state, token(rsa_key, claims(jwks)), jwks.issuer)


def test_a_redirect_points_an_issuer_at_another_url(state: ServerState, jwks: Jwks,
                                                    rsa_key: rsa.RSAPrivateKey) -> None:
    issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool"
    jwt_verify.redirect(state, issuer, jwks.issuer + "/.well-known/jwks.json")

    found = run_verify(state, token(rsa_key, claims(jwks, iss=issuer)), issuer)

    assert jwt_verify.jwks_url(state, issuer) == jwks.issuer + "/.well-known/jwks.json"
    assert found["iss"] == issuer


def test_garbage_is_not_a_jwt(state: ServerState, jwks: Jwks) -> None:
    with pytest.raises(JwtError):
        run_verify(state, "not-a-token", jwks.issuer)
