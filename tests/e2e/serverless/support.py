"""Deploying a serverless.yml service the way ``cloudlet deploy`` (and ``serverless
deploy``) does: create the stack from the bucket-only template, upload the zips into the
deployment bucket it made, then update the stack with the full template; removing it
empties that bucket first. And plain HTTP calls to the REST API stage it serves."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cloudlet.templates.serverless import Compiled, compile, load
from tests.conftest import make_client
from tests.e2e.stacks import Stack, deploy, remove, wait_settled
from tests.server import RunningServer


@dataclass
class Deployed:
    compiled: Compiled
    stack: Stack

    def rest_url(self, server: RunningServer, path: str) -> str:
        api = self.stack.physical("ApiGatewayRestApi")
        stage = self.compiled.service.stage
        return f"{server.url}/restapis/{api}/{stage}/_user_request_{path}"


def deploy_service(server: RunningServer, directory: Path, output: Path, *, stage: str,
                   env: dict[str, str] | None = None) -> Deployed:
    service = load(directory, stage=stage, region="us-east-1", env=env or {})
    compiled = compile(service, output_dir=output, install_dependencies=False)
    name = service.stack_name
    cfn = make_client(server, "cloudformation")
    existing = [s for s in cfn.list_stacks()["StackSummaries"]
                if s["StackName"] == name and s["StackStatus"] != "DELETE_COMPLETE"]
    if not existing:
        deploy(server, compiled.create_template, name=name)
    stack = wait_settled(server, name)
    bucket = stack.physical(compiled.bucket_logical_id)
    s3 = make_client(server, "s3")
    for artifact in compiled.artifacts:
        s3.put_object(Bucket=bucket, Key=artifact.key, Body=artifact.path.read_bytes())
    stack = deploy(server, compiled.update_template, name=name, update=True)
    return Deployed(compiled, stack)


def remove_service(server: RunningServer, deployed: Deployed) -> None:
    """``serverless remove``: empty the deployment bucket, then delete the stack."""
    s3 = make_client(server, "s3")
    bucket = deployed.stack.physical(deployed.compiled.bucket_logical_id)
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=item["Key"])
    remove(server, deployed.compiled.service.stack_name)


def http(method: str, url: str, body: Any = None, timeout: float = 30.0
         ) -> tuple[int, dict[str, str], Any]:
    """(status, lower-cased headers, JSON body or text) of one plain HTTP request."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(request, timeout=timeout) as resp:
                status, headers, raw = resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            status, headers, raw = err.code, dict(err.headers), err.read()
        if status != 502 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    text = raw.decode()
    try:
        parsed: Any = json.loads(text) if text else None
    except json.JSONDecodeError:
        parsed = text
    return status, {k.lower(): v for k, v in headers.items()}, parsed
