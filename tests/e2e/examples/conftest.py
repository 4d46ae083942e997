"""Fixtures for the example apps: the app modules as `examples/run.py` loads them, and a boto3
session pointed at the test server (handlers find it through AWS_ENDPOINT_URL)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.server import RunningServer

RUN = Path(__file__).resolve().parents[3] / "examples" / "run.py"


def load_example(name: str) -> Any:
    """``examples/{name}/app.py``, loaded by ``examples/run.py``'s own loader."""
    spec = importlib.util.spec_from_file_location("examples_run", RUN)
    assert spec is not None and spec.loader is not None
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    return run.load_app(name)


@pytest.fixture
def session(server: RunningServer, monkeypatch: pytest.MonkeyPatch) -> boto3.Session:
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.url)
    return boto3.Session(aws_access_key_id="test", aws_secret_access_key="test",
                         region_name="us-east-1")
