"""The response modules CloudFormation puts beside inline code: ``cfnresponse.send``
(Python) and ``require('cfn-response').send`` (Node.js) PUT the custom resource's answer
to the event's ResponseURL.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-lambda-function-code-cfnresponsemodule.html
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.cloudformation_compute.support import ROLE, invoke
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer, serving

PY = """\
import cfnresponse

def handler(event, context):
    cfnresponse.send(event, context, cfnresponse.SUCCESS, {"Answer": "42"}, "phys-1")
    return "sent"
"""

NODE = """\
const response = require('cfn-response');
exports.handler = async (event, context) => {
  await response.send(event, context, response.SUCCESS, {Answer: '42'}, 'phys-1');
  return 'sent';
};
"""


@pytest.fixture(scope="module")
def host_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The response goes to a receiver on another loopback port: functions need the
    host's network for it (``--function-network host``), as for a real ResponseURL."""
    yield from serving(tmp_path_factory, "cfnresponse", "--function-network", "host")


@pytest.fixture(scope="module")
def host_lam(host_server: RunningServer) -> Any:
    return make_client(host_server, "lambda")


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    """A local HTTP server recording the PUTs it receives (method and JSON body)."""
    got: list[tuple[str, dict[str, Any]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((self.command, json.loads(body)))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_address[1]}/response?sig=1", got
    http.shutdown()
    http.server_close()


@pytest.mark.parametrize(("runtime", "source"), [("python3.12", PY), ("nodejs20.x", NODE)])
def test_inline_code_answers_through_the_response_module(
        host_server: RunningServer, host_lam: Any, receiver: tuple[str, list[Any]],
        runtime: str, source: str) -> None:
    server, lam = host_server, host_lam
    url, got = receiver
    stack = deploy(server, {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": runtime, "Handler": "index.handler", "Role": ROLE, "Timeout": 10,
        "Code": {"ZipFile": source}}}}})
    event = {"RequestType": "Create", "ResponseURL": url, "StackId": "arn:stack",
             "RequestId": "req-1", "LogicalResourceId": "Custom", "ResourceType": "Custom::X"}
    # AWS's Node.js module ends the invocation with context.done(), so the result is null.
    assert invoke(lam, stack.physical("Fn"), event) == ("sent" if runtime == "python3.12"
                                                        else None)
    assert len(got) == 1
    method, body = got[0]
    assert method == "PUT"
    assert body["Status"] == "SUCCESS"
    assert body["PhysicalResourceId"] == "phys-1"
    assert (body["StackId"], body["RequestId"], body["LogicalResourceId"]) == (
        "arn:stack", "req-1", "Custom")
    assert body["Data"] == {"Answer": "42"}
    assert body["Reason"].startswith("See the details in CloudWatch Log Stream: ")
    remove(server, stack.name)
