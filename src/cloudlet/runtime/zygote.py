"""The zygote: a warm interpreter that forks execution environments.

Started once by the manager (``python -m cloudlet.runtime.zygote FD``), it imports the
Python runtime and boto3/botocore, parses botocore's models of common services into a
cache every later botocore session starts from (``boto_cache``), creates nothing
account-, region- or function-specific, freezes
its objects out of the garbage collector (so children share its pages copy-on-write) and
then forks on request. A cold start is therefore a fork plus the handler module's own
imports: ``import boto3`` in a handler finds the module already loaded.

Each spawn produces two processes:

``init`` (forked from the zygote, pid 1 of a new PID namespace where available)
    joins the environment's cgroups, enters new mount and IPC namespaces and pivots into
    the environment's own read-only root (``rootfs``: the code at /var/task and the layers
    at /opt, a tmpfs /tmp, a fresh /proc), forks the runtime, reaps every process of the environment and,
    when the runtime ends, sends its wait status to the manager (``EXIT`` frame) and exits,
    which ends every process left in the namespace. A PID namespace's init ignores signals
    it sends itself, so the runtime is not pid 1: ``os.kill(os.getpid(), SIGSEGV)`` in a
    handler behaves as on Lambda.
``runtime`` (forked from init; a spare's init forks it ahead, and hands it its request
    once the root is built)
    stdout/stderr on the log pipe, limits applied, privileges dropped (uid 993, no
    capability, no new privileges: ``privileges``), then either the Python runtime in
    process (``cloudlet.runtime.python_runtime``) or ``execve`` of a Node/custom runtime,
    or of a wrapper script (``AWS_LAMBDA_EXEC_WRAPPER``) given the runtime's command line.

Protocol with the manager: a SOCK_SEQPACKET socket; each request is one JSON message with
two file descriptors attached (the environment's end of its private channel and the write
end of its log pipe); the reply is ``{"id": n, "pid": init's pid}``. ``{"op": "spare",
"spare": id, "cgroup_procs", "pidns", "netns", "rootfs", "unprivileged"}`` forks an init
ahead of need: it joins its cgroups, enters its network namespace, makes its mount
namespace and the function-independent part of its root (``rootfs.prepare``), forks its
runtime process, and waits; the reply carries the spare's own socket (the zygote keeps no
copy), on which the manager later sends the spawn request and its descriptors itself (one
process hop less on a cold start), or which it closes to end the spare. The first message
the zygote sends describes itself: ``{"pid", "vm_bytes", "pidns", "mountns", "overlay",
"rootfs", "unprivileged", "netns"}``.

LIMITATIONS
- All Python environments share the zygote's hash seed (``PYTHONHASHSEED``).
- ``atexit`` handlers do not run when a forked environment exits.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import resource
import signal
import socket
import sys
import traceback
from typing import Any, NoReturn

from cloudlet.runtime import (
    boto_cache,
    boto_prewarm,
    contract,
    frames,
    netns,
    privileges,
    rootfs,
    sandbox,
)

PRELOAD = (
    "boto3",
    "boto3.session",
    "boto3.resources.factory",
    "boto3.dynamodb.conditions",
    "boto3.dynamodb.types",
    "botocore.session",
    "botocore.client",
    "botocore.credentials",
    "botocore.endpoint",
    "botocore.parsers",
    "botocore.serialize",
    "botocore.regions",
    "botocore.loaders",
    "botocore.httpsession",
    "botocore.retries.standard",
    "json",
    "decimal",
    "uuid",
    "datetime",
    "urllib.request",
    "cloudlet.runtime.python_runtime",
)


def preload() -> None:
    """Import what every Python handler would otherwise import at its cold start, and
    parse botocore's models of common services once (``boto_cache``)."""
    import importlib

    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    named = os.environ.get("CLOUDLET_SDK_MODELS")
    services = (tuple(sorted({*named.split(","), *boto_cache.ALWAYS})) if named
                else boto_cache.SERVICES)
    resources = tuple(r for r in boto_cache.RESOURCES if r in services)
    with contextlib.suppress(Exception):  # no boto3: handlers bring their own
        boto_cache.warm(services, resources)
        boto_prewarm.warm(services)
    boto_cache.remember_preloaded()


def probe_namespaces() -> tuple[bool, bool, bool, bool, bool, bool]:
    """Can we create PID and mount namespaces (and mount /tmp and /proc in them)? Does
    the kernel merge folders with a read-only overlayfs (several layers at /opt)? Can an
    environment get its own root (``rootfs``), run unprivileged (``privileges``), have its
    own network namespace (``netns``)?"""
    if os.geteuid() != 0:
        return False, False, False, False, False, False
    own = os.open("/proc/self/ns/pid", os.O_RDONLY)
    try:
        try:
            sandbox.unshare(sandbox.CLONE_NEWPID)
        except OSError:
            pidns = False
        else:
            pidns = True
        pid = os.fork()
        if pid == 0:
            code = 0 if (os.getpid() == 1) == pidns else 3
            try:
                sandbox.private_mounts(tmp=True, proc=pidns)
            except OSError:
                code |= 1
            else:
                code |= _probe_overlay()
                code |= _probe_sandbox(pidns)
                code |= _probe_netns()
            os._exit(code)
        if pidns:
            sandbox.setns(own, sandbox.CLONE_NEWPID)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(own)
    code = os.waitstatus_to_exitcode(status)
    mountns = code & 3 == 0
    rooted = mountns and code & 8 == 0
    return (pidns and code & 2 == 0, mountns, mountns and code & 4 == 0, rooted,
            rooted and code & 16 == 0, mountns and code & 32 == 0)


def _probe_netns() -> int:
    """0 if this (probe) process can enter a network namespace and listen there, else 32."""
    try:
        netns.enter()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen(1)
    except OSError:
        return 32
    return 0


def _probe_sandbox(pidns: bool) -> int:
    """0 if a forked child can pivot into its own root (8 if not) and then drop every
    privilege and still read the interpreter's stdlib (16 if not)."""
    pid = os.fork()
    if pid == 0:
        try:
            rootfs.enter(keep=[sys.prefix, sys.base_prefix], read_only=[], tmp_mb=1, proc=pidns)
        except OSError:
            os._exit(8)
        try:
            privileges.drop()
            os.listdir(os.path.dirname(os.__file__))
            with open("/tmp/probe", "w"):
                pass
        except OSError:
            os._exit(16)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) & 24 if os.WIFEXITED(status) else 24


def _probe_overlay() -> int:
    """0 if two folders of the (private) /tmp merge read-only at a third, else 4."""
    try:
        for name in ("a", "b", "merged"):
            os.mkdir(f"/tmp/{name}")
        sandbox.overlay_read_only(["/tmp/a", "/tmp/b"], "/tmp/merged")
    except OSError:
        return 4
    return 0


class Zygote:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.own_pidns = os.open("/proc/self/ns/pid", os.O_RDONLY)

    def serve(self) -> None:
        while True:
            try:
                msg, fds, _flags, _addr = socket.recv_fds(self.sock, 1 << 20, 4)
            except InterruptedError:
                continue
            if not msg:
                return
            request = json.loads(msg)
            channel: socket.socket | None = None
            try:
                if request.get("op") == "spare":
                    pid, channel = self.make_spare(request)
                else:
                    pid = self.spawn(request, fds)
                reply: dict[str, Any] = {"id": request["id"], "pid": pid}
            except OSError as e:
                reply = {"id": request["id"], "error": str(e)}
            finally:
                for fd in fds:
                    os.close(fd)
            try:
                socket.send_fds(self.sock, [json.dumps(reply).encode()],
                                [channel.fileno()] if channel is not None else [])
            finally:
                if channel is not None:
                    channel.close()

    def _fork(self, pidns: bool, cgroup_procs: list[str]) -> int:
        """Fork (pid 1 of a new PID namespace with ``pidns``); 0 in the child."""
        if len(_freezers) > 256:
            _freezers.intersection_update(p for p in list(_freezers) if os.path.isdir(p))
        _freezers.update(os.path.dirname(p) for p in cgroup_procs)
        if pidns:
            sandbox.unshare(sandbox.CLONE_NEWPID)
        try:
            pid = os.fork()
        except OSError:
            if pidns:
                sandbox.setns(self.own_pidns, sandbox.CLONE_NEWPID)
            raise
        if pid != 0 and pidns:
            sandbox.setns(self.own_pidns, sandbox.CLONE_NEWPID)
        return pid

    def _child(self) -> None:
        self.sock.close()
        os.close(self.own_pidns)

    def spawn(self, request: dict[str, Any], fds: list[int]) -> int:
        ctl_fd, log_fd, *net_fd = fds
        pid = self._fork(request["pidns"], request["cgroup_procs"])
        if pid == 0:
            code = 1
            try:
                self._child()
                init_process(request, ctl_fd, log_fd, net_fd[0] if net_fd else -1)
            except BaseException:
                _report_setup_failure(log_fd)
            finally:
                os._exit(code)
        return pid

    def make_spare(self, request: dict[str, Any]) -> tuple[int, socket.socket]:
        """An environment's init forked ahead of need: it joins its cgroups now (the first
        move into a cgroup after a pause waits for an RCU grace period, ~20 ms) and waits
        for the spawn request that gives it its function, on the socket returned."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = self._fork(request["pidns"], request["cgroup_procs"])
        if pid == 0:
            try:
                ours.close()
                self._child()
                prepare_init(request["cgroup_procs"])
                if request.get("netns"):
                    netns.enter()  # ahead: a new network namespace costs ~3 ms
                # ahead: the mount namespace and the function-independent root
                prepared = rootfs.prepare(proc=request["pidns"]) if request.get("rootfs") else None
                # ahead: the runtime process, waiting for its request (a fork costs ~1-2 ms)
                runtime = _prefork_runtime([theirs.fileno(), prepared.host_tmp if prepared else -1],
                                           bool(request.get("unprivileged")))
                msg, fds, _flags, _addr = socket.recv_fds(theirs, 1 << 20, 4)
                if not msg or len(fds) not in (2, 3):
                    os._exit(0)
                theirs.close()
            except BaseException:
                os._exit(1)
            ctl_fd, log_fd, *net_fd = fds
            try:
                run_init(json.loads(msg), ctl_fd, log_fd, net_fd[0] if net_fd else -1,
                         net_entered=bool(request.get("netns")), prepared=prepared, runtime=runtime)
            except BaseException:
                _report_setup_failure(log_fd)
            finally:
                os._exit(1)
        theirs.close()
        return pid, ours


def _report_setup_failure(log_fd: int) -> None:
    with contextlib.suppress(OSError):
        os.write(log_fd, ("cloudlet: environment setup failed: " + traceback.format_exc()).encode())


def init_process(request: dict[str, Any], ctl_fd: int, log_fd: int, net_fd: int) -> NoReturn:
    """The environment's init: isolate, start the runtime, reap, report its end."""
    prepare_init(request["cgroup_procs"])
    run_init(request, ctl_fd, log_fd, net_fd)


def prepare_init(cgroup_procs: list[str]) -> None:
    """What an init does before it knows its function: its own session, death with the
    zygote, default signals, its cgroups."""
    os.setsid()
    sandbox.die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for procs in cgroup_procs:
        fd = os.open(procs, os.O_WRONLY)
        try:
            os.write(fd, b"0")
        finally:
            os.close(fd)


def run_init(request: dict[str, Any], ctl_fd: int, log_fd: int, net_fd: int = -1,
             net_entered: bool = False, prepared: rootfs.Prepared | None = None,
             runtime: tuple[int, socket.socket] | None = None) -> NoReturn:
    """The rest of init once it has its function: network, mounts (the root ``prepared``
    ahead by a spare, if it was), the runtime (forked ahead too, if it was), reaping."""
    if net_fd >= 0:
        if not net_entered:
            netns.enter()
        netns.listen(request["net_ports"], net_fd)
    if request.get("rootfs") and prepared is not None:
        rootfs.finish(prepared, keep=request["keep_paths"], read_only=request["mounts"],
                      tmp_mb=int(request["tmp_mb"]), shared=request["shared"])
    elif request.get("rootfs"):
        rootfs.enter(keep=request["keep_paths"], read_only=request["mounts"],
                     tmp_mb=int(request["tmp_mb"]), proc=request["pidns"], shared=request["shared"])
    elif request["mountns"]:
        sandbox.private_mounts(
            tmp=True, proc=request["pidns"], keep=request["keep_paths"], read_only=request["mounts"],
            tmp_mb=int(request.get("tmp_mb", 512)),
        )
    if runtime is not None:
        runtime_pid, channel = runtime
        socket.send_fds(channel, [json.dumps(request).encode()], [ctl_fd, log_fd])
        channel.close()
    else:
        runtime_pid = os.fork()
        if runtime_pid == 0:
            runtime_process(request, ctl_fd, log_fd)
    os.close(log_fd)
    ctl = socket.socket(fileno=ctl_fd)
    if not request["pidns"]:
        with contextlib.suppress(OSError):
            ctl.sendall(frames.encode(frames.STARTED, {"pid": runtime_pid}))
    status = 0
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid == runtime_pid:
            break
    with contextlib.suppress(OSError):
        ctl.sendall(frames.encode(frames.EXIT, {"status": status}))
    os._exit(0)


def _prefork_runtime(close: list[int], unprivileged: bool) -> tuple[int, socket.socket]:
    """A spare's runtime process, forked before its function is known: it closes the
    spare's descriptors (``close``; the host's /tmp among them), applies what does not
    depend on the function (``_fixed_limits``: rlimits, privileges) and rehearses
    an invocation's code paths (``python_runtime.rehearse``), then waits for the request
    and the channel and log descriptors that its init sends once it has pivoted into the
    function's root (the pivot moves this process's root and working directory too)."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        try:
            ours.close()
            for fd in close:
                if fd >= 0:
                    os.close(fd)
            os.chdir("/")
            _fixed_limits(unprivileged)
            from cloudlet.runtime.python_runtime import rehearse

            rehearse()
            msg, fds, _flags, _addr = socket.recv_fds(theirs, 1 << 20, 2)
            if not msg or len(fds) != 2:
                os._exit(0)
            theirs.close()
        except BaseException:
            os._exit(1)
        runtime_process(json.loads(msg), fds[0], fds[1], limited=True)
    theirs.close()
    return pid, ours


def _fixed_limits(unprivileged: bool) -> None:
    """What every runtime process gets whatever its function: no core files, 1,024
    descriptors, privileges dropped (``privileges``), death with its init (set after the
    drop: a change of credentials clears it)."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))
    if unprivileged:
        privileges.drop()
    sandbox.die_with_parent()


def runtime_process(request: dict[str, Any], ctl_fd: int, log_fd: int,
                    limited: bool = False) -> NoReturn:
    """The runtime: stdio on the log pipe, limits (``limited``: a spare's runtime applied
    them ahead), then the Python runtime or an exec."""
    code = 1
    try:
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        os.close(log_fd)
        devnull = os.open(os.devnull, os.O_RDONLY)  # the environment's own /dev/null
        os.dup2(devnull, 0)
        os.close(devnull)
        if not limited:
            _fixed_limits(bool(request.get("unprivileged")))
        if request["rlimit_as"]:
            limit = int(request["rlimit_as"])
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.chdir(request["cwd"])
        environ: dict[str, str] = request["environ"]
        if request["mode"] == "exec":
            os.set_inheritable(ctl_fd, False)
            argv: list[str] = request["argv"]
            wrapper: str | None = request.get("wrapper")
            if wrapper:
                argv = _through_wrapper(wrapper, argv)
            try:
                os.execve(argv[0], argv, environ)
            except OSError as e:
                if wrapper:  # bash's exec failing in AWS's bootstrap script
                    os.write(1, f"{wrapper}: {e.strerror or e}\n".encode())
                    os._exit(contract.WRAPPER_NOT_EXECUTABLE_STATUS)
                ctl = socket.socket(fileno=ctl_fd)
                ctl.sendall(
                    frames.encode(frames.READY, {"exec_error": f"fork/exec {argv[0]}: {e.strerror.lower() if e.strerror else e}"})
                )
                os._exit(127)
        os.environ.clear()
        os.environ.update(environ)
        import time

        time.tzset()
        sys.path[:] = request["sys_path"] + [p for p in sys.path if p and p != os.getcwd()]
        boto_cache.prefer_packaged(request["sys_path"])
        sys.argv[:] = [os.path.join(os.path.dirname(__file__), "python_runtime.py")]
        from cloudlet.runtime.python_runtime import FrameChannel, PythonRuntime

        sock = socket.socket(fileno=ctl_fd)
        PythonRuntime(FrameChannel(sock), request["handler"], request["oom_on_memory_error"]).run()
    except SystemExit as e:
        code = _exit_code(e)
    except BaseException:
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code)


def _through_wrapper(wrapper: str, argv: list[str]) -> list[str]:
    """``exec -- "$AWS_LAMBDA_EXEC_WRAPPER" <runtime command>``, with the checks AWS's
    ``/var/runtime/bootstrap`` makes first (see ``contract``)."""
    if not os.path.isfile(wrapper):
        os.write(1, (contract.wrapper_missing(wrapper) + "\n").encode())
        os._exit(contract.WRAPPER_MISSING_STATUS)
    if not os.access(wrapper, os.X_OK):
        os.write(1, (contract.wrapper_not_executable(wrapper) + "\n").encode())
        os._exit(contract.WRAPPER_NOT_EXECUTABLE_STATUS)
    return [wrapper, *argv]


def _exit_code(e: SystemExit) -> int:
    """What the interpreter would exit with for ``sys.exit(code)``."""
    if e.code is None:
        return 0
    if isinstance(e.code, int):
        return e.code & 0xFF
    with contextlib.suppress(BaseException):
        print(e.code, file=sys.stderr)
    return 1


_freezers: set[str] = set()  # cgroups of spawned environments that may be frozen


def _thaw_and_exit(signum: int, frame: object) -> None:
    """The manager died (parent-death signal): thaw every environment so that the
    parent-death SIGKILL of its init can take effect (frozen tasks do not die), then go."""
    for path in _freezers:
        for name, value in (("freezer.state", b"THAWED"), ("cgroup.freeze", b"0")):
            with contextlib.suppress(OSError):
                fd = os.open(os.path.join(path, name), os.O_WRONLY)
                try:
                    os.write(fd, value)
                finally:
                    os.close(fd)
    os._exit(0)


def main() -> None:
    sock = socket.socket(fileno=int(sys.argv[1]))
    signal.signal(signal.SIGTERM, _thaw_and_exit)
    sandbox.prctl(sandbox.PR_SET_PDEATHSIG, signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    preload()
    pidns, mountns, overlay, rooted, unprivileged, net = probe_namespaces()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # environments' init processes are reaped
    sandbox.prctl(sandbox.PR_SET_CHILD_SUBREAPER, 1)
    gc.collect()
    gc.freeze()
    with open("/proc/self/statm") as f:
        vm_bytes = int(f.read().split()[0]) * resource.getpagesize()
    hello = {"pid": os.getpid(), "vm_bytes": vm_bytes, "pidns": pidns, "mountns": mountns,
             "overlay": overlay, "rootfs": rooted, "unprivileged": unprivileged, "netns": net}
    sock.send(json.dumps(hello).encode())
    Zygote(sock).serve()


if __name__ == "__main__":
    main()
