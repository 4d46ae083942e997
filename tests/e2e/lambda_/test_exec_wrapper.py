"""Wrapper scripts: ``AWS_LAMBDA_EXEC_WRAPPER`` starts the runtime through a script that
gets the runtime's command line as its arguments.
https://docs.aws.amazon.com/lambda/latest/dg/runtimes-modify.html#runtime-wrapper
"""

from __future__ import annotations

import base64
import contextlib
from typing import Any

from tests.e2e.lambda_.conftest import CreateFn, invoke_json, make_zip

# The example of the AWS page: extra interpreter options go before the last argument
# (the runtime's bootstrap script); a variable set here reaches the handler.
WRAPPER = """\
#!/bin/bash
export WRAPPED_BY="$0"
args=("$@")
extra_args=(%s)
args=("${args[@]:0:$#-1}" "${extra_args[@]}" "${args[@]: -1}")
exec "${args[@]}"
"""

PY_HANDLER = """
    import os, sys

    def handler(event, context):
        return {"wrapped_by": os.environ.get("WRAPPED_BY"), "utf8_mode": sys.flags.utf8_mode,
                "request_id": context.aws_request_id, "event": event}
"""

NODE_HANDLER = """
    exports.handler = async (event, context) => ({
      wrappedBy: process.env.WRAPPED_BY, execArgv: process.execArgv, requestId: context.awsRequestId,
    });
"""


def _log(resp: dict[str, Any]) -> str:
    return base64.b64decode(resp["LogResult"]).decode()


def test_python_wrapper_sets_variables_and_interpreter_options(
        lambda_client: Any, create_function: CreateFn) -> None:
    """A Python runtime is started as ``wrapper python ... bootstrap.py``: the wrapper's
    variables and the options it inserts before the last argument take effect, and the
    handler runs as usual (event, context, answer)."""
    code = make_zip({"app.py": PY_HANDLER, "wrapper.sh": WRAPPER % '"-X" "utf8"'},
                    executable=("wrapper.sh",))
    name = create_function(zip_bytes=code, Environment={
        "Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/var/task/wrapper.sh"}})

    body, resp = invoke_json(lambda_client, name, {"n": 1})
    again, _ = invoke_json(lambda_client, name, {"n": 2})

    assert "FunctionError" not in resp
    assert body["wrapped_by"] == "/var/task/wrapper.sh"
    assert body["utf8_mode"] == 1
    assert body["event"] == {"n": 1}
    assert body["request_id"] == resp["ResponseMetadata"]["RequestId"]
    assert again["event"] == {"n": 2}  # the same environment serves the next invocation


def test_python_wrapper_reports_handler_errors_as_usual(
        lambda_client: Any, create_function: CreateFn) -> None:
    """Through a wrapper the runtime still answers a handler's exception with the usual
    error body and ``X-Amz-Function-Error: Unhandled``."""
    code = make_zip({"app.py": "def handler(e, c):\n    raise ValueError('boom')\n",
                     "wrapper.sh": WRAPPER % ""}, executable=("wrapper.sh",))
    name = create_function(zip_bytes=code, Environment={
        "Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/var/task/wrapper.sh"}})

    body, resp = invoke_json(lambda_client, name, LogType="Tail")

    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "ValueError"
    assert body["errorMessage"] == "boom"
    assert body["requestId"] == resp["ResponseMetadata"]["RequestId"]
    assert "[ERROR] ValueError: boom" in _log(resp)


def test_wrapper_from_a_layer(lambda_client: Any, create_function: CreateFn,
                              unique_name: str) -> None:
    """A wrapper shipped in a layer is found under /opt."""
    layer = lambda_client.publish_layer_version(
        LayerName=f"{unique_name}-wrap",
        Content={"ZipFile": make_zip({"wrapper": WRAPPER % ""}, executable=("wrapper",))})
    try:
        name = create_function(PY_HANDLER, Layers=[layer["LayerVersionArn"]], Environment={
            "Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/opt/wrapper"}})
        body, resp = invoke_json(lambda_client, name)
    finally:
        with contextlib.suppress(Exception):
            lambda_client.delete_layer_version(LayerName=f"{unique_name}-wrap",
                                               VersionNumber=layer["Version"])
    assert "FunctionError" not in resp
    assert body["wrapped_by"] == "/opt/wrapper"


def test_node_wrapper_adds_node_options(lambda_client: Any, create_function: CreateFn) -> None:
    """A Node.js runtime is started as ``wrapper node ... bootstrap``: options inserted
    before the last argument reach node (``process.execArgv``)."""
    code = make_zip({"index.js": NODE_HANDLER, "wrapper.sh": WRAPPER % '"--no-warnings"'},
                    executable=("wrapper.sh",))
    name = create_function(zip_bytes=code, Runtime="nodejs20.x", Handler="index.handler",
                           Environment={"Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/var/task/wrapper.sh"}})

    body, resp = invoke_json(lambda_client, name)

    assert "FunctionError" not in resp
    assert body["wrappedBy"] == "/var/task/wrapper.sh"
    assert "--no-warnings" in body["execArgv"]


def test_missing_wrapper_fails_the_init_with_exit_status_127(
        lambda_client: Any, create_function: CreateFn) -> None:
    """AWS's runtime bootstrap prints ``<path>: does not exist`` and exits 127: the init
    fails with ``Runtime.ExitError``."""
    name = create_function(PY_HANDLER, Environment={
        "Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/var/task/nope.sh"}})

    body, resp = invoke_json(lambda_client, name, LogType="Tail")

    request_id = resp["ResponseMetadata"]["RequestId"]
    assert resp["FunctionError"] == "Unhandled"
    assert body == {"errorType": "Runtime.ExitError",
                    "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: "
                                    "exit status 127"}
    log = _log(resp)
    assert "/var/task/nope.sh: does not exist\n" in log
    assert "INIT_REPORT Init Duration: " in log
    assert "\tPhase: init\tStatus: error\tError Type: Runtime.ExitError\n" in log


def test_wrapper_that_is_not_executable_exits_126(
        lambda_client: Any, create_function: CreateFn) -> None:
    """A wrapper without the execute bit: ``<path>: is not an executable``, exit status 126."""
    code = make_zip({"app.py": PY_HANDLER, "wrapper.sh": WRAPPER % ""})  # mode 644
    name = create_function(zip_bytes=code, Environment={
        "Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/var/task/wrapper.sh"}})

    body, resp = invoke_json(lambda_client, name, LogType="Tail")

    assert body["errorType"] == "Runtime.ExitError"
    assert body["errorMessage"].endswith("Error: Runtime exited with error: exit status 126")
    assert "/var/task/wrapper.sh: is not an executable\n" in _log(resp)


def test_custom_runtimes_ignore_the_wrapper(lambda_client: Any, create_function: CreateFn) -> None:
    """``provided.*`` runtimes run ``bootstrap`` directly: the variable is the function's
    own business."""
    bootstrap = """\
#!/bin/sh
while true; do
  hdrs=$(mktemp)
  body=$(curl -sS -D "$hdrs" "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next")
  id=$(grep -i Lambda-Runtime-Aws-Request-Id "$hdrs" | tr -d '\\r' | cut -d' ' -f2)
  curl -sS -X POST "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$id/response" \\
    -d "\\"$AWS_LAMBDA_EXEC_WRAPPER\\"" >/dev/null
done
"""
    code = make_zip({"bootstrap": bootstrap}, executable=("bootstrap",))
    name = create_function(zip_bytes=code, Runtime="provided.al2023", Handler="x",
                           Environment={"Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/var/task/nope"}})

    body, resp = invoke_json(lambda_client, name)

    assert "FunctionError" not in resp
    assert body == "/var/task/nope"
