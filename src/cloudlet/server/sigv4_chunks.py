"""The chunk signatures of a ``STREAMING-AWS4-HMAC-SHA256-PAYLOAD`` (aws-chunked) body.

https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
Each chunk is ``<hex size>;chunk-signature=<sig>\\r\\n<data>\\r\\n``, the last one of size 0;
each signature chains on the one before it (the seed is the ``Authorization`` header's):

    AWS4-HMAC-SHA256-PAYLOAD \\n <amz date> \\n <scope> \\n <previous signature> \\n
    <sha256 of ""> \\n <sha256 of the chunk's data>

With ``...-PAYLOAD-TRAILER`` the trailing headers after the last chunk carry
``x-amz-trailer-signature``, over ``AWS4-HMAC-SHA256-TRAILER`` and the SHA-256 of the
trailer lines (``name:value\\n``). The body is read once here and rewound; S3 decodes it
(``services/s3/blobs.py``) when it stores it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import IO

from cloudlet.server.sigv4 import EMPTY_SHA256, Signature

_PIECE = 1 << 20


class ChunkMismatch(Exception):
    """A chunk's signature is missing or wrong, or the body is cut short."""


def verify_chunks(body: IO[bytes], key: bytes, sig: Signature, *, trailer: bool) -> None:
    """Check every chunk signature of ``body`` (positioned at its start); rewinds it."""
    start = body.tell()
    try:
        previous = sig.signature
        prefix = f"AWS4-HMAC-SHA256-PAYLOAD\n{sig.amz_date}\n{sig.scope}\n"
        while True:
            header = body.readline(4096)
            if not header.endswith(b"\n"):
                raise ChunkMismatch("the body ended in the middle of a chunk header")
            size_text, _, extension = header.rstrip(b"\r\n").partition(b";")
            name, _, given = extension.partition(b"=")
            if name.strip() != b"chunk-signature":
                raise ChunkMismatch("a chunk has no chunk-signature")
            try:
                size = int(size_text, 16)
            except ValueError:
                raise ChunkMismatch("malformed chunk header") from None
            digest = hashlib.sha256()
            left = size
            while left:
                data = body.read(min(left, _PIECE))
                if not data:
                    raise ChunkMismatch("the body ended in the middle of a chunk")
                digest.update(data)
                left -= len(data)
            text = f"{prefix}{previous}\n{EMPTY_SHA256}\n{digest.hexdigest()}"
            expected = hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, given.strip().decode("latin-1")):
                raise ChunkMismatch("chunk signature mismatch")
            previous = expected
            if size == 0:
                break
            body.read(2)  # the chunk's CRLF
        if trailer:
            _verify_trailer(body, key, sig, previous)
    finally:
        body.seek(start)


def _verify_trailer(body: IO[bytes], key: bytes, sig: Signature, previous: str) -> None:
    lines: list[str] = []
    given = ""
    while True:
        line = body.readline(8192).rstrip(b"\r\n")
        if not line:
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "x-amz-trailer-signature":
            given = value.strip()
        else:
            lines.append(f"{name.strip().lower()}:{value.strip()}\n")
    digest = hashlib.sha256("".join(lines).encode("latin-1")).hexdigest()
    text = f"AWS4-HMAC-SHA256-TRAILER\n{sig.amz_date}\n{sig.scope}\n{previous}\n{digest}"
    expected = hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given):
        raise ChunkMismatch("trailer signature mismatch")
