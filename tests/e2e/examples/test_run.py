"""``examples/run.py hello|mafia`` (what ``make demo`` runs): start a server, deploy, print
the URLs and the transcript of a run over HTTP, stop the server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[3] / "examples" / "run.py"


@pytest.mark.parametrize(("app", "expected"), [
    ("hello", "GET /dev/hello/Ada -> 200 Hello, Ada!"),
    ("mafia", "A new game with 7 players begins"),
])
def test_run_prints_urls_and_transcript(app: str, expected: str, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(RUN), app, "--data-dir", str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(".execute-api.localhost:" in line for line in lines)
    assert expected in lines
    assert lines[-1].endswith(": ok")
