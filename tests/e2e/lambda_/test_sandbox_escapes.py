"""A handler trying to leave its execution environment (issue 15): every attempt fails and
leaves the server and other functions working."""

from __future__ import annotations

import base64
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudlet.runtime.logstream import MAX_EVENT_BYTES
from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ECHO, ROLE, CreateFn, python_zip
from tests.server import RunningServer

PROBE = """
    import ctypes, errno, json, os, signal, socket, sys

    def _code(e):
        return errno.errorcode.get(e.errno, str(e.errno))

    def identity(event):
        status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
        import boto3
        return {"uid": os.getuid(), "euid": os.geteuid(), "gid": os.getgid(), "groups": os.getgroups(),
                "caps": {k: status[k].strip() for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")},
                "no_new_privs": status["NoNewPrivs"].strip(), "boto3": boto3.__version__,
                "pid": os.getpid(), "root": sorted(os.listdir("/"))}

    def write(event):
        out = {}
        for path in event["paths"]:
            try:
                with open(path, "w") as f:
                    f.write("x")
                out[path] = "written"
            except OSError as e:
                out[path] = _code(e)
        return out

    def read(event):
        out = {}
        for path in event["paths"]:
            try:
                if os.path.isdir(path):
                    os.listdir(path)
                else:
                    with open(path, "rb") as f:
                        f.read(1)
                out[path] = "read"
            except OSError as e:
                out[path] = _code(e)
        return out

    def cgroup(event):
        out = {"sys": os.path.exists("/sys/fs/cgroup"), "self": open("/proc/self/cgroup").read()}
        for line in out["self"].splitlines():
            _, ctrl, path = line.split(":", 2)
            for name in ("cgroup.procs", "memory.limit_in_bytes", "pids.max", "cgroup.freeze"):
                target = f"/sys/fs/cgroup/{ctrl or 'unified'}{path}/{name}"
                try:
                    with open(target, "w") as f:
                        f.write("0")
                    out[target] = "written"
                except OSError as e:
                    out[target] = _code(e)
        libc = ctypes.CDLL(None, use_errno=True)
        rc = libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)
        out["mount"] = errno.errorcode.get(ctypes.get_errno()) if rc else "mounted"
        return out

    def kill(event):
        out = {}
        for pid in event["pids"]:
            try:
                os.kill(pid, signal.SIGKILL)
                out[str(pid)] = "killed"
            except OSError as e:
                out[str(pid)] = _code(e)
        return out

    def fill_tmp(event):
        chunk, written = b"x" * (1 << 20), 0
        try:
            with open("/tmp/fill", "wb") as f:
                while written < (event["limit_mb"] + 64) << 20:
                    f.write(chunk)
                    f.flush()
                    written += len(chunk)
        except OSError as e:
            error = _code(e)
        else:
            error = None
        os.unlink("/tmp/fill")
        return {"error": error, "written_mb": written >> 20}

    def fork_bomb(event):
        while True:
            os.fork()

    def flood(event):
        line = "y" * 1023 + "\\n"
        for _ in range(event["mb"] * 1024):
            sys.stdout.write(line)
        sys.stdout.write("z" * (event["long_kb"] << 10) + "\\n")
        sys.stdout.flush()
        return "done"

    def connect(event):
        try:
            socket.create_connection(("127.0.0.1", event["port"]), timeout=2).close()
            return "connected"
        except OSError as e:
            return _code(e) if e.errno else type(e).__name__

    def handler(event, context):
        return globals()[event["probe"]](event)
"""


def _invoke(lambda_client: Any, name: str, event: dict[str, Any]) -> tuple[Any, str | None]:
    response = lambda_client.invoke(FunctionName=name, Payload=json.dumps(event).encode())
    return json.loads(response["Payload"].read()), response.get("FunctionError")


@pytest.fixture
def probe_fn(create_function: CreateFn) -> str:
    return create_function(PROBE, MemorySize=1024, Timeout=20)


def _still_serving(lambda_client: Any, create_function: CreateFn) -> None:
    other = create_function(ECHO)
    body, error = _invoke(lambda_client, other, {"ok": 1})
    assert error is None and body["event"] == {"ok": 1}


def test_runs_unprivileged_without_capabilities(lambda_client: Any, probe_fn: str) -> None:
    body, error = _invoke(lambda_client, probe_fn, {"probe": "identity"})
    assert error is None, body
    assert body["uid"] == body["euid"] == 993 and body["gid"] != 0 and body["groups"] == []
    assert set(body["caps"].values()) == {"0000000000000000"}
    assert body["no_new_privs"] == "1"
    assert body["pid"] != 1  # its own PID namespace; init is pid 1
    assert body["boto3"]
    assert "sys" not in body["root"] and "home" not in body["root"]


def test_writes_outside_tmp_fail(lambda_client: Any, probe_fn: str) -> None:
    paths = ["/var/task/new.py", "/var/task/app.py", "/etc/passwd", "/usr/new", "/new", "/opt/new",
             "/dev/new", os.path.join(os.path.dirname(os.__file__), "new.py"), "/tmp/ok"]
    body, error = _invoke(lambda_client, probe_fn, {"probe": "write", "paths": paths})
    assert error is None, body
    assert body.pop("/tmp/ok") == "written"
    assert set(body.values()) <= {"EROFS", "EACCES", "ENOENT"}, body


def test_host_secrets_and_other_code_are_invisible(
    lambda_client: Any, probe_fn: str, create_function: CreateFn, server: RunningServer, tmp_path: Path
) -> None:
    other = create_function(ECHO)
    lambda_client.invoke(FunctionName=other, Payload=b"{}")
    other_code = [str(p) for p in server.data_dir.rglob("app.py")]
    assert other_code
    host_tmp = Path("/tmp") / f"cloudlet-h1-{os.getpid()}"
    host_tmp.write_text("host")
    try:
        paths = ["/etc/shadow", "/etc/gshadow", "/root", "/home", str(server.data_dir),
                 str(Path.cwd()), str(host_tmp), str(tmp_path), *other_code]
        body, error = _invoke(lambda_client, probe_fn, {"probe": "read", "paths": paths})
    finally:
        host_tmp.unlink()
    assert error is None, body
    readable = {p for p, result in body.items() if result == "read"}
    # /root and the project folder show only the (empty) folders leading to the
    # interpreter and cloudlet's package, never their own files
    assert readable <= {"/root", str(Path.cwd())}, body
    hidden = ["/root/.bashrc", str(Path.cwd() / "pyproject.toml"), str(Path.cwd() / ".git")]
    body, _ = _invoke(lambda_client, probe_fn, {"probe": "read", "paths": hidden})
    assert set(body.values()) == {"ENOENT"}, body


def test_cgroups_are_invisible_and_mounts_refused(lambda_client: Any, probe_fn: str) -> None:
    body, error = _invoke(lambda_client, probe_fn, {"probe": "cgroup"})
    assert error is None, body
    assert body.pop("sys") is False
    assert body.pop("mount") == "EPERM"
    body.pop("self")
    assert body and set(body.values()) == {"ENOENT"}, body


def test_cannot_signal_the_server(
    lambda_client: Any, probe_fn: str, create_function: CreateFn, server: RunningServer
) -> None:
    assert server.proc is not None
    pids = [server.proc.pid, os.getpid(), 1]
    body, error = _invoke(lambda_client, probe_fn, {"probe": "kill", "pids": pids})
    # pid 1 is the environment's own init, which ignores what its namespace sends it
    assert body[str(server.proc.pid)] in ("ESRCH", "EPERM") and body[str(os.getpid())] in ("ESRCH", "EPERM")
    assert server.proc.poll() is None
    _still_serving(lambda_client, create_function)


def test_filling_tmp_ends_in_enospc_at_the_ephemeral_size(
    lambda_client: Any, create_function: CreateFn
) -> None:
    name = create_function(PROBE, MemorySize=1024, Timeout=30, EphemeralStorage={"Size": 600})
    body, error = _invoke(lambda_client, name, {"probe": "fill_tmp", "limit_mb": 600})
    assert error is None, body
    assert body["error"] == "ENOSPC" and 590 <= body["written_mb"] <= 600, body
    body, error = _invoke(lambda_client, name, {"probe": "identity"})
    assert error is None


def test_fork_bomb_ends_in_exit_error_and_the_next_invoke_works(
    lambda_client: Any, probe_fn: str, create_function: CreateFn, server: RunningServer
) -> None:
    body, error = _invoke(lambda_client, probe_fn, {"probe": "fork_bomb"})
    assert error == "Unhandled" and body["errorType"] == "Runtime.ExitError", body
    body, error = _invoke(lambda_client, probe_fn, {"probe": "identity"})
    assert error is None and body["uid"] == 993
    _still_serving(lambda_client, create_function)


def _rss_mb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def test_output_flood_is_capped(
    lambda_client: Any, probe_fn: str, create_function: CreateFn, server: RunningServer
) -> None:
    assert server.proc is not None
    _invoke(lambda_client, probe_fn, {"probe": "identity"})
    before = _rss_mb(server.proc.pid)
    response = lambda_client.invoke(FunctionName=probe_fn, LogType="Tail",
                                    Payload=json.dumps({"probe": "flood", "mb": 200, "long_kb": 0}))
    assert json.loads(response["Payload"].read()) == "done"
    assert _rss_mb(server.proc.pid) - before < 60
    tail = base64.b64decode(response["LogResult"]).decode()
    assert "of output in one invocation; the rest of it was dropped" in tail
    _still_serving(lambda_client, create_function)


def test_a_long_line_is_cut_at_256_kb(lambda_client: Any, probe_fn: str, logs_client: Any) -> None:
    lambda_client.invoke(FunctionName=probe_fn, Payload=json.dumps({"probe": "flood", "mb": 0, "long_kb": 1024}))
    events = logs_client.filter_log_events(logGroupName=f"/aws/lambda/{probe_fn}")["events"]
    long = [e["message"] for e in events if e["message"].startswith("z")]
    assert long and max(len(m.rstrip("\n")) for m in long) == MAX_EVENT_BYTES


def test_the_isolation_line_says_what_holds(server: RunningServer) -> None:
    line = next(x for x in server.output().splitlines() if "cloudlet: isolation:" in x)
    assert "own read-only root" in line and "uid 993 without capabilities" in line
    assert f"network: own namespace, only the edge port {server.port} reachable" in line


@pytest.fixture
def other_port() -> Iterator[int]:
    """A loopback port of the host that a function must not reach in isolated mode."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_the_edge_is_reachable_and_nothing_else(
    lambda_client: Any, probe_fn: str, server: RunningServer, other_port: int
) -> None:
    body, error = _invoke(lambda_client, probe_fn, {"probe": "connect", "port": server.port})
    assert error is None and body == "connected"
    body, error = _invoke(lambda_client, probe_fn, {"probe": "connect", "port": other_port})
    assert error is None and body == "ECONNREFUSED"


def test_host_network_reaches_other_ports(tmp_path: Path, other_port: int) -> None:
    host = RunningServer(tmp_path / "data", "--function-network", "host").start()
    try:
        client = make_client(host, "lambda")
        client.create_function(FunctionName="probe", Runtime="python3.12", Role=ROLE,
                               Handler="app.handler", Code={"ZipFile": python_zip(PROBE)})
        function_ready(client, "probe")
        body, error = _invoke(client, "probe", {"probe": "connect", "port": other_port})
        assert error is None and body == "connected"
        assert "network: host loopback" in host.output()
    finally:
        host.stop()
