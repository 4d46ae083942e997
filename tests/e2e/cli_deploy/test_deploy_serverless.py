"""``cloudlet deploy`` of a serverless.yml service, as ``sls deploy``: the framework's flow
(create stack, upload artifacts to ServerlessDeploymentBucket, update stack), "No changes
to deploy" when nothing changed, ``deploy function``, function keys in invoke, ``package``
in the framework's .serverless layout (cfn-lint clean), ``remove``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import make_client
from tests.e2e.cli_deploy.conftest import endpoint, get, needs_serverless, run_cli
from tests.server import RunningServer

pytestmark = needs_serverless


@pytest.fixture
def hello(tmp_path: Path) -> Path:
    root = tmp_path / "hello"
    assert run_cli("init", "--template", "hello", str(root)).returncode == 0
    return root


def test_deploy_a_service_and_call_its_endpoint(server: RunningServer, hello: Path) -> None:
    done = run_cli("deploy", str(hello), "--stage", "clitest", server=server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✔ Service deployed to stack hello-clitest" in done.stdout
    assert "hello: hello-clitest-hello" in done.stdout
    url = endpoint(done.stdout, "GET", "/clitest/hello/{name}")
    status, body = get(url.replace("{name}", "ada"))
    assert status == 200
    assert json.loads(body)["message"] == "Hello, ada!"

    began = time.monotonic()
    again = run_cli("deploy", str(hello), "--stage", "clitest", server=server)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No changes to deploy. Deployment skipped." in again.stdout
    assert time.monotonic() - began < 10

    bucket = make_client(server, "cloudformation").describe_stack_resource(
        StackName="hello-clitest", LogicalResourceId="ServerlessDeploymentBucket")[
        "StackResourceDetail"]["PhysicalResourceId"]
    listed = make_client(server, "s3").list_objects_v2(Bucket=bucket)["Contents"]
    assert any(o["Key"].startswith("serverless/hello/clitest/") and o["Key"].endswith(".zip")
               for o in listed)

    removed = run_cli("remove", str(hello), "--stage", "clitest", server=server)
    assert removed.returncode == 0, removed.stdout + removed.stderr


def test_deploy_function_and_invoke_by_key(server: RunningServer, hello: Path) -> None:
    assert run_cli("deploy", str(hello), "--stage", "fn", server=server).returncode == 0
    source = hello / "src" / "hello.py"
    source.write_text(source.read_text().replace('"Hello"', '"Howdy"'))

    done = run_cli("deploy", "function", "-f", "hello", str(hello), "--stage", "fn",
                   server=server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Function code deployed: hello (hello-fn-hello)" in done.stdout
    # In the service folder, the serverless.yml key names the deployed function.
    invoked = run_cli("invoke", "-f", "hello", "--stage", "fn", "-d",
                      '{"pathParameters": {"name": "bo"}}', cwd=hello, server=server)
    assert invoked.returncode == 0, invoked.stderr
    assert json.loads(json.loads(invoked.stdout)["body"])["message"] == "Howdy, bo!"
    logs = run_cli("logs", "-f", "hello", "--stage", "fn", "--startTime", "10m", cwd=hello,
                   server=server)
    assert logs.returncode == 0, logs.stderr
    assert "START RequestId:" in logs.stdout


def test_package_writes_the_framework_layout(hello: Path, tmp_path: Path) -> None:
    import cfnlint.api

    out = tmp_path / "package"
    done = run_cli("package", str(hello), "--output", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("cloudformation-template-create-stack.json",
                 "cloudformation-template-update-stack.json", "serverless-state.json"):
        assert (out / name).is_file(), name
    assert list(out.glob("*.zip"))
    matches = cfnlint.api.lint_file(out / "cloudformation-template-update-stack.json")
    assert [str(m) for m in matches if m.rule.id.startswith("E")] == []
