"""An example app deployed as a user deploys it: copied out of the checkout, ``python -m
cloudlet deploy DIR`` run as a subprocess, its printed summary read back (endpoints to
call, functions, outputs), and ``cloudlet remove DIR`` at the end, checked to leave
nothing behind."""

from __future__ import annotations

import contextlib
import json
import shutil
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.cli_deploy.conftest import endpoint, get, run_cli
from tests.server import RunningServer

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
# What a deploy (or the demo driver) leaves in an example folder; never copied.
LEFTOVERS = (".serverless", ".cloudlet-build", ".aws-sam", "__pycache__", "app.py")
SECTIONS = ("endpoints:", "functions:", "outputs:")



def parse_summary(stdout: str) -> dict[str, list[str]]:
    """The summary's indented sections (``endpoints``, ``functions``, ``outputs``) as
    lists of their lines."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in stdout.splitlines():
        if line in SECTIONS:
            current = sections.setdefault(line[:-1], [])
        elif line.startswith("  ") and current is not None:
            current.append(line.strip())
        else:
            current = None
    return sections


def pairs(lines: list[str]) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in lines)


@dataclass
class DeployedApp:
    """A deployed copy of an example and what ``cloudlet deploy`` printed about it."""

    server: RunningServer
    directory: Path
    options: tuple[str, ...]
    stdout: str
    stack_name: str = field(init=False)
    endpoints: list[str] = field(init=False)
    functions: dict[str, str] = field(init=False)
    outputs: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        sections = parse_summary(self.stdout)
        self.endpoints = sections.get("endpoints", [])
        self.functions = pairs(sections.get("functions", []))
        self.outputs = pairs(sections.get("outputs", []))
        stacks = [line.split(": ", 1)[1] for line in self.stdout.splitlines()
                  if line.startswith("stack: ")]
        assert stacks, f"no stack in the summary:\n{self.stdout}"
        self.stack_name = stacks[0]

    def url(self, method: str, suffix: str, **path: str) -> str:
        """The printed URL of ``method`` ending with ``suffix``, its ``{params}`` filled."""
        url = endpoint(self.stdout, method, suffix)
        for name, value in path.items():
            url = url.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
        return url

    def physical(self, logical_id: str) -> str:
        cfn = make_client(self.server, "cloudformation")
        found = cfn.describe_stack_resource(StackName=self.stack_name,
                                            LogicalResourceId=logical_id)
        return str(found["StackResourceDetail"]["PhysicalResourceId"])

    def physical_of_type(self, resource_type: str) -> str:
        cfn = make_client(self.server, "cloudformation")
        resources = cfn.describe_stack_resources(StackName=self.stack_name)["StackResources"]
        found = [r["PhysicalResourceId"] for r in resources
                 if r["ResourceType"] == resource_type]
        assert len(found) == 1, f"{resource_type} in {self.stack_name}: {found}"
        return str(found[0])

    def remove(self) -> None:
        """``cloudlet remove DIR``, then check the stack, its functions, its deployment
        bucket and its endpoints are gone."""
        done = run_cli("remove", str(self.directory), *self.options, server=self.server)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "successfully removed" in done.stdout
        cfn = make_client(self.server, "cloudformation")
        with pytest.raises(ClientError, match="does not exist"):
            cfn.describe_stacks(StackName=self.stack_name)
        lam = make_client(self.server, "lambda")
        for name in self.functions.values():
            with pytest.raises(ClientError, match="ResourceNotFoundException"):
                lam.get_function(FunctionName=name)
        bucket = self.outputs.get("ServerlessDeploymentBucketName")
        if bucket:
            with pytest.raises(ClientError, match="404|NoSuchBucket|Not Found"):
                make_client(self.server, "s3").head_bucket(Bucket=bucket)
        for line in self.endpoints:
            status, _ = get(line.split(" - ", 1)[1].replace("{", "x").replace("}", ""))
            assert status == 404, f"{line} still answers {status} after remove"


def unique_stage() -> str:
    return "t" + uuid.uuid4().hex[:8]


@contextlib.contextmanager
def deployed(server: RunningServer, tmp_path: Path, example: str,
             *options: str) -> Iterator[DeployedApp]:
    """``examples/{example}`` copied to ``tmp_path`` and deployed with ``options``
    (``--stage``, ``--stack-name``); removed and checked gone after a passing body,
    removed best-effort after a failing one."""
    directory = tmp_path / example
    shutil.copytree(EXAMPLES / example, directory, ignore=shutil.ignore_patterns(*LEFTOVERS))
    done = run_cli("deploy", str(directory), *options, server=server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✔ Service deployed to stack" in done.stdout, done.stdout
    app = DeployedApp(server, directory, options, done.stdout)
    try:
        yield app
    except BaseException:
        run_cli("remove", str(directory), *options, server=server)
        raise
    app.remove()


def json_request(url: str, method: str = "GET", body: Any = None) -> tuple[int, Any]:
    """An HTTP request with an optional JSON body; the answer's status and decoded JSON
    (``None`` for an empty body)."""
    status, raw = get(url, method, None if body is None else json.dumps(body).encode())
    return status, json.loads(raw) if raw else None
