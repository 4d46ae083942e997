"""UpdateFunctionCode and UpdateFunctionConfiguration.
https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cloudlet.testing import function_ready
from tests.e2e.lambda_.conftest import CreateFn, invoke_json, make_zip, python_zip

V1 = "def handler(event, context):\n    return 'v1'\n"
V2 = "def handler(event, context):\n    return 'v2'\n"
ENV = "import os\n\ndef handler(event, context):\n    return os.environ.get('COLOR')\n"


def test_new_code_runs_on_the_next_invoke(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    assert invoke_json(lambda_client, name)[0] == "v1"
    before = lambda_client.get_function_configuration(FunctionName=name)
    after = lambda_client.update_function_code(FunctionName=name, ZipFile=python_zip(V2))
    assert after["CodeSha256"] != before["CodeSha256"]
    assert after["RevisionId"] != before["RevisionId"]
    assert after["LastUpdateStatus"] == "InProgress"
    lambda_client.get_waiter("function_updated_v2").wait(FunctionName=name)
    assert invoke_json(lambda_client, name)[0] == "v2"


def test_new_configuration_applies_on_the_next_invoke(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(ENV, Environment={"Variables": {"COLOR": "red"}})
    assert invoke_json(lambda_client, name)[0] == "red"
    resp = lambda_client.update_function_configuration(
        FunctionName=name, Environment={"Variables": {"COLOR": "blue"}}, Timeout=10)
    function_ready(lambda_client, name)
    assert resp["Environment"] == {"Variables": {"COLOR": "blue"}}
    assert resp["Timeout"] == 10
    assert resp["MemorySize"] == 128
    assert invoke_json(lambda_client, name)[0] == "blue"


def test_stale_revision_id_is_a_failed_precondition(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    old = lambda_client.get_function_configuration(FunctionName=name)["RevisionId"]
    lambda_client.update_function_configuration(FunctionName=name, Description="changed")
    function_ready(lambda_client, name)
    with pytest.raises(ClientError) as err:
        lambda_client.update_function_configuration(FunctionName=name, Timeout=5, RevisionId=old)
    assert err.value.response["Error"]["Code"] == "PreconditionFailedException"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412
    with pytest.raises(ClientError) as err:
        lambda_client.update_function_code(FunctionName=name, ZipFile=python_zip(V2), RevisionId=old)
    assert err.value.response["Error"]["Code"] == "PreconditionFailedException"


def test_updating_a_missing_function_is_404(lambda_client: Any) -> None:
    with pytest.raises(ClientError) as err:
        lambda_client.update_function_configuration(FunctionName="missing-fn", Timeout=5)
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_configuration_is_validated_like_create(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    with pytest.raises(ClientError) as err:
        lambda_client.update_function_configuration(FunctionName=name, Timeout=901)
    assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"
    with pytest.raises(ClientError) as err:
        lambda_client.update_function_configuration(
            FunctionName=name, Environment={"Variables": {"AWS_LAMBDA_FUNCTION_NAME": "x"}})
    assert "Reserved keys used in this request: AWS_LAMBDA_FUNCTION_NAME" in err.value.response["Error"]["Message"]


def test_invalid_zip_update_is_refused_and_old_code_stays(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    with pytest.raises(ClientError) as err:
        lambda_client.update_function_code(FunctionName=name, ZipFile=b"garbage")
    assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert invoke_json(lambda_client, name)[0] == "v1"


def test_dry_run_changes_nothing(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(V1)
    lambda_client.update_function_code(FunctionName=name, ZipFile=python_zip(V2), DryRun=True)
    assert invoke_json(lambda_client, name)[0] == "v1"


READS_ITS_FILE = """
    import os, time

    def handler(event, context):
        time.sleep(event.get("sleep", 0))
        with open(os.path.join(os.path.dirname(__file__), "data.txt")) as f:
            return f.read()
"""


@pytest.mark.parametrize("change", ["update", "delete"])
def test_an_invocation_in_flight_finishes_on_its_code(lambda_client: Any, create_function: CreateFn,
                                                        change: str) -> None:
    name = create_function(zip_bytes=make_zip({"app.py": READS_ITS_FILE, "data.txt": "v1"}),
                           Timeout=30)
    assert invoke_json(lambda_client, name)[0] == "v1"
    started = threading.Event()
    out: dict[str, Any] = {}

    def run() -> None:
        started.set()
        out["result"] = invoke_json(lambda_client, name, {"sleep": 2})

    thread = threading.Thread(target=run)
    thread.start()
    started.wait()
    time.sleep(0.8)  # the invocation is running
    if change == "update":
        lambda_client.update_function_code(
            FunctionName=name, ZipFile=make_zip({"app.py": READS_ITS_FILE, "data.txt": "v2"}))
        function_ready(lambda_client, name)
    else:
        lambda_client.delete_function(FunctionName=name)
    thread.join(30)
    body, resp = out["result"]
    assert "FunctionError" not in resp, body
    assert body == "v1"
    if change == "update":
        assert invoke_json(lambda_client, name)[0] == "v2"
