"""How failures look through Invoke, and that the next invoke works each time.
https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html
https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cloudlet.testing import function_ready
from tests.e2e.lambda_.conftest import CreateFn, invoke_json, make_zip, python_zip

FAILING = """
    import os
    import sys
    import time

    def handler(event, context):
        what = event.get("fail")
        if what == "raise":
            raise ValueError("bad input: 42")
        if what == "sleep":
            time.sleep(5)
        if what == "memory":
            hog = bytearray(300 * 1024 * 1024)
            hog[::4096] = b"x" * len(hog[::4096])
            return len(hog)
        if what == "sys.exit":
            sys.exit(3)
        if what == "os._exit":
            os._exit(1)
        if what == "big":
            return "x" * (6 * 1024 * 1024 + 200)
        return "ok"
"""


@pytest.fixture
def failing(create_function: CreateFn) -> str:
    return create_function(FAILING, Timeout=1, MemorySize=128)


def _then_ok(lambda_client: Any, name: str) -> None:
    body, resp = invoke_json(lambda_client, name, {})
    assert "FunctionError" not in resp and body == "ok"


def test_unhandled_exception(lambda_client: Any, failing: str) -> None:
    body, resp = invoke_json(lambda_client, failing, {"fail": "raise"})
    assert resp["StatusCode"] == 200
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorMessage"] == "bad input: 42"
    assert body["errorType"] == "ValueError"
    assert body["requestId"] == resp["ResponseMetadata"]["RequestId"]
    assert any("raise ValueError" in line for line in body["stackTrace"])
    _then_ok(lambda_client, failing)


def test_timeout(lambda_client: Any, failing: str) -> None:
    body, resp = invoke_json(lambda_client, failing, {"fail": "sleep"})
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Sandbox.Timedout"
    assert body["errorMessage"].endswith("Task timed out after 1.00 seconds")
    _then_ok(lambda_client, failing)


def test_out_of_memory(lambda_client: Any, create_function: CreateFn) -> None:
    # Its own timeout: the kernel reclaims for 0.7-0.9 s here before it kills in a 128 MB
    # cgroup, which raced the shared fixture's 1 s (Sandbox.Timedout now and then).
    hungry = create_function(FAILING, Timeout=10, MemorySize=128)
    body, resp = invoke_json(lambda_client, hungry, {"fail": "memory"}, LogType="Tail")
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] in ("Runtime.OutOfMemory", "MemoryError")
    _then_ok(lambda_client, hungry)


@pytest.mark.parametrize("how", ["sys.exit", "os._exit"])
def test_process_exit(lambda_client: Any, failing: str, how: str) -> None:
    body, resp = invoke_json(lambda_client, failing, {"fail": how})
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.ExitError"
    assert "Runtime exited" in body["errorMessage"]
    _then_ok(lambda_client, failing)


def test_response_over_6mb_is_a_function_error(lambda_client: Any, failing: str) -> None:
    body, resp = invoke_json(lambda_client, failing, {"fail": "big"})
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Function.ResponseSizeTooLarge"
    _then_ok(lambda_client, failing)


def test_import_error_then_fixed_code_works(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function("import no_such_module\n\ndef handler(event, context):\n    return 'ok'\n")
    for _ in range(2):
        body, resp = invoke_json(lambda_client, name)
        assert resp["FunctionError"] == "Unhandled"
        assert body["errorType"] == "Runtime.ImportModuleError"
        assert body["errorMessage"].startswith("Unable to import module 'app': No module named 'no_such_module'")
    lambda_client.update_function_code(FunctionName=name, ZipFile=python_zip(FAILING))
    function_ready(lambda_client, name)
    _then_ok(lambda_client, name)


def test_missing_handler(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function("def other(event, context):\n    return 1\n")
    body, resp = invoke_json(lambda_client, name)
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.HandlerNotFound"
    assert body["errorMessage"] == "Handler 'handler' missing on module 'app'"
    lambda_client.update_function_configuration(FunctionName=name, Handler="app.other")
    function_ready(lambda_client, name)
    assert invoke_json(lambda_client, name)[0] == 1


def test_syntax_error(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(zip_bytes=make_zip({"app.py": "def handler(:\n"}))
    body, resp = invoke_json(lambda_client, name)
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.UserCodeSyntaxError"


def test_missing_function_is_404(lambda_client: Any) -> None:
    with pytest.raises(ClientError) as err:
        lambda_client.invoke(FunctionName="nobody-here", Payload=b"{}")
    resp = err.value.response
    assert resp["Error"]["Code"] == "ResourceNotFoundException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert resp["Error"]["Message"] == (
        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nobody-here")


def test_payload_that_is_not_json_is_invalid_content(lambda_client: Any, failing: str) -> None:
    with pytest.raises(ClientError) as err:
        lambda_client.invoke(FunctionName=failing, Payload=b"hello there")
    resp = err.value.response
    assert resp["Error"]["Code"] == "InvalidRequestContentException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert resp["Error"]["Message"].startswith("Could not parse request body into json: ")


def test_request_over_6mb_is_too_large(lambda_client: Any, failing: str) -> None:
    payload = json.dumps({"data": "x" * (6 * 1024 * 1024)}).encode()
    with pytest.raises(ClientError) as err:
        lambda_client.invoke(FunctionName=failing, Payload=payload)
    resp = err.value.response
    assert resp["Error"]["Code"] == "RequestEntityTooLargeException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 413
    assert resp["Error"]["Message"] == (
        "Request must be smaller than 6291456 bytes for the InvokeFunction operation")


def test_event_over_1mb_is_too_large(lambda_client: Any, failing: str) -> None:
    payload = json.dumps({"data": "x" * (1024 * 1024)}).encode()
    with pytest.raises(ClientError) as err:
        lambda_client.invoke(FunctionName=failing, Payload=payload, InvocationType="Event")
    resp = err.value.response
    assert resp["Error"]["Code"] == "RequestEntityTooLargeException"
    assert resp["Error"]["Message"] == (
        f"{len(payload)} byte payload is too large for the Event invocation type (limit 1048576 bytes)")
