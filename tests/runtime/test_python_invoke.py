"""Python functions: warm reuse, context, environment, results and logs, as on Lambda."""

from __future__ import annotations

import json
import os
import re

from cloudlet.runtime.manager import RuntimeManager
from tests.runtime.conftest import ACCOUNT, Harness, invoke

COUNTER = {
    "app.py": """
    import os
    count = 0
    def handler(event, context):
        global count
        count += 1
        return {"count": count, "pid": os.getpid()}
    """
}


def test_warm_environment_keeps_module_globals(harness: Harness) -> None:
    spec = harness.function(COUNTER)

    async def body(m: RuntimeManager) -> list[dict[str, int]]:
        return [json.loads((await invoke(m, spec)).payload) for _ in range(3)]

    results = harness.drive(body)
    assert [r["count"] for r in results] == [1, 2, 3]
    assert len({r["pid"] for r in results}) == 1


def test_init_duration_only_on_cold_start(harness: Harness) -> None:
    spec = harness.function(COUNTER)

    async def body(m: RuntimeManager) -> list:
        return [await invoke(m, spec, request_id="req-1"), await invoke(m, spec, request_id="req-2")]

    cold, warm = harness.drive(body)
    assert cold.init_duration_ms is not None and cold.init_duration_ms > 0
    assert warm.init_duration_ms is None
    assert "\tInit Duration: " in cold.log
    assert "Init Duration" not in warm.log
    assert cold.function_error is None and warm.function_error is None


def test_log_has_start_output_end_report(harness: Harness) -> None:
    spec = harness.function(
        {
            "app.py": """
            import logging, sys
            print("at init")
            logger = logging.getLogger()
            logger.setLevel(logging.INFO)
            def handler(event, context):
                print("hello from print")
                print("to stderr", file=sys.stderr)
                logger.info("info %s", "line")
                sys.stdout.write("no newline at end")
                return 1
            """
        }
    )

    async def body(m: RuntimeManager) -> object:
        return await invoke(m, spec, request_id="11111111-2222-3333-4444-555555555555")

    result = harness.drive(body)
    lines = result.log.splitlines()
    rid = "11111111-2222-3333-4444-555555555555"
    assert lines[0] == "at init"
    assert lines[1] == f"START RequestId: {rid} Version: $LATEST"
    assert lines[2] == "hello from print"
    assert lines[3] == "to stderr"
    assert re.fullmatch(rf"\[INFO\]\t\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z\t{rid}\tinfo line", lines[4])
    assert lines[5] == "no newline at end"
    assert lines[6] == f"END RequestId: {rid}"
    assert re.fullmatch(
        rf"REPORT RequestId: {rid}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\t"
        r"Memory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\t",
        lines[7],
    )
    # the sink got the same events under one Lambda-style stream name
    streams = {stream for _, stream, _, _ in harness.sink.events}
    assert len(streams) == 1
    assert re.fullmatch(r"\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}", streams.pop())
    assert harness.sink.messages() == lines


def test_context_object(harness: Harness) -> None:
    spec = harness.function(
        {
            "app.py": """
            import time
            def handler(event, context):
                first = context.get_remaining_time_in_millis()
                time.sleep(0.05)
                second = context.get_remaining_time_in_millis()
                return {
                    "function_name": context.function_name,
                    "function_version": context.function_version,
                    "invoked_function_arn": context.invoked_function_arn,
                    "memory_limit_in_mb": context.memory_limit_in_mb,
                    "aws_request_id": context.aws_request_id,
                    "log_group_name": context.log_group_name,
                    "log_stream_name": context.log_stream_name,
                    "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
                    "client_context": context.client_context.custom if context.client_context else None,
                    "first": first,
                    "second": second,
                }
            """
        },
        memory_mb=256,
        timeout_s=5,
    )

    async def body(m: RuntimeManager) -> object:
        return await invoke(
            m,
            spec,
            request_id="rid-1",
            client_context=json.dumps({"custom": {"k": "v"}, "env": {}, "client": {}}),
            cognito_identity=json.dumps({"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"}),
        )

    result = harness.drive(body)
    ctx = json.loads(result.payload)
    assert ctx["function_name"] == spec.name
    assert ctx["function_version"] == "$LATEST"
    assert ctx["invoked_function_arn"] == spec.arn
    assert ctx["memory_limit_in_mb"] == "256"
    assert ctx["aws_request_id"] == "rid-1"
    assert ctx["log_group_name"] == f"/aws/lambda/{spec.name}"
    assert ctx["log_stream_name"].endswith("]" + ctx["log_stream_name"][-32:])
    assert ctx["identity"] == ["id-1", "pool-1"]
    assert ctx["client_context"] == {"k": "v"}
    assert 4000 < ctx["first"] <= 5000
    assert ctx["second"] <= ctx["first"] - 40


def test_context_without_identity_or_client_context(harness: Harness) -> None:
    spec = harness.function(
        {
            "app.py": """
            def handler(event, context):
                return [context.identity.cognito_identity_id, context.client_context, context.log("x\\n")]
            """
        }
    )
    result = harness.drive(lambda m: invoke(m, spec))
    assert json.loads(result.payload) == [None, None, None]
    assert "\nx\n" in result.log


def test_environment_variables(harness: Harness) -> None:
    os.environ["CLOUDLET_SERVER_ONLY"] = "leak"
    spec = harness.function(
        {
            "app.py": """
            import os
            def handler(event, context):
                return dict(os.environ)
            """
        },
        environment={"MY_VAR": "mine", "AWS_REGION": "ignored", "TZ": ":UTC", "LANG": "C.UTF-8"},
    )
    try:
        env = json.loads(harness.drive(lambda m: invoke(m, spec)).payload)
    finally:
        del os.environ["CLOUDLET_SERVER_ONLY"]
    assert "CLOUDLET_SERVER_ONLY" not in env
    assert env["MY_VAR"] == "mine"
    assert env["LANG"] == "C.UTF-8"  # not reserved: the function may set it
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "eu-west-1"
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == spec.name
    assert env["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "128"
    assert env["AWS_LAMBDA_LOG_GROUP_NAME"] == f"/aws/lambda/{spec.name}"
    assert re.fullmatch(r"\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}", env["AWS_LAMBDA_LOG_STREAM_NAME"])
    assert env["AWS_EXECUTION_ENV"] == "AWS_Lambda_python3.12"
    assert env["_HANDLER"] == "app.handler"
    assert env["LAMBDA_TASK_ROOT"] == str(harness.task_root(spec))
    assert env["LAMBDA_RUNTIME_DIR"]
    assert env["AWS_LAMBDA_RUNTIME_API"]
    assert env["TZ"] == ":UTC"
    assert env["AWS_ACCESS_KEY_ID"] == ACCOUNT
    assert env["AWS_SECRET_ACCESS_KEY"] and env["AWS_SESSION_TOKEN"]
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4566"
    assert env["_X_AMZN_TRACE_ID"].startswith("Root=1-")
    for key in ("PATH", "LD_LIBRARY_PATH", "PYTHONPATH"):
        assert env[key]
    assert "/usr/bin" in env["PATH"].split(":")


def test_handler_in_folders_and_packages(harness: Harness) -> None:
    files = {
        "dir/sub/mod.py": "def fn(event, context):\n    return 'folder'\n",
        "pkg/__init__.py": "",
        "pkg/mod.py": "def fn(event, context):\n    return 'package'\n",
    }
    by_folder = harness.function(files, handler="dir/sub/mod.fn", name="folders")
    by_package = harness.function(files, handler="pkg.mod.fn", name="packages")

    async def body(m: RuntimeManager) -> list[bytes]:
        return [(await invoke(m, by_folder)).payload, (await invoke(m, by_package)).payload]

    assert harness.drive(body) == [b'"folder"', b'"package"']


def test_cwd_and_sys_path_start_with_the_code(harness: Harness) -> None:
    """/var/task (LAMBDA_TASK_ROOT) is the working directory and first on sys.path."""
    spec = harness.function(
        {"app.py": "import os, sys\ndef handler(e, c):\n    return [os.getcwd(), sys.path[0]]\n"}
    )
    result = json.loads(harness.drive(lambda m: invoke(m, spec)).payload)
    assert result == [str(harness.task_root(spec))] * 2


def test_event_reaches_handler_and_decimal_result_is_a_number(harness: Harness) -> None:
    spec = harness.function(
        {
            "app.py": """
            from decimal import Decimal
            def handler(event, context):
                return {"echo": event, "price": Decimal("1.10"), "count": Decimal(3), "text": "héllo"}
            """
        }
    )
    result = harness.drive(lambda m: invoke(m, spec, json.dumps({"a": [1, 2]}).encode()))
    assert result.payload == b'{"echo": {"a": [1, 2]}, "price": 1.10, "count": 3, "text": "h\xc3\xa9llo"}'


def test_bytes_and_none_results(harness: Harness) -> None:
    raw = harness.function({"app.py": "def handler(e, c):\n    return b'\\x00raw'\n"}, name="raw")
    none = harness.function({"app.py": "def handler(e, c):\n    return None\n"}, name="none")

    async def body(m: RuntimeManager) -> list[bytes]:
        return [(await invoke(m, raw)).payload, (await invoke(m, none)).payload]

    assert harness.drive(body) == [b"\x00raw", b"null"]


def test_handler_importing_boto3_talks_to_the_endpoint(harness: Harness) -> None:
    spec = harness.function(
        {
            "app.py": """
            import boto3
            def handler(event, context):
                client = boto3.client("dynamodb")
                return [client.meta.endpoint_url, client.meta.region_name]
            """
        }
    )
    assert json.loads(harness.drive(lambda m: invoke(m, spec)).payload) == [
        "http://127.0.0.1:4566",
        "eu-west-1",
    ]


def test_large_payload_round_trip(harness: Harness) -> None:
    spec = harness.function({"app.py": "def handler(e, c):\n    return e\n"})
    payload = json.dumps({"data": "x" * 5_000_000}).encode()
    assert harness.drive(lambda m: invoke(m, spec, payload)).payload == payload


def test_a_lot_of_output_is_all_collected(harness: Harness) -> None:
    spec = harness.function(
        {"app.py": "def handler(e, c):\n    for i in range(20000):\n        print('line', i)\n    return 1\n"}
    )
    result = harness.drive(lambda m: invoke(m, spec))
    lines = result.log.splitlines()
    assert lines[1] == "line 0"
    assert lines[-3] == "line 19999"
    assert lines[-2].startswith("END RequestId")
