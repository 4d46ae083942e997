"""Object bytes as files under ``<data dir>/s3/objects``, written chunk by chunk.

A body arrives as the request's spooled file (``Service.streams_body``) or, for a call
that was not streamed, as bytes. While it is copied to its own file the MD5 (the ETag)
and the requested checksums are computed. A body sent with ``Content-Encoding:
aws-chunked`` (the SDKs' streaming uploads with trailing checksums) is decoded on the way:
``<hex size>[;chunk-signature=..]\\r\\n<data>\\r\\n`` ... ``0\\r\\n<trailer>: <value>\\r\\n\\r\\n``.
https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from cloudlet.services.s3 import checksums
from cloudlet.services.s3.errors import IncompleteBody, InvalidRequest

CHUNK = 1 << 20


@dataclass(slots=True)
class Written:
    path: Path
    size: int
    md5: str  # hex
    checksums: dict[str, str]  # algorithm -> base64
    trailers: dict[str, str] = field(default_factory=dict)  # lower-cased names


def _read_line(source: IO[bytes]) -> bytes:
    line = source.readline(4096)
    if not line.endswith(b"\n"):
        raise IncompleteBody("The aws-chunked body ended in the middle of a chunk header")
    return line.rstrip(b"\r\n")


def decode_chunked(source: IO[bytes], trailers: dict[str, str]) -> Iterator[bytes]:
    """The data of an aws-chunked body; its trailing headers go into ``trailers``."""
    while True:
        header = _read_line(source)
        try:
            size = int(header.split(b";", 1)[0], 16)
        except ValueError:
            raise InvalidRequest("Malformed aws-chunked chunk header") from None
        if size == 0:
            break
        left = size
        while left:
            data = source.read(min(left, CHUNK))
            if not data:
                raise IncompleteBody()
            left -= len(data)
            yield data
        source.read(2)  # the chunk's CRLF
    while True:
        line = source.readline(8192).rstrip(b"\r\n")
        if not line:
            break
        name, _, value = line.decode("latin-1").partition(":")
        trailers[name.strip().lower()] = value.strip()


def _plain(source: IO[bytes]) -> Iterator[bytes]:
    while data := source.read(CHUNK):
        yield data


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def new_path(self) -> Path:
        name = uuid.uuid4().hex
        folder = self.root / name[:2]
        folder.mkdir(exist_ok=True)
        return folder / name

    def write(self, body: IO[bytes] | bytes, *, chunked: bool, algorithms: list[str]) -> Written:
        """Copy ``body`` into a new file (synchronous: run it in a thread when large)."""
        source = io.BytesIO(body) if isinstance(body, bytes) else body
        trailers: dict[str, str] = {}
        pieces = decode_chunked(source, trailers) if chunked else _plain(source)
        md5 = hashlib.md5()  # noqa: S324 (the ETag is an MD5 by definition)
        hashers = {a: checksums.hasher(a) for a in algorithms}
        path = self.new_path()
        size = 0
        try:
            with open(path, "wb") as out:
                for data in pieces:
                    out.write(data)
                    md5.update(data)
                    for h in hashers.values():
                        h.update(data)
                    size += len(data)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return Written(path, size, md5.hexdigest(),
                       {a: checksums.encode(h.digest()) for a, h in hashers.items()}, trailers)

    def concatenate(self, paths: list[Path]) -> Path:
        """A new file holding ``paths`` one after the other (multipart completion)."""
        target = self.new_path()
        with open(target, "wb") as out:
            for path in paths:
                with open(path, "rb") as part:
                    while data := part.read(CHUNK):
                        out.write(data)
        return target

    def copy_range(self, path: Path, start: int, end: int) -> tuple[Path, str]:
        """A new file with bytes ``start..end`` (inclusive) of ``path``, and their MD5."""
        target = self.new_path()
        md5 = hashlib.md5()  # noqa: S324
        with open(path, "rb") as source, open(target, "wb") as out:
            source.seek(start)
            left = end - start + 1
            while left > 0 and (data := source.read(min(CHUNK, left))):
                out.write(data)
                md5.update(data)
                left -= len(data)
        return target, md5.hexdigest()

    def link_copy(self, path: Path) -> Path:
        """A new name for the same bytes (a hard link; a copy where links fail)."""
        target = self.new_path()
        try:
            os.link(path, target)
        except OSError:
            return self.copy_range(path, 0, path.stat().st_size - 1)[0]
        return target

    @staticmethod
    def remove(*paths: Path | str | None) -> None:
        """Delete files (missing ones are ignored)."""
        for path in paths:
            if path:
                Path(path).unlink(missing_ok=True)


async def stream_file(handle: IO[bytes], start: int, length: int) -> AsyncIterator[bytes]:
    """``length`` bytes of an open file from ``start``, 1 MiB at a time; closes it."""
    try:
        handle.seek(start)
        left = length
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        handle.close()
