"""Message signatures, as SNS signs every notification and confirmation it delivers.

https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
- The string to sign is ``Name\\nValue\\n`` for each of the message's fields in byte order of
  their names: Notification: Message, MessageId, Subject (when there is one), Timestamp,
  TopicArn, Type; SubscriptionConfirmation and UnsubscribeConfirmation: Message,
  MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
- SignatureVersion 1 is RSA PKCS#1 v1.5 over SHA1, version 2 over SHA256; the signature is
  base64. The certificate is served at ``SigningCertURL``.

cloudlet makes its own RSA key and a self-signed certificate on first use, keeps them in
the data directory (``sns-signing-key.pem``, ``sns-signing-cert.pem``; signatures stay
valid across restarts) and serves the certificate at
``/_cloudlet/sns/SimpleNotificationService.pem``.

LIMITATIONS: clients that insist the certificate URL's host is ``sns.<region>.amazonaws.com``
(as AWS's own SDK validators do by default) reject cloudlet's; fetch the certificate from
the URL given and verify with it.
"""

from __future__ import annotations

import base64
import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cloudlet.lazy_import import lazy_module

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
else:
    x509 = lazy_module("cryptography.x509")
    hashes = lazy_module("cryptography.hazmat.primitives.hashes")
    serialization = lazy_module("cryptography.hazmat.primitives.serialization")
    padding = lazy_module("cryptography.hazmat.primitives.asymmetric.padding")
    rsa = lazy_module("cryptography.hazmat.primitives.asymmetric.rsa")

CERT_PATH = "/_cloudlet/sns/SimpleNotificationService.pem"

_NOTIFICATION_FIELDS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
_CONFIRMATION_FIELDS = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token",
                        "TopicArn", "Type")


def string_to_sign(message: dict[str, Any]) -> bytes:
    """The canonical text SNS signs for ``message`` (a notification or confirmation)."""
    fields = _NOTIFICATION_FIELDS if message["Type"] == "Notification" else _CONFIRMATION_FIELDS
    parts = [f"{name}\n{message[name]}\n" for name in fields if message.get(name) is not None]
    return "".join(parts).encode()


class Signer:
    """The server's signing key and certificate (made once, kept in ``directory``)."""

    def __init__(self, directory: Path) -> None:
        key_path = directory / "sns-signing-key.pem"
        cert_path = directory / "sns-signing-cert.pem"
        if key_path.exists() and cert_path.exists():
            loaded = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
            assert isinstance(loaded, rsa.RSAPrivateKey)
            self._key = loaded
            self.certificate = cert_path.read_bytes()
            return
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "sns.amazonaws.com")])
        now = datetime.datetime.now(datetime.UTC)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(self._key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=3650))
                .sign(self._key, hashes.SHA256()))
        self.certificate = cert.public_bytes(serialization.Encoding.PEM)
        directory.mkdir(parents=True, exist_ok=True)
        key_path.write_bytes(self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        cert_path.write_bytes(self.certificate)

    def sign(self, message: dict[str, Any], version: str = "1") -> str:
        digest: hashes.HashAlgorithm = hashes.SHA256() if version == "2" else hashes.SHA1()
        signature = self._key.sign(string_to_sign(message), padding.PKCS1v15(), digest)
        return base64.b64encode(signature).decode()
