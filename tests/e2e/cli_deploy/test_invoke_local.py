"""``cloudlet invoke local``: the handler runs here, with no server, with the runtime's
event, context, log and error semantics."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli_deploy.conftest import run_cli, write_project

TEMPLATE = """
    AWSTemplateFormatVersion: "2010-09-09"
    Resources:
      Echo:
        Type: AWS::Lambda::Function
        Properties:
          FunctionName: local-echo
          Runtime: python3.12
          Handler: app.handler
          Timeout: 2
          MemorySize: 256
          Role: arn:aws:iam::000000000000:role/r
          Code: src
          Environment:
            Variables:
              GREETING: hi
              TABLE: !Ref Table
      Table:
        Type: AWS::SNS::Topic
"""
HANDLER = """
    import os, time

    def handler(event, context):
        print("local handler saw", event)
        if event.get("fail"):
            raise ValueError("local failure")
        if event.get("sleep"):
            time.sleep(event["sleep"])
        return {"event": event, "greeting": os.environ.get("GREETING"),
                "table": os.environ.get("TABLE"),
                "name": context.function_name, "memory": context.memory_limit_in_mb,
                "arn": context.invoked_function_arn,
                "remaining_ok": 0 < context.get_remaining_time_in_millis() <= 2000,
                "request_id": context.aws_request_id, "cwd": os.getcwd(),
                "task_root": os.environ["LAMBDA_TASK_ROOT"]}
"""


def project(tmp_path: Path) -> Path:
    return write_project(tmp_path, {"template.yaml": TEMPLATE, "src/app.py": HANDLER})


def test_invoke_local_runs_the_handler_with_a_lambda_context(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = run_cli("invoke", "local", "-f", "Echo", "-d", '{"a": 1}', cwd=root)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["event"] == {"a": 1}
    assert result["greeting"] == "hi"
    assert result["table"] is None  # a Ref needs the deployed stack
    assert result["name"] == "local-echo"
    assert result["memory"] == "256"  # a string, as awslambdaric reads it
    assert result["arn"] == "arn:aws:lambda:us-east-1:000000000000:function:local-echo"
    assert result["remaining_ok"] is True
    assert len(result["request_id"]) == 36
    assert result["cwd"] == result["task_root"] == str((root / "src").resolve())
    assert "local handler saw {'a': 1}" in done.stderr
    assert "TABLE needs the deployed stack" in done.stderr


def test_invoke_local_reports_an_error_as_lambda_does(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = run_cli("invoke", "local", "-f", "Echo", "-d", '{"fail": true}', cwd=root)
    assert done.returncode == 1
    error = json.loads(done.stdout)
    assert error["errorType"] == "ValueError"
    assert error["errorMessage"] == "local failure"
    assert any("raise ValueError" in line for line in error["stackTrace"])
    assert "[ERROR] ValueError: local failure" in done.stderr


def test_invoke_local_stops_the_handler_at_the_timeout(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = run_cli("invoke", "local", "-f", "Echo", "-d", '{"sleep": 10}', cwd=root, timeout=30)
    assert done.returncode == 1
    error = json.loads(done.stdout)
    assert error["errorType"] == "Sandbox.Timedout"
    assert error["errorMessage"].endswith("Task timed out after 2.00 seconds")


def test_invoke_local_reads_the_event_from_a_file(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "event.json").write_text('{"from": "file"}')
    done = run_cli("invoke", "local", "-f", "Echo", "-p", "event.json", cwd=root)
    assert json.loads(done.stdout)["event"] == {"from": "file"}


def test_invoke_local_of_an_unknown_function_names_the_known_ones(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = run_cli("invoke", "local", "-f", "Nope", cwd=root)
    assert done.returncode == 1
    assert "no function Nope in template.yaml (functions: Echo)" in done.stderr


def test_invoke_local_refuses_a_runtime_it_cannot_run(tmp_path: Path) -> None:
    root = project(tmp_path)
    text = (root / "template.yaml").read_text().replace("python3.12", "nodejs20.x")
    (root / "template.yaml").write_text(text)
    done = run_cli("invoke", "local", "-f", "Echo", cwd=root)
    assert done.returncode == 1
    assert "not supported: invoke local for nodejs20.x" in done.stderr
