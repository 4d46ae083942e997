"""The checksums S3 stores beside an object: CRC32, CRC32C, CRC64NVME, SHA1, SHA256.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
Values travel base64-encoded (big-endian for the CRCs) in ``x-amz-checksum-<algorithm>``.

LIMITATIONS: CRC32C and CRC64NVME are computed in pure Python (table-driven), about
10 MB/s; CRC32 (the SDKs' default over plain HTTP) uses zlib.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Callable
from typing import Protocol

ALGORITHMS = ("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256")


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def digest(self) -> bytes: ...


def _table(poly: int, width: int) -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
        table.append(crc & ((1 << width) - 1))
    return table


class _ReflectedCrc:
    """A reflected CRC with all-ones init and final xor (CRC32C, CRC64NVME)."""

    tables: dict[tuple[int, int], list[int]] = {}

    def __init__(self, poly: int, width: int) -> None:
        self.mask = (1 << width) - 1
        self.width = width
        key = (poly, width)
        if key not in self.tables:
            self.tables[key] = _table(poly, width)
        self.table = self.tables[key]
        self.crc = self.mask

    def update(self, data: bytes, /) -> None:
        crc, table = self.crc, self.table
        for byte in data:
            crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
        self.crc = crc

    def digest(self) -> bytes:
        return (self.crc ^ self.mask).to_bytes(self.width // 8, "big")


class _Crc32:
    def __init__(self) -> None:
        self.crc = 0

    def update(self, data: bytes, /) -> None:
        self.crc = zlib.crc32(data, self.crc)

    def digest(self) -> bytes:
        return self.crc.to_bytes(4, "big")


_FACTORIES: dict[str, Callable[[], Hasher]] = {
    "CRC32": _Crc32,
    "CRC32C": lambda: _ReflectedCrc(0x82F63B78, 32),
    "CRC64NVME": lambda: _ReflectedCrc(0x9A6C9329AC4BC9B5, 64),
    "SHA1": hashlib.sha1,
    "SHA256": hashlib.sha256,
}


def hasher(algorithm: str) -> Hasher:
    return _FACTORIES[algorithm.upper()]()


def encode(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


def of_bytes(algorithm: str, data: bytes) -> str:
    h = hasher(algorithm)
    h.update(data)
    return encode(h.digest())


def composite(algorithm: str, part_values: list[str]) -> str:
    """A multipart object's checksum: the checksum of the parts' checksums, ``-N``."""
    h = hasher(algorithm)
    for value in part_values:
        h.update(base64.b64decode(value))
    return f"{encode(h.digest())}-{len(part_values)}"
