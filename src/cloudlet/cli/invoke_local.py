"""``cloudlet invoke local -f NAME [-d JSON | -p FILE]``: run a function's handler on this
machine with no server, as ``sls invoke local`` does, but with cloudlet's runtime.

The handler runs in a child process (``local_runtime``) speaking the runtime's private
channel: one INVOKE frame (request id, deadline, invoked ARN, trace id), one READY and one
RESULT frame back. The event and the context are therefore exactly what a deployed
function gets; the function's log goes to stderr as it is written, its result (or the
error body) to stdout. A handler still running at the timeout is killed and reported as
Lambda reports it (``Sandbox.Timedout``, "Task timed out after N.00 seconds").

LIMITATIONS
- Python runtimes only: other runtimes fail with "not supported: invoke local for RUNTIME".
- No sandbox (namespaces, cgroups, memory limit): the handler runs as the current user.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import click

from cloudlet.cli import local_function
from cloudlet.cli.cloud import account_of
from cloudlet.cli.options import endpoint_option, parse_params, region_option, stage_option
from cloudlet.cli.project import ProjectError, open_project
from cloudlet.runtime import contract, frames, variables
from cloudlet.runtime.spec import FunctionSpec


def run_local(function: local_function.LocalFunction, event: bytes, *, region: str,
              endpoint_url: str, extra_env: dict[str, str]) -> tuple[bytes, bool]:
    """Invoke once; answers ``(payload, is_error)``."""
    if function.runtime not in contract.PYTHON_RUNTIMES:
        raise click.ClickException(f"not supported: invoke local for {function.runtime}")
    account = account_of(os.environ.get("AWS_ACCESS_KEY_ID", "test"))
    arn = f"arn:aws:lambda:{region}:{account}:function:{function.name}"
    spec = FunctionSpec(account, region, function.name, arn, "$LATEST", function.runtime,
                        function.handler, function.code_dir, function.memory_mb,
                        function.timeout_s, {**function.environment, **extra_env}, None,
                        "local")
    now = time.time()
    environ = variables.build(spec, log_stream=contract.log_stream_name("$LATEST", now),
                              endpoint_url=endpoint_url, runtime_api="127.0.0.1:9001")
    environ["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    ours, theirs = socket.socketpair()
    child = subprocess.Popen(
        [sys.executable, "-m", "cloudlet.cli.local_runtime", str(theirs.fileno()),
         function.handler, str(function.code_dir)],
        env=environ, pass_fds=(theirs.fileno(),), stdout=sys.stderr.fileno(),
        stderr=sys.stderr.fileno(), stdin=subprocess.DEVNULL)
    theirs.close()
    request_id = str(uuid.uuid4())
    try:
        return _invoke(ours, child, spec, request_id, event)
    finally:
        ours.close()
        if child.poll() is None:
            child.kill()
        child.wait()


def _invoke(sock: socket.socket, child: subprocess.Popen[bytes], spec: FunctionSpec,
            request_id: str, event: bytes) -> tuple[bytes, bool]:
    reader = frames.FrameReader()
    deadline = time.time() + spec.timeout_s
    header = {"request_id": request_id, "deadline_ms": int(deadline * 1000),
              "invoked_arn": spec.invoked_arn, "trace_id": contract.trace_id(time.time())}
    sock.sendall(frames.encode(frames.INVOKE, header, event))
    pending: list[tuple[int, dict[str, object], bytes]] = []
    while True:
        while not pending:
            sock.settimeout(max(deadline - time.time(), 0.001))
            try:
                data = sock.recv(1 << 20)
            except TimeoutError:
                message = contract.timeout_message(request_id, spec.timeout_s)
                click.echo(contract.timeout_log_line(request_id, spec.timeout_s, time.time()),
                           err=True)
                return json.dumps(contract.platform_error(contract.SANDBOX_TIMEDOUT,
                                                          message)).encode(), True
            if not data:
                status = child.wait()
                message = contract.runtime_exited_message(
                    request_id, contract.exit_reason(status if status >= 0 else None,
                                                     -status if status < 0 else None))
                return json.dumps(contract.platform_error(contract.EXIT_ERROR,
                                                          message)).encode(), True
            pending.extend(reader.feed(data))
        kind, head, body = pending.pop(0)
        if kind == frames.READY and head.get("error"):
            return json.dumps(head["error"]).encode(), True
        if kind == frames.RESULT:
            return body, bool(head.get("error"))


@click.command("local")
@click.option("-f", "--function", "function", required=True,
              help="The serverless.yml key or template logical id of the function.")
@click.option("-d", "--data", default=None, help="The event, as JSON text.")
@click.option("-p", "--path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="A file holding the event JSON.")
@click.option("-e", "--env", "env", multiple=True, metavar="K=V",
              help="An extra environment variable (repeatable).")
@click.option("--dir", "directory", default=".", type=click.Path(exists=True, path_type=Path),
              help="The project (default: the current directory).")
@stage_option
@region_option
@endpoint_option
def invoke_local(function: str, data: str | None, path: Path | None, env: tuple[str, ...],
                 directory: Path, stage: str | None, region: str | None,
                 endpoint_url: str) -> None:
    """Run a function's handler here, with no server: same event and context as deployed."""
    if data is not None and path is not None:
        raise click.UsageError("give the event with --data or --path, not both")
    event = path.read_bytes() if path is not None else (data or "{}").encode()
    try:
        json.loads(event)
    except ValueError as exc:
        raise click.UsageError(f"the event is not valid JSON: {exc}") from None
    try:
        project = open_project(directory, stage=stage, region=region)
        found = local_function.from_project(project, function)
    except (ProjectError, KeyError) as error:
        message = error.args[0] if isinstance(error, KeyError) else str(error)
        raise click.ClickException(str(message)) from None
    for name in found.unresolved:
        click.echo(f"(environment variable {name} needs the deployed stack: left out)", err=True)
    payload, failed = run_local(found, event, region=project.region,
                                endpoint_url=endpoint_url, extra_env=parse_params(env))
    text = payload.decode("utf-8", "replace")
    with contextlib.suppress(ValueError):
        text = json.dumps(json.loads(text), indent=2)
    click.echo(text)
    if failed:
        sys.exit(1)
