"""The server side of Cognito's SRP-6a variant (USER_SRP_AUTH, PASSWORD_VERIFIER).

https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow.html#Using-SRP-password-verification-in-custom-authentication-flow

The group (N, g), the multiplier k, the hashes, ``u`` and the HKDF are Cognito's, as its
client libraries compute them; they are reused from pycognito's ``aws_srp`` module (the
client side) so both ends share one implementation of the math:

- x = H(salt | H(poolSuffix | userId | ":" | password)), v = g^x mod N (``verifier``);
- B = k*v + g^b mod N; u = H(A | B); S = (A * v^u)^b mod N; key = HKDF(S, u);
- the client proves it knows the password with
  HMAC-SHA256(key, poolSuffix | userId | secretBlock | timestamp).

pycognito is imported on first use (it brings boto3 and requests, ~10 MB the idle server
does not need to hold).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import cache
from types import ModuleType
from typing import NamedTuple


class _Group(NamedTuple):
    lib: ModuleType  # pycognito.aws_srp
    n: int
    g: int
    k: int


@cache
def _group() -> _Group:
    from pycognito import aws_srp

    n = aws_srp.hex_to_long(aws_srp.N_HEX)
    g = aws_srp.hex_to_long(aws_srp.G_HEX)
    k = aws_srp.hex_to_long(aws_srp.hex_hash("00" + aws_srp.N_HEX + "0" + aws_srp.G_HEX))
    return _Group(aws_srp, n, g, k)


def _pool_suffix(pool_id: str) -> str:
    return pool_id.split("_", 1)[1]


def verifier(pool_id: str, user_id: str, password: str, salt_hex: str) -> int:
    aws_srp, N, G, _ = _group()
    inner = aws_srp.hash_sha256(f"{_pool_suffix(pool_id)}{user_id}:{password}".encode())
    x = aws_srp.hex_to_long(aws_srp.hex_hash(aws_srp.pad_hex(salt_hex) + inner))
    return int(pow(G, x, N))


def server_values(verifier_hex: str) -> tuple[int, int]:
    """A fresh secret ``b`` and the public ``B`` sent as SRP_B."""
    _, N, G, K = _group()
    v = int(verifier_hex, 16)
    while True:
        b = secrets.randbits(1024) % N
        big_b = (K * v + pow(G, b, N)) % N
        if big_b and b:
            return b, big_b


def signature_ok(*, pool_id: str, user_id: str, verifier_hex: str, a_hex: str, b: int,
                 big_b: int, secret_block: str, timestamp: str, signature: str) -> bool:
    """Whether PASSWORD_CLAIM_SIGNATURE proves the password behind ``verifier_hex``."""
    aws_srp, N, _, _ = _group()
    big_a = int(a_hex, 16)
    if big_a % N == 0:
        return False
    u = aws_srp.calculate_u(big_a, big_b)
    if u == 0:
        return False
    v = int(verifier_hex, 16)
    s = pow(big_a * pow(v, u, N), b, N)
    key = aws_srp.compute_hkdf(bytearray.fromhex(aws_srp.pad_hex(s)),
                               bytearray.fromhex(aws_srp.pad_hex(aws_srp.long_to_hex(u))))
    message = (_pool_suffix(pool_id).encode() + user_id.encode()
               + base64.b64decode(secret_block) + timestamp.encode())
    expected = base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, signature)


def modulus() -> int:
    """The group's N."""
    return _group().n
