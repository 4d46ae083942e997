"""Passwords: the pool's policy, scrypt hashes, and the SRP verifier kept beside them.

https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-policies.html
- The default policy: at least 8 characters with upper- and lowercase letters, a number
  and a symbol; a temporary password is valid for 7 days.
- A password that breaks the policy answers InvalidPasswordException "Password did not
  conform with policy: ..." naming the first rule it breaks, in AWS's order.

A password is never stored: only its scrypt hash, and (for USER_SRP_AUTH) a random salt
and the verifier ``g^x mod N`` of Cognito's SRP variant (``srp.py``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
from typing import Any

from cloudlet.services.cognito_idp.errors import InvalidPasswordException
from cloudlet.services.cognito_idp.srp import verifier

DEFAULT_POLICY: dict[str, Any] = {
    "MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
    "RequireNumbers": True, "RequireSymbols": True, "TemporaryPasswordValidityDays": 7,
}
SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
_RULES = (
    ("RequireUppercase", str.isupper, "Password must have uppercase characters"),
    ("RequireLowercase", str.islower, "Password must have lowercase characters"),
    ("RequireNumbers", str.isdigit, "Password must have numeric characters"),
    ("RequireSymbols", lambda c: c in SYMBOLS, "Password must have symbol characters"),
)
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}


def policy_of(pool: dict[str, Any]) -> dict[str, Any]:
    return {**DEFAULT_POLICY, **(pool.get("Policies", {}).get("PasswordPolicy") or {})}


def check(pool: dict[str, Any], password: str) -> None:
    """InvalidPasswordException when ``password`` breaks the pool's policy."""
    policy = policy_of(pool)
    if len(password) < int(policy["MinimumLength"]):
        raise InvalidPasswordException(
            "Password did not conform with policy: Password not long enough")
    for key, test, text in _RULES:
        if policy.get(key) and not any(test(c) for c in password):
            raise InvalidPasswordException(f"Password did not conform with policy: {text}")


def credentials(pool_id: str, user_id: str, password: str) -> dict[str, str]:
    """What a user's document keeps of a password: its hash and SRP salt and verifier."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    srp_salt = secrets.token_hex(16)
    return {"hash": base64.b64encode(salt + digest).decode(), "srp_salt": srp_salt,
            "srp_verifier": format(verifier(pool_id, user_id, password, srp_salt), "x")}


def matches(stored: dict[str, Any], password: str) -> bool:
    raw = base64.b64decode(stored.get("hash", ""))
    salt, digest = raw[:16], raw[16:]
    if not digest:
        return False
    return hmac.compare_digest(hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT), digest)


def temporary_password(pool: dict[str, Any]) -> str:
    """A random password that meets the pool's policy."""
    length = max(int(policy_of(pool)["MinimumLength"]), 12)
    picks = [secrets.choice(string.ascii_uppercase), secrets.choice(string.ascii_lowercase),
             secrets.choice(string.digits), secrets.choice("!@#$%^&*")]
    alphabet = string.ascii_letters + string.digits
    picks += [secrets.choice(alphabet) for _ in range(length - len(picks))]
    secrets.SystemRandom().shuffle(picks)
    return "".join(picks)
