"""Deployment packages (cloudlet.services.lambda_.code)."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

from cloudlet.services.lambda_.code import UNZIP_FAILED, CodeStore, check
from cloudlet.services.lambda_.errors import InvalidParameterValueException


def _zip(entries: dict[str, tuple[bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, (data, mode) in entries.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def test_check_describes_the_package() -> None:
    data = _zip({"app.py": (b"x = 1\n", 0o100644)})
    package = check(data)
    assert package.size == len(data)
    assert package.sha256 == base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert package.sha_hex == hashlib.sha256(data).hexdigest()


def test_not_a_zip_is_refused_with_lambdas_message() -> None:
    with pytest.raises(InvalidParameterValueException) as err:
        check(b"PK\x03\x04 broken")
    assert err.value.message == UNZIP_FAILED


def test_save_unpacks_once_keeping_executable_bits(tmp_path: Path) -> None:
    store = CodeStore(tmp_path)
    package = check(_zip({"bootstrap": (b"#!/bin/sh\n", 0o100755), "lib/a.py": (b"", 0o100600)}))
    tree = store.save(package)
    assert os.access(tree / "bootstrap", os.X_OK)
    assert (tree / "lib" / "a.py").stat().st_mode & 0o444 == 0o444
    assert store.zip_path(package.sha_hex).read_bytes() == package.data
    assert store.save(package) == tree


def test_paths_outside_the_package_are_refused(tmp_path: Path) -> None:
    store = CodeStore(tmp_path / "code")
    package = check(_zip({"../escape.py": (b"", 0o100644)}))
    with pytest.raises(InvalidParameterValueException):
        store.save(package)
    assert not (tmp_path / "escape.py").exists()


def test_a_missing_tree_is_unpacked_again(tmp_path: Path) -> None:
    store = CodeStore(tmp_path)
    package = check(_zip({"app.py": (b"x = 1\n", 0o100644)}))
    tree = store.save(package)
    store.remove(package.sha_hex)
    assert not tree.exists()
    store.save(package)
    import shutil

    shutil.rmtree(tree)
    assert (store.ensure_unpacked(package.sha_hex) / "app.py").read_bytes() == b"x = 1\n"
