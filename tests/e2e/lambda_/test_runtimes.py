"""Runtimes other than Python, invoked through the API: Node.js and a custom runtime
(provided.al2023) speaking the Lambda Runtime API.
https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html
"""

from __future__ import annotations

from typing import Any

from tests.e2e.lambda_.conftest import CreateFn, invoke_json, make_zip

NODE = """
    let count = 0;
    exports.handler = async (event, context) => {
      count += 1;
      console.log("node says hi");
      if (event.fail) { throw new TypeError("node failed"); }
      return { event, count, name: context.functionName };
    };
"""

BOOTSTRAP = """
    #!/bin/sh
    set -eu
    API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
    while true; do
      HEADERS="$(mktemp)"
      EVENT="$(curl -sS -LD "$HEADERS" "$API/next")"
      REQUEST_ID="$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)"
      echo "custom runtime got $EVENT"
      curl -sS -X POST "$API/$REQUEST_ID/response" -d "{\\"echo\\": $EVENT, \\"handler\\": \\"$_HANDLER\\"}" > /dev/null
    done
"""


def test_nodejs_handler(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(Runtime="nodejs20.x", Handler="index.handler",
                           zip_bytes=make_zip({"index.js": NODE}))
    body, resp = invoke_json(lambda_client, name, {"a": 1}, LogType="Tail")
    assert "FunctionError" not in resp, body
    assert body == {"event": {"a": 1}, "count": 1, "name": name}
    assert invoke_json(lambda_client, name)[0]["count"] == 2
    error, resp = invoke_json(lambda_client, name, {"fail": True})
    assert resp["FunctionError"] == "Unhandled"
    assert error["errorType"] == "TypeError"
    assert error["errorMessage"] == "node failed"


def test_custom_runtime_bootstrap(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(Runtime="provided.al2023", Handler="my.handler",
                           zip_bytes=make_zip({"bootstrap": BOOTSTRAP}, executable=("bootstrap",)))
    body, resp = invoke_json(lambda_client, name, {"b": 2})
    assert "FunctionError" not in resp, body
    assert body == {"echo": {"b": 2}, "handler": "my.handler"}
    assert invoke_json(lambda_client, name, [3])[0] == {"echo": [3], "handler": "my.handler"}
