"""What the CLI deployment tests share: run ``python -m cloudlet`` as a user would, write a
project folder, call a printed URL over plain HTTP."""

from __future__ import annotations

import http.client
import importlib.util
import os
import re
import subprocess
import sys
import textwrap
import urllib.parse
from pathlib import Path

import pytest

from tests.server import RunningServer

URL = re.compile(r"(GET|POST|PUT|DELETE|PATCH|ANY) - (http://\S+)")


def run_cli(*args: str, server: RunningServer | None = None, cwd: Path | None = None,
            timeout: float = 120, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """``python -m cloudlet ARGS`` (``--endpoint`` of ``server`` appended)."""
    command = [sys.executable, "-m", "cloudlet", *args]
    if server is not None:
        command += ["--endpoint", server.url]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1",
                               "PYTHONPATH": str(Path(__file__).resolve().parents[3] / "src"),
                               **(env or {})})


def write_project(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    return root


def endpoint(output: str, method: str, suffix: str) -> str:
    """The printed URL of ``method`` whose path ends with ``suffix``."""
    for found_method, url in URL.findall(output):
        if found_method == method and urllib.parse.urlsplit(url).path.endswith(suffix):
            return url
    raise AssertionError(f"no {method} ...{suffix} endpoint in:\n{output}")


def get(url: str, method: str = "GET", body: bytes | None = None) -> tuple[int, bytes]:
    """An HTTP request to a host-form URL (``*.localhost``) sent to 127.0.0.1."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=30)
    try:
        conn.request(method, parts.path or "/", body=body, headers={"Host": parts.netloc})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def has_serverless_compiler() -> bool:
    if importlib.util.find_spec("cloudlet.templates.serverless") is None:
        return False
    import cloudlet.templates.serverless as sls

    return hasattr(sls, "load") and hasattr(sls, "compile")


needs_serverless = pytest.mark.skipif(
    not has_serverless_compiler(),
    reason="cloudlet.templates.serverless load()/compile() (helper sls) not there yet")
