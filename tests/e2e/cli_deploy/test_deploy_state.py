"""The fast "No changes to deploy" of a serverless.yml service: a second unchanged deploy
answers from ``.serverless/cloudlet-state.json`` after one DescribeStacks, and a stack
changed or deleted behind the CLI's back is noticed (the normal path runs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import make_client
from tests.e2e.cli_deploy.conftest import needs_serverless, run_cli
from tests.server import RunningServer

pytestmark = needs_serverless

STACK = "hello-state"


@pytest.fixture
def hello(tmp_path: Path) -> Path:
    root = tmp_path / "hello"
    assert run_cli("init", "--template", "hello", str(root)).returncode == 0
    return root


def deploy(server: RunningServer, hello: Path) -> str:
    done = run_cli("deploy", str(hello), "--stage", "state", server=server)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def mark_saved_summary(hello: Path) -> None:
    """Add an output only the state file knows, to tell its answer from the stack's."""
    path = hello / ".serverless" / "cloudlet-state.json"
    state = json.loads(path.read_text())
    state["summary"]["outputs"]["FromStateFile"] = "yes"
    path.write_text(json.dumps(state))


def test_unchanged_deploy_answers_from_the_state_file(server: RunningServer,
                                                      hello: Path) -> None:
    cfn = make_client(server, "cloudformation")
    assert "✔ Service deployed to stack hello-state" in deploy(server, hello)
    state = json.loads((hello / ".serverless" / "cloudlet-state.json").read_text())
    assert state["stack_id"] == cfn.describe_stacks(StackName=STACK)["Stacks"][0]["StackId"]

    mark_saved_summary(hello)
    again = deploy(server, hello)
    assert "No changes to deploy. Deployment skipped." in again
    assert "FromStateFile: yes" in again
    assert "hello: hello-state-hello" in again

    # An UpdateStack behind the CLI's back: the stack is described again.
    template = cfn.get_template(StackName=STACK)["TemplateBody"]
    template = json.loads(template) if isinstance(template, str) else template
    template.setdefault("Outputs", {})["ChangedBehindItsBack"] = {"Value": "indeed"}
    cfn.update_stack(StackName=STACK, TemplateBody=json.dumps(template),
                     Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"])
    cfn.get_waiter("stack_update_complete").wait(
        StackName=STACK, WaiterConfig={"Delay": 0.2, "MaxAttempts": 150})
    mark_saved_summary(hello)
    after_update = deploy(server, hello)
    assert "FromStateFile" not in after_update
    assert "ChangedBehindItsBack: indeed" in after_update

    # A deleted stack is deployed again (its bucket emptied first, as AWS needs).
    bucket = cfn.describe_stack_resource(
        StackName=STACK, LogicalResourceId="ServerlessDeploymentBucket")[
        "StackResourceDetail"]["PhysicalResourceId"]
    s3 = make_client(server, "s3")
    for listed in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
        s3.delete_object(Bucket=bucket, Key=listed["Key"])
    cfn.delete_stack(StackName=STACK)
    cfn.get_waiter("stack_delete_complete").wait(
        StackName=STACK, WaiterConfig={"Delay": 0.2, "MaxAttempts": 150})
    recreated = deploy(server, hello)
    assert "✔ Service deployed to stack hello-state" in recreated
    assert cfn.describe_stacks(StackName=STACK)["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"

    removed = run_cli("remove", str(hello), "--stage", "state", server=server)
    assert removed.returncode == 0, removed.stdout + removed.stderr
