"""Fixtures for the Lambda tests: zips built in memory, functions created and removed."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
import textwrap
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from botocore.exceptions import ClientError

from cloudlet.testing import function_ready

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
T = TypeVar("T")


def make_zip(files: dict[str, str | bytes], executable: tuple[str, ...] = ()) -> bytes:
    """A .zip holding ``files`` (text is dedented); names in ``executable`` get mode 755."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o100755 if name in executable else 0o100644) << 16
            data = textwrap.dedent(content).lstrip() if isinstance(content, str) else content
            archive.writestr(info, data)
    return buffer.getvalue()


def python_zip(source: str, module: str = "app") -> bytes:
    return make_zip({f"{module}.py": source})


ECHO = """
    import json

    def handler(event, context):
        return {"event": event, "request_id": context.aws_request_id}
"""

CreateFn = Callable[..., str]


@pytest.fixture
def create_function(lambda_client: Any, unique_name: str) -> Iterator[CreateFn]:
    """Create functions (Python by default) and delete them after the test."""
    created: list[tuple[Any, str]] = []

    def create(source: str = ECHO, *, client: Any = None, name: str | None = None,
               zip_bytes: bytes | None = None, ready: bool = True, **kwargs: Any) -> str:
        client = client or lambda_client
        fn_name = name or f"{unique_name}{len(created) or ''}"
        args: dict[str, Any] = {
            "FunctionName": fn_name, "Runtime": "python3.12", "Role": ROLE,
            "Handler": "app.handler", "Code": {"ZipFile": zip_bytes or python_zip(source)},
        }
        args.update(kwargs)
        client.create_function(**args)
        created.append((client, fn_name))
        if ready:  # Active, as code written for AWS waits for
            function_ready(client, fn_name)
        return fn_name

    yield create
    for client, name in created:
        with contextlib.suppress(client.exceptions.ResourceNotFoundException):
            client.delete_function(FunctionName=name)


def error_of(call: Any, **kwargs: Any) -> tuple[str, int, str]:
    """The code, status and message of the ClientError ``call(**kwargs)`` raises."""
    with pytest.raises(ClientError) as err:
        call(**kwargs)
    resp = err.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"], resp["Error"]["Message"]


def invoke_json(client: Any, name: str, event: Any = None, **kwargs: Any) -> tuple[Any, dict[str, Any]]:
    """Invoke synchronously; answer the decoded payload and the whole response."""
    resp = client.invoke(FunctionName=name, Payload=json.dumps(event or {}).encode(), **kwargs)
    body = resp["Payload"].read()
    return (json.loads(body) if body else None), resp


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder both the test and a handler can write: not under /tmp, which every
    execution environment sees as its own private tmpfs (as on Lambda)."""
    base = Path("/var/tmp")
    path = Path(tempfile.mkdtemp(prefix="cloudlet-test-", dir=base))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


# -- a function that records each event it gets, for async and durability tests --

RECORDER = """
    import json, os, time

    def handler(event, context):
        with open(os.environ["OUT"], "a") as f:
            f.write(json.dumps({"event": event, "id": context.aws_request_id, "t": time.time()}) + "\\n")
        time.sleep(event.get("sleep", 0) if isinstance(event, dict) else 0)
        if isinstance(event, dict) and event.get("fail"):
            raise RuntimeError("failing on purpose")
        return {"seen": event}
"""


def recorder(client: Any, name: str, out: Path) -> None:
    client.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                           Code={"ZipFile": python_zip(RECORDER)}, Timeout=10,
                           Environment={"Variables": {"OUT": str(out)}})
    function_ready(client, name)


def records(out: Path) -> list[dict[str, Any]]:
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text().splitlines() if line]


def wait_for(check: Callable[[], T], timeout: float = 15.0, *, what: str = "") -> T:
    """Poll ``check`` until it answers something truthy, and answer that; the assertion
    names ``what`` was waited for when it never comes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"no {what} after {timeout}s" if what else "condition not met in time")
