"""IAM through the aws CLI, as a user scripts it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from tests.e2e.iam.conftest import TRUST, unique
from tests.server import RunningServer

AWS = str(Path(".venv/bin/aws").resolve())


def _aws(server: RunningServer, *args: str) -> Any:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1"}
    done = subprocess.run([AWS, "--endpoint-url", server.url, "--output", "json", *args],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else None


def test_cli_creates_role_and_attaches_policy(server: RunningServer) -> None:
    name = unique("cli")
    made = _aws(server, "iam", "create-role", "--role-name", name,
                "--assume-role-policy-document", TRUST)
    assert made["Role"]["RoleName"] == name
    _aws(server, "iam", "attach-role-policy", "--role-name", name, "--policy-arn",
         "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    listed = _aws(server, "iam", "list-attached-role-policies", "--role-name", name)
    assert listed["AttachedPolicies"][0]["PolicyName"] == "AWSLambdaBasicExecutionRole"
    got = _aws(server, "iam", "get-role", "--role-name", name)
    assert got["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Action"] == "sts:AssumeRole"
