"""Runtimes on AWS's deprecation schedule.

https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated and
https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html: after a
runtime's "block function create" date CreateFunction with it is refused (python3.8 and
nodejs16.x from 2026-02-28, nodejs18.x from 2026-02-03) with InvalidParameterValueException
"The runtime parameter of python3.8 is no longer supported for creating or updating AWS
Lambda functions. We recommend you use a supported runtime while creating or updating
functions."; after its "block function update" date its functions' code and configuration
cannot be updated either; functions that already use it keep being invoked.
The dates are compared with the server's clock: a manual clock started before them
(``--clock-start``) can create such functions, and moving it past them shows each step.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, error_of, invoke_json, make_zip, python_zip
from tests.server import RunningServer

SOURCE = "import sys\n\ndef handler(event, context):\n    return 'ran'\n"


def refusal(runtime: str) -> tuple[str, int, str]:
    return ("InvalidParameterValueException", 400,
            f"The runtime parameter of {runtime} is no longer supported for creating or "
            "updating AWS Lambda functions. We recommend you use a supported runtime while "
            "creating or updating functions.")


def set_clock(server: RunningServer, when: datetime) -> None:
    request = urllib.request.Request(
        server.url + "/_cloudlet/clock", method="POST",
        data=json.dumps({"set": when.timestamp()}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    server = RunningServer(tmp_path_factory.mktemp("runtimes"), "--clock", "manual",
                           "--clock-start", "2025-12-01").start()
    try:
        yield server
    finally:
        server.stop()


def create(client: Any, name: str, runtime: str) -> Any:
    return client.create_function(FunctionName=name, Runtime=runtime, Role=ROLE,
                                  Handler="app.handler", Code={"ZipFile": python_zip(SOURCE)})


@pytest.mark.parametrize("runtime", ["python3.8", "nodejs16.x", "nodejs18.x", "python3.7",
                                     "nodejs14.x", "go1.x"])
def test_blocked_runtimes_are_refused_with_aws_words(lambda_client: Any, unique_name: str,
                                                     runtime: str) -> None:
    assert error_of(create, client=lambda_client, name=unique_name, runtime=runtime) == (
        refusal(runtime))


def test_a_deprecated_runtime_keeps_running_past_its_block_dates(manual: RunningServer,
                                                                 unique_name: str) -> None:
    """Created on 2025-12-01 (before python3.8's block dates); on 2026-03-01 a new one is
    refused but the existing one's code may still change; from 2026-03-31 its updates are
    refused too, and it is still invoked."""
    client = make_client(manual, "lambda")
    create(client, unique_name, "python3.8")
    function_ready(client, unique_name)
    assert invoke_json(client, unique_name)[0] == "ran"

    set_clock(manual, datetime(2026, 3, 1, tzinfo=UTC))
    assert error_of(create, client=client, name=unique_name + "b", runtime="python3.8") == (
        refusal("python3.8"))
    client.update_function_code(FunctionName=unique_name, ZipFile=python_zip(SOURCE + "\n"))
    function_ready(client, unique_name)

    set_clock(manual, datetime(2026, 12, 1, tzinfo=UTC))
    assert error_of(client.update_function_code, FunctionName=unique_name,
                 ZipFile=python_zip(SOURCE)) == refusal("python3.8")
    assert error_of(client.update_function_configuration, FunctionName=unique_name,
                 Timeout=9) == refusal("python3.8")
    assert invoke_json(client, unique_name)[0] == "ran"
    # Moving it to a supported runtime is an update, and is refused as well on AWS.
    assert error_of(client.update_function_configuration, FunctionName=unique_name,
                 Runtime="python3.12") == refusal("python3.8")
    client.delete_function(FunctionName=unique_name)


def test_changing_to_a_blocked_runtime_is_refused(lambda_client: Any, unique_name: str) -> None:
    """UpdateFunctionConfiguration to a runtime past its block-create date."""
    create(lambda_client, unique_name, "python3.12")
    try:
        function_ready(lambda_client, unique_name)
        assert error_of(lambda_client.update_function_configuration, FunctionName=unique_name,
                     Runtime="python3.8") == refusal("python3.8")
    finally:
        lambda_client.delete_function(FunctionName=unique_name)


@pytest.mark.parametrize("runtime", ["python3.9", "python3.10", "python3.11", "python3.12",
                                     "python3.13", "python3.14", "nodejs20.x", "nodejs22.x",
                                     "nodejs24.x"])
def test_every_supported_runtime_runs(lambda_client: Any, unique_name: str, runtime: str) -> None:
    """Each python3.x and nodejs runtime Lambda supports today creates and runs (on the
    local interpreter and node)."""
    if runtime.startswith("nodejs"):
        files = {"index.js": "exports.handler = async () => 'ran';\n"}
        handler = "index.handler"
    else:
        files = {"app.py": SOURCE}
        handler = "app.handler"
    lambda_client.create_function(FunctionName=unique_name, Runtime=runtime, Role=ROLE,
                                  Handler=handler, Code={"ZipFile": make_zip(files)})
    try:
        function_ready(lambda_client, unique_name)
        assert invoke_json(lambda_client, unique_name)[0] == "ran"
    finally:
        lambda_client.delete_function(FunctionName=unique_name)
