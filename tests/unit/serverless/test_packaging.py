"""Packaging (``cloudlet.templates.packaging``): deterministic zips, the framework's default
excludes, ``package.patterns`` order semantics, dependency installs cached by content."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from cloudlet.templates import packaging
from cloudlet.templates.packaging import PackagingError, package_directory, select_files


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def names(zip_path: Path) -> list[str]:
    return zipfile.ZipFile(zip_path).namelist()


def test_same_files_give_the_same_bytes(tmp_path: Path) -> None:
    src = tree(tmp_path / "src", {"b.py": "b", "a.py": "a", "pkg/c.py": "c"})
    first, digest = package_directory(src, tmp_path / "1.zip", install_dependencies=False)
    os.utime(src / "a.py", (1, 1))                       # timestamps do not matter
    second, again = package_directory(src, tmp_path / "2.zip", install_dependencies=False)
    assert first.read_bytes() == second.read_bytes()
    assert digest == again
    assert names(first) == ["a.py", "b.py", "pkg/c.py"]
    info = zipfile.ZipFile(first).getinfo("a.py")
    assert info.date_time == (1980, 1, 1, 0, 0, 0)
    assert (info.external_attr >> 16) & 0o777 == 0o644
    (src / "a.py").write_text("changed")
    assert package_directory(src, tmp_path / "3.zip", install_dependencies=False)[1] != digest


def test_default_excludes(tmp_path: Path) -> None:
    src = tree(tmp_path, {"h.py": "", ".git/HEAD": "", ".serverless/x.zip": "", ".gitignore": "",
                          "node_modules/aws-sdk/index.js": "", "node_modules/uuid/i.js": "",
                          ".env": ""})
    zip_path, _ = package_directory(src, tmp_path / "out" / "p.zip", install_dependencies=False)
    assert names(zip_path) == [".env", "h.py", "node_modules/uuid/i.js"]


def test_patterns_apply_in_order_with_negation(tmp_path: Path) -> None:
    src = tree(tmp_path, {"src/a.py": "", "src/a_test.py": "", "src/data/x.json": "",
                          "docs/readme.md": "", "top.txt": ""})
    assert select_files(src, ["!**", "src/**", "!src/**/*_test.py", "!src/data/**",
                              "src/data/x.json"]) == ["src/a.py", "src/data/x.json"]
    assert select_files(src, ["!docs/**", "!*.txt"]) == ["src/a.py", "src/a_test.py",
                                                        "src/data/x.json"]
    assert select_files(src, ["!**", "{docs,src}/*.{md,py}"]) == [
        "docs/readme.md", "src/a.py", "src/a_test.py"]


def test_nothing_matched_is_an_error(tmp_path: Path) -> None:
    tree(tmp_path, {"a.py": ""})
    with pytest.raises(PackagingError, match="No file matches include / exclude patterns"):
        package_directory(tmp_path, tmp_path / "o.zip", patterns=["!**"],
                          install_dependencies=False)


def test_requirements_are_installed_once_per_content(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The install runs once per requirements.txt content; its files land at the root."""
    src = tree(tmp_path / "svc", {"handler.py": "", "requirements.txt": "tiny==1.0\n"})
    calls: list[Path] = []

    def fake_pip(requirements: Path, target: Path) -> None:      # pip itself is not under test
        calls.append(requirements)
        tree(target, {"tiny/__init__.py": "VERSION = 1", "tiny-1.0.dist-info/METADATA": ""})

    monkeypatch.setattr(packaging, "_pip_install", fake_pip)
    cache = tmp_path / "cache"
    first, _ = package_directory(src, tmp_path / "1.zip", runtime="python3.12", cache_dir=cache)
    second, _ = package_directory(src, tmp_path / "2.zip", runtime="python3.12", cache_dir=cache)
    assert len(calls) == 1
    assert "tiny/__init__.py" in names(first) and "handler.py" in names(first)
    assert first.read_bytes() == second.read_bytes()
    (src / "requirements.txt").write_text("tiny==2.0\n")
    package_directory(src, tmp_path / "3.zip", runtime="python3.12", cache_dir=cache)
    assert len(calls) == 2


def test_a_real_pip_install_into_the_package(tmp_path: Path) -> None:
    """pip installs a local wheel (no network) into the package."""
    wheel = tmp_path / "tinylib-0.1-py3-none-any.whl"
    info = "tinylib-0.1.dist-info"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("tinylib.py", "X = 1\n")
        archive.writestr(f"{info}/METADATA", "Metadata-Version: 2.1\nName: tinylib\n"
                                             "Version: 0.1\n")
        archive.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\n"
                                          "Root-Is-Purelib: true\nTag: py3-none-any\n")
        archive.writestr(f"{info}/RECORD", "")
    src = tree(tmp_path / "svc", {"h.py": "", "requirements.txt": f"{wheel}\n"})
    zip_path, _ = package_directory(src, tmp_path / "p.zip", runtime="python3.12",
                                    cache_dir=tmp_path / "cache")
    assert "tinylib.py" in names(zip_path)
    assert "h.py" in names(zip_path)


def test_package_json_dependencies_land_in_node_modules(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    src = tree(tmp_path / "svc", {"index.js": "", "package.json": '{"dependencies": {}}'})

    def fake_npm(manifest: Path, target: Path) -> None:           # npm itself is not under test
        tree(target, {"node_modules/left-pad/index.js": "", "node_modules/aws-sdk/a.js": ""})

    monkeypatch.setattr(packaging, "_npm_install", fake_npm)
    zip_path, _ = package_directory(src, tmp_path / "n.zip", runtime="nodejs20.x",
                                    cache_dir=tmp_path / "cache")
    assert names(zip_path) == ["index.js", "node_modules/left-pad/index.js", "package.json"]
    python_zip, _ = package_directory(src, tmp_path / "p.zip", runtime="python3.12",
                                      cache_dir=tmp_path / "cache")
    assert names(python_zip) == ["index.js", "package.json"]      # not for other runtimes
