"""AssumeRoleWithWebIdentity: an ID token signed by the issuer's key, a trust policy on the
provider with conditions on its ``aud`` and ``sub``.
https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from botocore import UNSIGNED
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import make_client
from tests.e2e.sts.conftest import ACCOUNT, MakeRole, error_of, session_client, trust
from tests.server import RunningServer

KID = "test-key-1"


class Issuer:
    """An OpenID Connect issuer on a loopback port: its JWKS and a signing key."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwks = json.dumps({"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]})

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                body = jwks.encode() if self.path == "/.well-known/jwks.json" else b"{}"
                self.send_response(200 if self.path == "/.well-known/jwks.json" else 404)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.provider = self.url.removeprefix("http://")
        self.provider_arn = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{self.provider}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def token(self, sub: str = "user-1", aud: str = "my-client", **claims: Any) -> str:
        now = int(time.time())
        body = {"iss": self.url, "sub": sub, "aud": aud, "iat": now - 5, "exp": now + 600,
                **claims}
        return jwt.encode(body, self.key, algorithm="RS256", headers={"kid": KID})


@pytest.fixture(scope="module")
def issuer() -> Iterator[Issuer]:
    made = Issuer()
    yield made
    made.http.shutdown()
    made.http.server_close()


@pytest.fixture
def web_role(make_role: MakeRole, issuer: Issuer) -> dict[str, Any]:
    return make_role(document=trust(
        {"Federated": issuer.provider_arn}, "sts:AssumeRoleWithWebIdentity",
        {"StringEquals": {f"{issuer.provider}:aud": "my-client"}}))


def test_valid_token_answers_a_role_session(server: RunningServer, issuer: Issuer,
                                            web_role: dict[str, Any]) -> None:
    unsigned = make_client(server, "sts", signature_version=UNSIGNED)
    out = unsigned.assume_role_with_web_identity(
        RoleArn=web_role["Arn"], RoleSessionName="web", WebIdentityToken=issuer.token())
    assert out["SubjectFromWebIdentityToken"] == "user-1"
    assert out["Audience"] == "my-client"
    assert out["Provider"] == issuer.url
    arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/{web_role['RoleName']}/web"
    assert out["AssumedRoleUser"]["Arn"] == arn
    who = session_client(server, "sts", out["Credentials"]).get_caller_identity()
    assert who["Arn"] == arn


def test_trust_condition_on_audience_and_subject(raw_sts: Any, issuer: Issuer,
                                                 make_role: MakeRole,
                                                 web_role: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as info:
        raw_sts.assume_role_with_web_identity(RoleArn=web_role["Arn"], RoleSessionName="web",
                                              WebIdentityToken=issuer.token(aud="other"))
    assert error_of(info) == ("AccessDenied", 403,
                              "Not authorized to perform sts:AssumeRoleWithWebIdentity")
    only_bob = make_role(document=trust(
        {"Federated": issuer.provider_arn}, "sts:AssumeRoleWithWebIdentity",
        {"StringEquals": {f"{issuer.provider}:sub": "bob"}}))
    with pytest.raises(ClientError):
        raw_sts.assume_role_with_web_identity(RoleArn=only_bob["Arn"], RoleSessionName="web",
                                              WebIdentityToken=issuer.token(sub="eve"))
    out = raw_sts.assume_role_with_web_identity(RoleArn=only_bob["Arn"], RoleSessionName="web",
                                                WebIdentityToken=issuer.token(sub="bob"))
    assert out["SubjectFromWebIdentityToken"] == "bob"


def test_token_of_another_key_is_invalid(raw_sts: Any, issuer: Issuer,
                                         web_role: dict[str, Any]) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({"iss": issuer.url, "sub": "x", "aud": "my-client",
                         "exp": int(time.time()) + 600}, stranger, algorithm="RS256",
                        headers={"kid": KID})
    for token in (forged, "not-a-jwt"):
        with pytest.raises(ClientError) as info:
            raw_sts.assume_role_with_web_identity(RoleArn=web_role["Arn"],
                                                  RoleSessionName="web", WebIdentityToken=token)
        assert error_of(info)[:2] == ("InvalidIdentityToken", 400)


def test_expired_token(raw_sts: Any, issuer: Issuer, web_role: dict[str, Any]) -> None:
    token = issuer.token(exp=int(time.time()) - 60)
    with pytest.raises(ClientError) as info:
        raw_sts.assume_role_with_web_identity(RoleArn=web_role["Arn"], RoleSessionName="web",
                                              WebIdentityToken=token)
    code, status, message = error_of(info)
    assert (code, status) == ("ExpiredTokenException", 400)
    assert message.startswith("Token expired: current date/time ")
