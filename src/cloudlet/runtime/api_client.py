"""The Python runtime's Runtime API client, for environments started through a wrapper.

With ``AWS_LAMBDA_EXEC_WRAPPER`` the Python runtime is not forked from the zygote: the
wrapper execs a fresh interpreter on ``bootstrap/bootstrap.py``, which runs the same
``PythonRuntime`` loop over the Lambda Runtime API (as awslambdaric's
``lambda_runtime_client`` does) instead of the private channel.
https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html

LIMITATIONS: a ``MemoryError`` under the RLIMIT_AS stand-in for a memory cgroup is reported
as the handler's error, not as ``Runtime.OutOfMemory`` (the Runtime API has no such call).
"""

from __future__ import annotations

import http.client
import os
from typing import Any

from cloudlet.runtime import contract
from cloudlet.runtime.python_runtime import PythonRuntime

_BASE = "/2018-06-01/runtime"
_ERROR_TYPE = "Lambda-Runtime-Function-Error-Type"


class ApiChannel:
    """One keep-alive HTTP connection to ``$AWS_LAMBDA_RUNTIME_API``."""

    def __init__(self, address: str) -> None:
        host, _, port = address.rpartition(":")
        self.conn = http.client.HTTPConnection(host, int(port))
        self.execution_env = os.environ.get("AWS_EXECUTION_ENV", "")

    def _call(self, method: str, path: str, body: bytes | None = None,
              headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
        self.conn.request(method, _BASE + path, body=body, headers=headers or {})
        response = self.conn.getresponse()
        response.read()
        return response

    def ready(self, error: dict[str, Any] | None) -> None:
        """An init error goes to ``/init/error``; success is the first ``next``."""
        if error is not None:
            self._call("POST", "/init/error", contract.to_json(error, self.execution_env).encode(),
                       {_ERROR_TYPE: error.get("errorType") or "Unhandled",
                        "Content-Type": "application/json"})

    def next_invocation(self) -> tuple[dict[str, Any], bytes]:
        self.conn.request("GET", _BASE + "/invocation/next")
        response = self.conn.getresponse()
        body = response.read()
        if response.status != 200:
            os._exit(1)  # the environment is being torn down
        headers = response.headers
        header = {
            "request_id": headers.get("Lambda-Runtime-Aws-Request-Id", ""),
            "deadline_ms": int(headers.get("Lambda-Runtime-Deadline-Ms", "0")),
            "invoked_arn": headers.get("Lambda-Runtime-Invoked-Function-Arn", ""),
            "trace_id": headers.get("Lambda-Runtime-Trace-Id", ""),
            "client_context": headers.get("Lambda-Runtime-Client-Context"),
            "cognito_identity": headers.get("Lambda-Runtime-Cognito-Identity"),
        }
        return header, body

    def result(self, request_id: str, error: dict[str, Any] | None, content_type: str,
               body: bytes, maxrss_kb: int) -> None:
        if error is None:
            self._call("POST", f"/invocation/{request_id}/response", body,
                       {"Content-Type": content_type})
        else:
            self._call("POST", f"/invocation/{request_id}/error", body,
                       {_ERROR_TYPE: error.get("errorType") or "Unhandled",
                        "Content-Type": "application/json"})

    def out_of_memory(self) -> None:
        """Nothing to tell over the Runtime API (see LIMITATIONS)."""


def main() -> None:
    """Run the handler named by ``_HANDLER`` until the environment ends."""
    channel = ApiChannel(os.environ["AWS_LAMBDA_RUNTIME_API"])
    PythonRuntime(channel, os.environ.get("_HANDLER", ""), oom_on_memory_error=False).run()
