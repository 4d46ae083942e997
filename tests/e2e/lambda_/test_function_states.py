"""Function states: Pending after CreateFunction, InProgress after an update, as Lambda
reports them and refuses what it refuses meanwhile.

https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html
- "After Lambda creates the function, it sets the state to pending ... Lambda does not
  invoke a function during pending state"; Invoke, UpdateFunctionCode,
  UpdateFunctionConfiguration and PublishVersion fail with ResourceConflictException.
- While ``LastUpdateStatus`` is ``InProgress`` the state stays Active, "invocations
  continue to use the function's previous code and configuration until the update
  completes", and further updates and PublishVersion fail.
- The answers' members and texts are those AWS records (CreateFunction: ``State:
  Pending``, ``StateReason: The function is being created.``, ``StateReasonCode:
  Creating``, no ``LastUpdateStatus``; an update: ``LastUpdateStatus: InProgress`` with
  ``LastUpdateStatusReason: The function is being created.`` and code ``Creating``).

The default window is milliseconds (``--lambda-state-delay 50``); the tests that watch a
transition run a server whose window is seconds, so what they see does not depend on
how fast the machine is.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, CreateFn, error_of, invoke_json, python_zip
from tests.server import RunningServer

V1 = "def handler(event, context):\n    return 'v1'\n"
V2 = "def handler(event, context):\n    return 'v2'\n"
WINDOW_S = 2.0


@pytest.fixture(scope="module")
def slow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Lambda client of a server whose transitions last WINDOW_S seconds."""
    data: Path = tmp_path_factory.mktemp("states")
    server = RunningServer(data, "--lambda-state-delay", str(int(WINDOW_S * 1000))).start()
    try:
        yield make_client(server, "lambda")
    finally:
        server.stop()


def create(client: Any, name: str, source: str = V1) -> dict[str, Any]:
    out: dict[str, Any] = client.create_function(
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
        Code={"ZipFile": python_zip(source)})
    return out


def test_create_answers_pending_and_the_waiter_sees_it_active(
        lambda_client: Any, create_function: CreateFn, unique_name: str) -> None:
    """CreateFunction's answer is Pending with AWS's reason and no LastUpdateStatus; the
    ``function_active_v2`` waiter (GetFunction until ``Configuration.State`` is Active)
    returns, and the function is then Active with its last update Successful."""
    out = create(lambda_client, unique_name)
    try:
        assert out["State"] == "Pending"
        assert out["StateReason"] == "The function is being created."
        assert out["StateReasonCode"] == "Creating"
        assert "LastUpdateStatus" not in out
        lambda_client.get_waiter("function_active_v2").wait(FunctionName=unique_name)
        config = lambda_client.get_function_configuration(FunctionName=unique_name)
        assert (config["State"], config["LastUpdateStatus"]) == ("Active", "Successful")
        assert "StateReason" not in config and "StateReasonCode" not in config
        assert invoke_json(lambda_client, unique_name)[0] == "v1"
    finally:
        lambda_client.delete_function(FunctionName=unique_name)


def test_a_pending_function_refuses_invoke_update_and_publish(slow: Any, unique_name: str) -> None:
    """While Pending: GetFunction says Pending; Invoke answers 409
    ResourceConflictException "... The function is currently in the following state:
    Pending"; updates and PublishVersion name the resource and its state."""
    create(slow, unique_name)
    arn = f"arn:aws:lambda:us-east-1:000000000000:function:{unique_name}"
    assert slow.get_function(FunctionName=unique_name)["Configuration"]["State"] == "Pending"
    assert error_of(slow.invoke, FunctionName=unique_name, Payload=b"{}") == (
        "ResourceConflictException", 409, "The operation cannot be performed at this time. "
        "The function is currently in the following state: Pending")
    assert error_of(slow.invoke, FunctionName=unique_name, InvocationType="Event")[0] == (
        "ResourceConflictException")
    conflict = ("ResourceConflictException", 409,
                f"The operation cannot be performed at this time. The resource {arn} is "
                "currently in the following state: 'Pending'. StateReasonCode: 'Creating'")
    assert error_of(slow.update_function_configuration, FunctionName=unique_name, Timeout=9) == conflict
    assert error_of(slow.update_function_code, FunctionName=unique_name,
                 ZipFile=python_zip(V2)) == conflict
    assert error_of(slow.publish_version, FunctionName=unique_name) == conflict
    # Other operations on the function work meanwhile.
    slow.tag_resource(Resource=arn, Tags={"k": "v"})
    assert function_ready(slow, unique_name)["Timeout"] == 3
    assert invoke_json(slow, unique_name)[0] == "v1"
    slow.delete_function(FunctionName=unique_name)


def test_during_an_update_the_previous_code_runs(slow: Any, unique_name: str) -> None:
    """UpdateFunctionCode answers InProgress (State still Active); until it completes,
    Invoke runs the previous code, another update or PublishVersion is refused with
    "An update is in progress for resource: ARN"; then the new code runs and
    ``function_updated_v2`` passes."""
    create(slow, unique_name)
    function_ready(slow, unique_name)
    arn = f"arn:aws:lambda:us-east-1:000000000000:function:{unique_name}"
    out = slow.update_function_code(FunctionName=unique_name, ZipFile=python_zip(V2))
    assert out["State"] == "Active"
    assert out["LastUpdateStatus"] == "InProgress"
    assert out["LastUpdateStatusReason"] == "The function is being created."
    assert out["LastUpdateStatusReasonCode"] == "Creating"
    assert slow.get_function_configuration(FunctionName=unique_name)[
        "LastUpdateStatus"] == "InProgress"
    assert invoke_json(slow, unique_name)[0] == "v1"
    busy = ("ResourceConflictException", 409, "The operation cannot be performed at this "
            f"time. An update is in progress for resource: {arn}")
    assert error_of(slow.update_function_configuration, FunctionName=unique_name,
                 Timeout=9) == busy
    assert error_of(slow.publish_version, FunctionName=unique_name) == busy
    started = time.monotonic()
    slow.get_waiter("function_updated_v2").wait(
        FunctionName=unique_name, WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    assert time.monotonic() - started < WINDOW_S + 1.5
    config = slow.get_function_configuration(FunctionName=unique_name)
    assert config["LastUpdateStatus"] == "Successful"
    assert "LastUpdateStatusReason" not in config
    assert invoke_json(slow, unique_name)[0] == "v2"
    assert slow.publish_version(FunctionName=unique_name)["Version"] == "1"
    slow.delete_function(FunctionName=unique_name)


def test_a_configuration_update_applies_once_complete(slow: Any, unique_name: str) -> None:
    """UpdateFunctionConfiguration: InProgress, the old environment variables seen by
    invocations meanwhile, the new ones after."""
    source = "import os\n\ndef handler(event, context):\n    return os.environ.get('COLOR')\n"
    create(slow, unique_name, source)
    function_ready(slow, unique_name)
    out = slow.update_function_configuration(FunctionName=unique_name,
                                             Environment={"Variables": {"COLOR": "blue"}})
    assert out["LastUpdateStatus"] == "InProgress"
    assert out["Environment"] == {"Variables": {"COLOR": "blue"}}
    assert invoke_json(slow, unique_name)[0] is None
    function_ready(slow, unique_name)
    assert invoke_json(slow, unique_name)[0] == "blue"
    slow.delete_function(FunctionName=unique_name)


def test_the_revision_changes_when_a_transition_ends(slow: Any, unique_name: str) -> None:
    """On AWS the RevisionId a CreateFunction or an update answered is replaced when the
    function becomes Active or the update completes, so an update that passes the answer's
    RevisionId afterwards fails with PreconditionFailedException (412)."""
    created = create(slow, unique_name)
    active = function_ready(slow, unique_name)
    assert active["RevisionId"] != created["RevisionId"]
    code, status, _ = error_of(slow.update_function_configuration, FunctionName=unique_name,
                               Timeout=5, RevisionId=created["RevisionId"])
    assert (code, status) == ("PreconditionFailedException", 412)
    updated = slow.update_function_configuration(FunctionName=unique_name, Timeout=5,
                                                 RevisionId=active["RevisionId"])
    assert updated["RevisionId"] != active["RevisionId"]
    assert function_ready(slow, unique_name)["RevisionId"] not in (
        updated["RevisionId"], active["RevisionId"])
    slow.delete_function(FunctionName=unique_name)


def test_create_with_publish_answers_the_pending_version(slow: Any, unique_name: str) -> None:
    """CreateFunction with Publish publishes version 1 as part of the creation: the
    answer is version 1, Pending; it is not refused as a PublishVersion would be."""
    out = slow.create_function(FunctionName=unique_name, Runtime="python3.12", Role=ROLE,
                               Handler="app.handler", Code={"ZipFile": python_zip(V1)},
                               Publish=True)
    assert (out["Version"], out["State"]) == ("1", "Pending")
    function_ready(slow, unique_name)
    assert invoke_json(slow, unique_name, Qualifier="1")[0] == "v1"
    slow.delete_function(FunctionName=unique_name)
