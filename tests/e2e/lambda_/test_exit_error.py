"""Runtime.ExitError: the runtime process ends during init or during an invocation.

Lambda answers ``{"errorType": "Runtime.ExitError", "errorMessage": "RequestId: ID Error:
Runtime exited with error: exit status 1"}`` (or ``signal: killed``, ``signal:
segmentation fault``), logs that message and ``Runtime.ExitError`` before END, writes
``Status: error\\tError Type: Runtime.ExitError`` in REPORT and, when the init failed,
``INIT_REPORT ... Phase: init\\tStatus: error\\tError Type: Runtime.ExitError``.
https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html
https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.e2e.lambda_.conftest import CreateFn, invoke_json, make_zip

IN_INVOKE = """
    import os, signal, sys

    def handler(event, context):
        how = event.get("how")
        print("about to end")
        if how == "sys.exit":
            sys.exit(1)
        if how == "os._exit":
            os._exit(3)
        if how == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if how == "segfault":
            os.kill(os.getpid(), signal.SIGSEGV)
        return "alive"
"""

REASONS = {
    "sys.exit": "exit status 1",
    "os._exit": "exit status 3",
    "kill": "signal: killed",
    "segfault": "signal: segmentation fault",
}


def _log(resp: dict[str, Any]) -> str:
    return base64.b64decode(resp["LogResult"]).decode()


@pytest.mark.parametrize("how", sorted(REASONS))
def test_exit_during_invoke(lambda_client: Any, create_function: CreateFn, how: str) -> None:
    """The Invoke answer names the exit status or signal as Go's os/exec prints it; the
    log has the message and the error type between the output and END."""
    name = create_function(IN_INVOKE)

    body, resp = invoke_json(lambda_client, name, {"how": how}, LogType="Tail")

    request_id = resp["ResponseMetadata"]["RequestId"]
    message = f"RequestId: {request_id} Error: Runtime exited with error: {REASONS[how]}"
    assert resp["FunctionError"] == "Unhandled"
    assert body == {"errorType": "Runtime.ExitError", "errorMessage": message}
    lines = _log(resp).splitlines()
    end = lines.index(f"END RequestId: {request_id}")
    assert lines[end - 3:end] == ["about to end", message, "Runtime.ExitError"]
    assert lines[end + 1].endswith("\tStatus: error\tError Type: Runtime.ExitError\t")
    assert "INIT_REPORT" not in _log(resp)


def test_next_invoke_after_an_exit_gets_a_new_environment(
        lambda_client: Any, create_function: CreateFn) -> None:
    """The environment is gone after the exit: the next invocation is a cold start."""
    name = create_function(IN_INVOKE)
    invoke_json(lambda_client, name, {"how": "os._exit"})

    body, resp = invoke_json(lambda_client, name, LogType="Tail")

    assert body == "alive"
    assert "\tInit Duration: " in _log(resp)


@pytest.mark.parametrize("source, reason", [
    ("import sys\nsys.exit(1)\n", "exit status 1"),
    ("import os\nos._exit(2)\n", "exit status 2"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", "signal: segmentation fault"),
])
def test_exit_during_init(lambda_client: Any, create_function: CreateFn, source: str,
                          reason: str) -> None:
    """A runtime that ends while the handler module is imported fails the init: the
    invocation that caused the cold start gets Runtime.ExitError, and the log has
    INIT_REPORT with Status: error before START (REPORT then has no Init Duration)."""
    name = create_function(zip_bytes=make_zip({"app.py": source}))

    body, resp = invoke_json(lambda_client, name, LogType="Tail")

    request_id = resp["ResponseMetadata"]["RequestId"]
    message = f"RequestId: {request_id} Error: Runtime exited with error: {reason}"
    assert body == {"errorType": "Runtime.ExitError", "errorMessage": message}
    lines = _log(resp).splitlines()
    start = lines.index(f"START RequestId: {request_id} Version: $LATEST")
    assert lines[start - 1].startswith("INIT_REPORT Init Duration: ")
    assert lines[start - 1].endswith(" ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError")
    assert lines[start + 1:start + 4] == [message, "Runtime.ExitError", f"END RequestId: {request_id}"]
    report = lines[start + 4]
    assert report.startswith(f"REPORT RequestId: {request_id}\t")
    assert "Init Duration" not in report
    assert report.endswith("\tStatus: error\tError Type: Runtime.ExitError\t")


def test_init_error_reported_by_the_runtime(lambda_client: Any, create_function: CreateFn) -> None:
    """An import error is posted by the runtime (not an exit): INIT_REPORT names its type."""
    name = create_function("import not_there\n")

    body, resp = invoke_json(lambda_client, name, LogType="Tail")

    assert body["errorType"] == "Runtime.ImportModuleError"
    assert "\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError\n" in _log(resp)


def test_node_exit_during_invoke(lambda_client: Any, create_function: CreateFn) -> None:
    """process.exit(2) in a Node.js handler: exit status 2."""
    code = make_zip({"index.js": "exports.handler = async () => { process.exit(2); };\n"})
    name = create_function(zip_bytes=code, Runtime="nodejs20.x", Handler="index.handler")

    body, resp = invoke_json(lambda_client, name)

    request_id = resp["ResponseMetadata"]["RequestId"]
    assert body == {"errorType": "Runtime.ExitError",
                    "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status 2"}


def test_exit_during_init_json_log(lambda_client: Any, create_function: CreateFn) -> None:
    """With the JSON log format the init failure is a platform.initReport record with
    status error, and runtimeDone/report carry the error type."""
    name = create_function(zip_bytes=make_zip({"app.py": "import sys\nsys.exit(1)\n"}),
                           LoggingConfig={"LogFormat": "JSON"})

    _, resp = invoke_json(lambda_client, name, LogType="Tail")

    records = [json.loads(line) for line in _log(resp).splitlines() if line.startswith('{"time"')]
    assert [r["type"] for r in records] == ["platform.initReport", "platform.start",
                                            "platform.runtimeDone", "platform.report"]
    init = records[0]["record"]
    assert init["status"] == "error" and init["errorType"] == "Runtime.ExitError"
    assert init["phase"] == "init" and "durationMs" in init["metrics"]
    assert records[3]["record"]["status"] == "error"
    assert "initDurationMs" not in records[3]["record"]["metrics"]
