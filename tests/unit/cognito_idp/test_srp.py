"""The server side of Cognito's SRP against pycognito's client side, without a server."""

from __future__ import annotations

import base64
import datetime
import secrets

from pycognito.aws_srp import AWSSRP

from cloudlet.services.cognito_idp import passwords, srp

POOL = "us-east-1_AbCdEfGhI"


def _claim(password: str, client_password: str) -> bool:
    creds = passwords.credentials(POOL, "user-1", password)
    client = AWSSRP(username="user-1", password=client_password, pool_id=POOL,
                    client_id="c", client=object())
    b, big_b = srp.server_values(creds["srp_verifier"])
    block = base64.b64encode(secrets.token_bytes(64)).decode()
    answer = client.process_challenge({
        "USER_ID_FOR_SRP": "user-1", "SALT": creds["srp_salt"], "SRP_B": format(big_b, "x"),
        "SECRET_BLOCK": block, "USERNAME": "user-1"}, {"USERNAME": "user-1"})
    return srp.signature_ok(
        pool_id=POOL, user_id="user-1", verifier_hex=creds["srp_verifier"],
        a_hex=format(client.large_a_value, "x"), b=b, big_b=big_b, secret_block=block,
        timestamp=answer["TIMESTAMP"], signature=answer["PASSWORD_CLAIM_SIGNATURE"])


def test_the_right_password_proves_itself() -> None:
    assert _claim("Passw0rd!", "Passw0rd!")


def test_a_wrong_password_does_not() -> None:
    assert not _claim("Passw0rd!", "Passw0rd?")


def test_a_zero_a_is_refused() -> None:
    creds = passwords.credentials(POOL, "u", "Passw0rd!")
    b, big_b = srp.server_values(creds["srp_verifier"])
    assert not srp.signature_ok(pool_id=POOL, user_id="u", verifier_hex=creds["srp_verifier"],
                                a_hex=format(srp.modulus(), "x"), b=b, big_b=big_b, secret_block="",
                                timestamp=str(datetime.date.today()), signature="")


def test_password_hashes_match_only_their_password() -> None:
    creds = passwords.credentials(POOL, "u", "Passw0rd!")
    assert passwords.matches(creds, "Passw0rd!")
    assert not passwords.matches(creds, "passw0rd!")
    assert "Passw0rd!" not in str(creds)


def test_temporary_passwords_meet_the_policy() -> None:
    pool = {"Policies": {"PasswordPolicy": {"MinimumLength": 16}}}
    for _ in range(20):
        value = passwords.temporary_password(pool)
        passwords.check(pool, value)
        assert len(value) == 16
