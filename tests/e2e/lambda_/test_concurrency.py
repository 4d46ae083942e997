"""Reserved concurrency, account concurrency and throttling.
https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, CreateFn, invoke_json, python_zip
from tests.server import RunningServer, serving

SLOW = "import time\n\ndef handler(event, context):\n    time.sleep(event.get('sleep', 0))\n    return 'done'\n"


def test_reservation_is_set_read_and_removed(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(SLOW)
    assert lambda_client.get_function_concurrency(FunctionName=name).get("ReservedConcurrentExecutions") is None
    resp = lambda_client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=3)
    assert resp["ReservedConcurrentExecutions"] == 3
    assert lambda_client.get_function_concurrency(FunctionName=name)["ReservedConcurrentExecutions"] == 3
    removed = lambda_client.delete_function_concurrency(FunctionName=name)
    assert removed["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "ReservedConcurrentExecutions" not in lambda_client.get_function_concurrency(FunctionName=name)


def test_reserved_zero_throttles_every_invoke(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(SLOW)
    lambda_client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
    with pytest.raises(ClientError) as err:
        lambda_client.invoke(FunctionName=name, Payload=b"{}")
    resp = err.value.response
    assert resp["Error"]["Code"] == "TooManyRequestsException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert resp["Error"]["Message"] == "Rate Exceeded."
    assert resp["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    assert resp["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "1"
    lambda_client.delete_function_concurrency(FunctionName=name)
    assert invoke_json(lambda_client, name)[0] == "done"


def test_reservations_cannot_eat_the_unreserved_minimum(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(SLOW)
    with pytest.raises(ClientError) as err:
        lambda_client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=50)
    assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert "below its minimum value of [5]" in err.value.response["Error"]["Message"]


def test_account_settings_show_limits_and_usage(server: RunningServer, create_function: CreateFn) -> None:
    client = make_client(server, "lambda", region="ca-central-1")
    name = create_function(SLOW, client=client)
    client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=10)
    settings = client.get_account_settings()
    assert settings["AccountLimit"]["ConcurrentExecutions"] == 50
    assert settings["AccountLimit"]["UnreservedConcurrentExecutions"] == 40
    assert settings["AccountLimit"]["CodeSizeZipped"] == 52428800
    assert settings["AccountLimit"]["CodeSizeUnzipped"] == 262144000
    assert settings["AccountUsage"]["FunctionCount"] == 1
    assert settings["AccountUsage"]["TotalCodeSize"] > 0


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server whose accounts may run only 2 invocations at once."""
    yield from serving(tmp_path_factory, "small", "--account-concurrency", "2")


def _invoke_all(server: RunningServer, name: str, count: int, sleep: float) -> list[str]:
    """Start ``count`` invokes at once; answer each one's outcome (``ok`` or the Reason)."""
    def one(_: int) -> str:
        client = make_client(server, "lambda")
        try:
            invoke_json(client, name, {"sleep": sleep})
            return "ok"
        except ClientError as err:
            assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 429
            return str(err.response["Reason"])

    with ThreadPoolExecutor(count) as pool:
        return sorted(pool.map(one, range(count)))


def _create(client: Any, name: str) -> None:
    client.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                           Handler="app.handler", Code={"ZipFile": python_zip(SLOW)})
    function_ready(client, name)
    invoke_json(client, name)  # warm one environment


def test_account_limit_throttles_the_extra_invoke(small: RunningServer, unique_name: str) -> None:
    client = make_client(small, "lambda")
    _create(client, unique_name)
    outcomes = _invoke_all(small, unique_name, 3, 1.5)
    assert outcomes == ["ConcurrentInvocationLimitExceeded", "ok", "ok"]
    assert invoke_json(client, unique_name)[0] == "done"


def test_reserved_limit_throttles_the_extra_invoke(small: RunningServer, unique_name: str) -> None:
    client = make_client(small, "lambda")
    _create(client, unique_name)
    client.put_function_concurrency(FunctionName=unique_name, ReservedConcurrentExecutions=1)
    outcomes = _invoke_all(small, unique_name, 2, 1.5)
    assert outcomes == ["ReservedFunctionConcurrentInvocationLimitExceeded", "ok"]


def test_throttled_events_wait_and_run(small: RunningServer, unique_name: str, shared_dir: Path) -> None:
    client = make_client(small, "lambda")
    marker = shared_dir / "ran"
    source = f"import time\n\ndef handler(event, context):\n    time.sleep(0.5)\n    open({str(marker)!r}, 'a').write('x')\n"
    client.create_function(FunctionName=unique_name, Runtime="python3.12", Role=ROLE,
                           Handler="app.handler", Code={"ZipFile": python_zip(source)})
    function_ready(client, unique_name)
    for _ in range(4):
        assert client.invoke(FunctionName=unique_name, InvocationType="Event", Payload=b"{}")["StatusCode"] == 202
    import time

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (not marker.exists() or len(marker.read_text()) < 4):
        time.sleep(0.1)
    assert marker.read_text() == "xxxx"
