"""Node.js functions through the Runtime API and cloudlet's bootstrap.js."""

from __future__ import annotations

import json
import os
import re

import pytest

from cloudlet.runtime.manager import RuntimeManager
from tests.runtime.conftest import Harness, invoke

pytestmark = pytest.mark.skipif(not os.path.exists("/usr/bin/node"), reason="node not installed")


def test_sync_async_and_callback_handlers(harness: Harness) -> None:
    files = {
        "index.js": """
        let count = 0;
        exports.sync = (event, context) => { count += 1; return {count, event}; };
        exports.asyncy = async (event, context) => ({
          name: context.functionName, mem: context.memoryLimitInMB, id: context.awsRequestId,
          arn: context.invokedFunctionArn, remaining: context.getRemainingTimeInMillis(),
          stream: context.logStreamName, group: context.logGroupName, region: process.env.AWS_REGION,
        });
        exports.cb = (event, context, callback) => { setTimeout(() => callback(null, 'called back'), 10); };
        """,
    }
    sync = harness.function(files, runtime="nodejs20.x", handler="index.sync", name="sync")
    asyncy = harness.function(files, runtime="nodejs20.x", handler="index.asyncy", name="asyncy")
    cb = harness.function(files, runtime="nodejs18.x", handler="index.cb", name="cb")

    async def body(m: RuntimeManager) -> list:
        return [
            await invoke(m, sync, b'{"a": 1}'),
            await invoke(m, sync, b'{"a": 2}'),
            await invoke(m, asyncy, request_id="rid-node"),
            await invoke(m, cb),
        ]

    first, second, ctx, called = harness.drive(body)
    assert json.loads(first.payload) == {"count": 1, "event": {"a": 1}}
    assert json.loads(second.payload) == {"count": 2, "event": {"a": 2}}
    assert first.init_duration_ms is not None and second.init_duration_ms is None
    info = json.loads(ctx.payload)
    assert info["name"] == "asyncy" and info["mem"] == "128" and info["id"] == "rid-node"
    assert info["arn"] == asyncy.arn and 2000 < info["remaining"] <= 3000
    assert info["group"] == "/aws/lambda/asyncy" and info["region"] == "eu-west-1"
    assert json.loads(called.payload) == "called back"


def test_thrown_error_and_console_log(harness: Harness) -> None:
    spec = harness.function(
        {
            "index.mjs": """
            export const handler = async (event) => {
              console.log("about to fail", {x: 1});
              throw new TypeError("bad thing");
            };
            """
        },
        runtime="nodejs22.x",
        handler="index.handler",
    )
    result = harness.drive(lambda m: invoke(m, spec, request_id="rid-js"))
    assert result.function_error == "Unhandled"
    error = json.loads(result.payload)
    assert error["errorType"] == "TypeError"
    assert error["errorMessage"] == "bad thing"
    assert error["trace"][0] == "TypeError: bad thing"
    lines = result.log.splitlines()
    assert re.fullmatch(r"\S+Z\trid-js\tINFO\tabout to fail \{ x: 1 \}", lines[1])
    assert any("\trid-js\tERROR\tInvoke Error \t{" in line for line in lines)
    # the environment survives a handled error
    assert "Status: error" not in result.log


def test_import_and_handler_errors(harness: Harness) -> None:
    missing = harness.function({"index.js": "exports.x = 1;"}, runtime="nodejs20.x", handler="nope.handler", name="m1")
    absent = harness.function({"index.js": "exports.x = 1;"}, runtime="nodejs20.x", handler="index.handler", name="m2")

    async def body(m: RuntimeManager) -> list:
        return [await invoke(m, missing), await invoke(m, absent)]

    a, b = harness.drive(body)
    assert json.loads(a.payload)["errorType"] == "Runtime.ImportModuleError"
    assert json.loads(a.payload)["errorMessage"].startswith("Error: Cannot find module 'nope'")
    assert json.loads(b.payload) == {
        "errorType": "Runtime.HandlerNotFound",
        "errorMessage": "index.handler is undefined or not exported",
        "trace": json.loads(b.payload)["trace"],
    }
    assert a.function_error == b.function_error == "Unhandled"


def test_node_timeout(harness: Harness) -> None:
    spec = harness.function(
        {"index.js": "exports.handler = () => new Promise(() => {});"}, runtime="nodejs20.x", timeout_s=1,
        handler="index.handler",
    )
    result = harness.drive(lambda m: invoke(m, spec, request_id="rid-t"))
    assert json.loads(result.payload)["errorType"] == "Sandbox.Timedout"
