"""``cloudlet metrics`` (as ``sls metrics``) and ``cloudlet cost`` against a running server,
in an account of their own (a 12-digit access key) so the totals are exact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, function_ready, python_zip
from tests.server import RunningServer

ACCOUNT = "111122223333"
HANDLER = """
def handler(event, context):
    if event.get("fail"):
        raise ValueError("no")
    return "ok"
"""


def cloudlet(server: RunningServer, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cloudlet", *args, "--endpoint-url", server.url],
                          capture_output=True, text=True, timeout=60, cwd=cwd,
                          env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1",
                               "AWS_ACCESS_KEY_ID": ACCOUNT})


@pytest.fixture(scope="module")
def used(server: RunningServer) -> str:
    """A function invoked three times (one error) and a table written twice."""
    lam = make_client(server, "lambda", access_key=ACCOUNT)
    name = "metered"
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE.replace(
        "000000000000", ACCOUNT), Handler="app.handler", Code={"ZipFile": python_zip(HANDLER)},
        MemorySize=512, Architectures=["arm64"])
    function_ready(lam, name)
    for payload in (b"{}", b"{}", b'{"fail": true}'):
        lam.invoke(FunctionName=name, Payload=payload)
    ddb = make_client(server, "dynamodb", access_key=ACCOUNT)
    ddb.create_table(TableName="metered", BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    for key in ("a", "b"):
        ddb.put_item(TableName="metered", Item={"pk": {"S": key}})
    return name


def test_metrics_for_one_function(server: RunningServer, used: str, tmp_path: Path) -> None:
    done = cloudlet(server, tmp_path, "metrics", "-f", used, "--startTime", "30m")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == used and " - " in lines[1]
    assert lines[3:6] == ["Invocations: 3", "Throttles: 0", "Errors: 1"]
    assert lines[6].startswith("Duration (avg.): ") and lines[6].endswith("ms")


def test_metrics_service_wide(server: RunningServer, used: str, tmp_path: Path) -> None:
    done = cloudlet(server, tmp_path, "metrics", "--startTime", "1h", "--endTime", "0m")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Service wide metrics"
    assert "Invocations: 3" in done.stdout


def test_metrics_rejects_a_bad_time(server: RunningServer, tmp_path: Path) -> None:
    done = cloudlet(server, tmp_path, "metrics", "--startTime", "yesterday-ish")
    assert done.returncode == 2 and "--startTime" in done.stderr


def test_cost_per_service_and_function(server: RunningServer, used: str, tmp_path: Path) -> None:
    done = cloudlet(server, tmp_path, "cost", "--json")
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    assert found["region"] == "us-east-1" and found["pricesDate"]
    assert set(found["services"]) >= {"Lambda", "DynamoDB"}
    assert found["functions"][used]["cost"] > 0
    lambda_lines = [line for line in found["lines"] if line["service"] == "Lambda"]
    assert {line["item"] for line in lambda_lines} == {"GB-seconds (arm64, 512 MB)", "requests"}
    requests = next(line for line in lambda_lines if line["item"] == "requests")
    assert requests["quantity"] == 3 and requests["cost"] == pytest.approx(3 * 0.0000002)
    writes = next(line for line in found["lines"] if line["item"] == "write request units")
    assert writes["quantity"] == 2
    assert found["monthly"] == pytest.approx(found["total"] * 30 * 24, rel=0.05)

    text = cloudlet(server, tmp_path, "cost", "--window", "day")
    assert text.returncode == 0, text.stderr
    assert "Last day" in text.stdout and "By function" in text.stdout and used in text.stdout
    assert "Not recorded: SNS deliveries to HTTP" in text.stdout
