"""Code packages: a folder zipped the way the Serverless Framework zips it, deterministically.

- Files: every file under the folder (dot files too), minus the framework's default
  excludes (``.git/**``, ``.gitignore``, ``.DS_Store``, ``npm-debug.log``, ``yarn-*.log``,
  ``.serverless/**``, ``.serverless_plugins/**``; plus ``node_modules/aws-sdk/**``, which
  the Lambda Node runtime provides), then ``exclude`` (as ``!`` patterns), then
  ``include`` and ``patterns`` in order: each pattern switches the files it matches on
  (or off, with a leading ``!``), so a later pattern wins (``package.patterns`` semantics).
  Globs: ``**`` any path, ``*`` and ``?`` within one segment, ``{a,b}``, ``[...]``.
- Deterministic bytes: entries sorted, timestamps fixed at 1980-01-01 (the zip epoch; the
  framework writes ``new Date(0)``), permissions 0644 (0755 for executables), deflate
  level 9. The same files give the same zip and hash, so unchanged code re-uses the upload.
- Dependencies: a ``requirements.txt`` is installed with ``pip install --target`` (as
  serverless-python-requirements does) and a ``package.json`` with ``npm install
  --omit=dev``, each into a cache folder keyed by the file's hash (and runtime), whose
  files are added at the package root (``node_modules/`` for npm).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

DEFAULT_EXCLUDES = (".git/**", ".gitignore", ".DS_Store", "npm-debug.log", "yarn-*.log",
                    ".serverless/**", ".serverless_plugins/**", "node_modules/aws-sdk/**",
                    # cloudlet's own data and build folders beside the code.
                    ".cloudlet/**", ".cloudlet-build/**", ".cloudlet-package/**")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class PackagingError(Exception):
    """A package that cannot be built (no files matched, an install failed)."""


@functools.lru_cache(maxsize=512)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A micromatch-style glob (``dot: true``) as a regular expression over relative paths."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append(r"(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(r".*")
            i += 2
            continue
        if ch == "*":
            out.append(r"[^/]*")
        elif ch == "?":
            out.append(r"[^/]")
        elif ch == "{":
            close = pattern.find("}", i)
            if close < 0:
                out.append(re.escape(ch))
            else:
                choices = pattern[i + 1:close].split(",")
                out.append("(?:" + "|".join(glob_regex(c).pattern[:-2] for c in choices) + ")")
                i = close + 1
                continue
        elif ch == "[":
            close = pattern.find("]", i)
            if close < 0:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1:close].replace("\\", "\\\\")
                out.append(f"[{'^' + body[1:] if body.startswith('!') else body}]")
                i = close + 1
                continue
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out) + r"\Z")


def select_files(source: Path, patterns: Sequence[str]) -> list[str]:
    """Relative paths (``/``-separated, sorted) of ``source``'s files left on by ``patterns``."""
    every = sorted(_walk(source))
    state = dict.fromkeys(every, True)
    for raw in patterns:
        exclude = raw.startswith("!")
        regex = glob_regex(raw[1:] if exclude else raw)
        for path in every:
            if regex.match(path):
                state[path] = not exclude
    return [p for p in every if state[p]]


def _walk(source: Path) -> Iterable[str]:
    for root, dirs, files in os.walk(source, followlinks=True):
        dirs.sort()
        rel = Path(root).relative_to(source)
        for name in files:
            yield (rel / name).as_posix() if rel.parts else name


def package_directory(source: Path, output: Path, *, include: Sequence[str] = (),
                      exclude: Sequence[str] = (), patterns: Sequence[str] = (),
                      runtime: str | None = None, install_dependencies: bool = True,
                      cache_dir: Path | None = None) -> tuple[Path, str]:
    """Zip ``source`` into ``output``; returns (the zip, sha256 hex of its bytes)."""
    ordered = [f"!{p}" for p in (*DEFAULT_EXCLUDES, *exclude)] + [*include, *patterns]
    files = [(source / rel, rel) for rel in select_files(source, ordered)]
    if install_dependencies:
        cache = cache_dir or source / ".serverless" / "cache"
        files += _dependencies(source, runtime, cache)
    if not files:
        raise PackagingError("No file matches include / exclude patterns")
    return write_zip(files, output)


def write_zip(files: Iterable[tuple[Path, str]], output: Path) -> tuple[Path, str]:
    """A deterministic zip of (file on disk, name in the archive); later names win."""
    entries = dict(sorted({name: path for path, name in files}.items()))
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, path in entries.items():
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return output, hashlib.sha256(output.read_bytes()).hexdigest()


def _dependencies(source: Path, runtime: str | None, cache: Path) -> list[tuple[Path, str]]:
    """Installed third-party files to add, from requirements.txt / package.json beside the code."""
    found: list[tuple[Path, str]] = []
    requirements = source / "requirements.txt"
    if requirements.exists() and (runtime is None or runtime.startswith("python")):
        folder = _installed(requirements, runtime, cache, _pip_install)
        found += [(folder / rel, rel) for rel in select_files(folder, ["!**/__pycache__/**"])]
    manifest = source / "package.json"
    if manifest.exists() and (runtime is None or runtime.startswith("nodejs")):
        folder = _installed(manifest, runtime, cache, _npm_install)
        modules = folder / "node_modules"
        if modules.exists():
            found += [(modules / rel, f"node_modules/{rel}")
                      for rel in select_files(modules, ["!aws-sdk/**", "!.package-lock.json"])]
    return found


def _installed(manifest: Path, runtime: str | None, cache: Path,
               install: Callable[[Path, Path], None]) -> Path:
    """The cache folder for this manifest's content, installing into it on first use."""
    digest = hashlib.sha256(manifest.read_bytes() + (runtime or "").encode()).hexdigest()[:32]
    folder = cache / f"{manifest.name}-{digest}"
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    scratch = folder.with_name(folder.name + ".partial")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    install(manifest, scratch)
    (scratch / ".complete").write_text("")
    scratch.rename(folder)
    return folder


def _pip_install(requirements: Path, target: Path) -> None:
    _run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "--no-compile", "-r", str(requirements), "--target", str(target)], requirements)


def _npm_install(manifest: Path, target: Path) -> None:
    shutil.copy(manifest, target / "package.json")
    lock = manifest.with_name("package-lock.json")
    if lock.exists():
        shutil.copy(lock, target / "package-lock.json")
    _run(["npm", "install", "--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts"],
         manifest, cwd=target)
    for extra in ("package.json", "package-lock.json"):
        (target / extra).unlink(missing_ok=True)


def _run(command: list[str], manifest: Path, cwd: Path | None = None) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PackagingError(f"installing {manifest} failed ({' '.join(command[:3])}):\n"
                             f"{done.stderr.strip() or done.stdout.strip()}")
