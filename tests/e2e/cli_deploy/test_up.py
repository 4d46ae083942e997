"""``cloudlet up``: start a server, deploy, print the URLs, redeploy a changed handler by
code alone, stop everything on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.cli_deploy.conftest import URL, endpoint, get, run_cli, write_project
from tests.e2e.cli_deploy.test_deploy_cloudformation import API_TEMPLATE, handler
from tests.server import RunningServer, free_port


class Up:
    """A ``cloudlet up`` child process whose output is collected as it comes."""

    def __init__(self, directory: Path, *args: str) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cloudlet", "up", str(directory), "--port", str(self.port),
             "--data-dir", str(directory.parent / "data"), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1"})
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} in:\n{self.output}")
            time.sleep(0.05)

    def url(self, suffix: str) -> str:
        for _method, url in URL.findall(self.output):
            if url.endswith(suffix):
                return str(url)
        raise AssertionError(f"no URL ending {suffix} in:\n{self.output}")

    def stop(self, sig: int = signal.SIGINT) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        code = self.proc.wait(30)
        self.close()
        return code

    def close(self) -> None:
        """Kill it if still running; close its pipe once the reader has drained it."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.reader.join(5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "cli-up", {"template.yaml": API_TEMPLATE,
                                               "src/app.py": handler("v1")})


@pytest.fixture
def up(project: Path) -> Iterator[Up]:
    running = Up(project)
    yield running
    running.close()


def answers(url: str, expected: bytes, timeout: float) -> float:
    """Seconds until ``url`` answers ``expected``."""
    began = time.monotonic()
    while True:
        status, body = get(url)
        if status == 200 and body == expected:
            return time.monotonic() - began
        if time.monotonic() - began > timeout:
            raise AssertionError(f"{url} still answers {status} {body!r}")
        time.sleep(0.05)


def server_answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_cloudlet/health", timeout=1):
            return True
    except OSError:
        return False


def test_up_redeploys_what_changed_and_stops_everything_on_ctrl_c(up: Up, project: Path) -> None:
    up.wait_for("watching")
    url = up.url("/dev/hello")
    assert get(url) == (200, b"hello v1")

    # A handler file: its function's code alone.
    (project / "src" / "app.py").write_text(handler("v2"))
    answers(url, b"hello v2", timeout=15)
    up.wait_for("code updated: Fn")

    # The template: a full deploy.
    template = (project / "template.yaml").read_text()
    (project / "template.yaml").write_text(template.replace("Default: hello", "Default: howdy"))
    answers(url, b"howdy v2", timeout=30)
    assert "configuration changed: deploying" in up.output

    assert up.stop(signal.SIGINT) == 0
    assert "stopping cloudlet" in up.output
    assert not server_answers(up.port)


def test_up_once_with_a_running_server_deploys_and_exits(server: RunningServer,
                                                         project: Path) -> None:
    done = run_cli("up", str(project), "--once", server=server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Service deployed to stack cli-up" in done.stdout
    assert get(endpoint(done.stdout, "GET", "/dev/hello")) == (200, b"hello v1")
    assert server_answers(int(server.url.rsplit(":", 1)[1]))  # not ours: left running
