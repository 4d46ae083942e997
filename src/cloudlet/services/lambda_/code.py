"""Deployment packages: check a .zip, hash it, store it and unpack it once.

https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
- A direct upload (``ZipFile``) is at most 50 MB zipped;
- the unpacked contents are at most 250 MB (262,144,000 bytes);
- ``CodeSha256`` is the base64 of the SHA-256 of the zip file.

Packages are kept by content hash under ``<data>/<account>/<region>/lambda/code/``:
``<hex>.zip`` (served back by GetFunction's ``Code.Location``) and ``<hex>/`` (the
unpacked tree the runtime runs). Unix modes in the zip are kept (a custom runtime's
``bootstrap`` must stay executable).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
    RequestEntityTooLargeException,
)

MAX_ZIPPED = 50 * 1024 * 1024
MAX_UNZIPPED = 262_144_000
CREATE_REQUEST_LIMIT = 70_167_211
UNZIP_FAILED = "Could not unzip uploaded file. Please check your file, then try to upload again."


@dataclass(frozen=True, slots=True)
class Package:
    sha_hex: str
    sha256: str  # base64, as CodeSha256
    size: int
    data: bytes


def check(data: bytes, operation: str = "CreateFunction") -> Package:
    """Validate a zip upload and describe it; raise as Lambda does when it is not usable."""
    if len(data) > MAX_ZIPPED:
        raise RequestEntityTooLargeException(
            f"Request must be smaller than {CREATE_REQUEST_LIMIT} bytes for the {operation} operation")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if archive.testzip() is not None:
                raise InvalidParameterValueException(UNZIP_FAILED)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise InvalidParameterValueException(UNZIP_FAILED) from None
    unzipped = sum(info.file_size for info in infos)
    if unzipped > MAX_UNZIPPED:
        raise InvalidParameterValueException(
            f"Unzipped size must be smaller than {MAX_UNZIPPED} bytes")
    digest = hashlib.sha256(data).digest()
    return Package(digest.hex(), base64.b64encode(digest).decode(), len(data), data)


class CodeStore:
    """Zips and their unpacked trees for one account and region."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def zip_path(self, sha_hex: str) -> Path:
        return self.root / f"{sha_hex}.zip"

    def dir_path(self, sha_hex: str) -> Path:
        return self.root / sha_hex

    def save(self, package: Package) -> Path:
        """Store the zip and unpack it (once per content hash); return the tree."""
        target = self.dir_path(package.sha_hex)
        if target.is_dir() and self.zip_path(package.sha_hex).is_file():
            return target
        self.root.mkdir(parents=True, exist_ok=True)
        tmp_zip = self.root / f".{package.sha_hex}.zip.tmp"
        tmp_zip.write_bytes(package.data)
        os.replace(tmp_zip, self.zip_path(package.sha_hex))
        staging = self.root / f".{package.sha_hex}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        unpack(package.data, staging)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
        return target

    def ensure_unpacked(self, sha_hex: str) -> Path:
        """The unpacked tree, re-created from the zip if it went missing."""
        target = self.dir_path(sha_hex)
        if not target.is_dir():
            staging = self.root / f".{sha_hex}.tmp"
            shutil.rmtree(staging, ignore_errors=True)
            unpack(self.zip_path(sha_hex).read_bytes(), staging)
            os.replace(staging, target)
        return target

    def remove(self, sha_hex: str) -> None:
        self.zip_path(sha_hex).unlink(missing_ok=True)
        shutil.rmtree(self.dir_path(sha_hex), ignore_errors=True)


def unpack(data: bytes, target: Path) -> None:
    """Extract safely (no paths outside ``target``), keeping Unix permission bits."""
    target.mkdir(parents=True)
    root = target.resolve()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            dest = (target / info.filename).resolve()
            if root not in dest.parents and dest != root:
                raise InvalidParameterValueException(UNZIP_FAILED)
            mode = (info.external_attr >> 16) & 0o7777
            if info.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            is_link = stat.S_ISLNK(info.external_attr >> 16)
            with archive.open(info) as src:
                content = src.read()
            if is_link:
                link = content.decode()
                if os.path.isabs(link) or root not in (dest.parent / link).resolve().parents:
                    raise InvalidParameterValueException(UNZIP_FAILED)
                os.symlink(link, dest)
                continue
            dest.write_bytes(content)
            # Lambda runs code as another user, so files need world read; keep exec bits.
            os.chmod(dest, (mode or 0o644) | 0o444)
