"""The runtime manager: execution environments per function, concurrency, logs.

What Lambda does, on one machine:

- An environment serves one invocation at a time and stays warm afterwards (module
  globals survive). An invoke takes the most recently used idle environment of the
  function's version and revision; if none is idle it starts one (a cold start), unless
  the function's reserved concurrency or the account's concurrency is used up, in which
  case it raises :class:`ConcurrencyLimitExceeded` at once (Lambda throttles, it does not
  queue synchronous invokes).
- Environments of another revision are never reused; ``retire()`` drops a function's
  environments. Idle environments are reaped after ``idle_timeout_s``.
- Init errors are reported on the invocation that caused the cold start; a timeout, a
  crash or an out-of-memory kill destroys the environment, so the next invoke starts a
  fresh one.
- Logs: START, the runtime's output, END and REPORT per invocation (JSON records with a
  JSON ``LoggingConfig``; see ``platform_log``), sent to the log sink under the
  environment's log stream and returned in ``InvokeResult.log``.
- With cgroups, one environment init is forked ahead ("the spare") and has already joined
  fresh cgroups when a cold start takes it: after a pause, the first move of a process into
  a cgroup waits for an RCU grace period (~20 ms here), which the spare pays while nothing
  waits for it. The taken spare gets the function's memory limit and its request straight
  from the manager (not through the zygote); another is forked once its init has ended
  (a cold start meanwhile waits for it rather than contend for the same lock).
- A Python function whose environment sets ``AWS_LAMBDA_EXEC_WRAPPER`` is not forked from
  the zygote: its environment execs the wrapper with a fresh interpreter's command line
  (``bootstrap/bootstrap.py``), which speaks the Runtime API like the Node runtime.

Concurrency counts invocations in flight: per function (all versions, against the
function's reserved concurrency) and per account (against ``account_concurrency``).

If the server dies without ``stop()``, the zygote (parent-death signal) thaws every
environment and exits, and each environment's init dies with it; cgroups left behind by a
dead server are removed at the next start.

LIMITATIONS: the unreserved pool is not reduced by other functions' reservations;
provisioned concurrency, SnapStart, Extensions and response streaming are not
implemented; Python environments get ``AWS_LAMBDA_RUNTIME_API=127.0.0.1:9001`` (Lambda's
value) but are served over the private channel, so nothing listens there.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import socket
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cloudlet.runtime import contract, netns, platform_log, privileges, sandbox, spawn_request
from cloudlet.runtime.credentials import FunctionCredentials
from cloudlet.runtime.environment import Environment, Outcome
from cloudlet.runtime.errors import (
    ACCOUNT_LIMIT,
    RESERVED_LIMIT,
    ConcurrencyLimitExceeded,
    RuntimeStopped,
)
from cloudlet.runtime.logstream import Event, now_ms
from cloudlet.runtime.runtime_api import Invocation, RuntimeApi
from cloudlet.runtime.spares import Spare, Spares, hand_over
from cloudlet.runtime.spec import FunctionSpec, InvokeResult
from cloudlet.runtime.zygote_client import ZygoteClient

log = logging.getLogger("cloudlet")

LogSink = Callable[[FunctionSpec, str, list[tuple[int, str]]], None]

INIT_LIMIT_S = 10.0  # Lambda's init phase limit for on-demand functions
# host folders every environment sees read-write at their own path (tests, debugging)
SHARED_DIRS_VARIABLE = "CLOUDLET_FUNCTION_SHARED_DIRS"


@dataclass
class RuntimeConfig:
    endpoint_url: str
    account_concurrency: int = 1000
    idle_timeout_s: float = 300.0
    isolation: str = "auto"  # "auto" | "none"
    # The AWS services handlers can reach here: their SDK models are parsed once in the
    # zygote (empty: a default list of common services).
    sdk_models: tuple[str, ...] = ()
    # "isolated": a network namespace per environment where the OS allows (netns.py), or
    # "host": the host's loopback
    function_network: str = "host"
    # Issues each environment's session of the function's role (None: placeholder keys).
    credentials: FunctionCredentials | None = None


@dataclass
class _Pool:
    """Environments of one function version."""

    envs: list[Environment] = field(default_factory=list)


class RuntimeManager:
    """Starts, reuses, limits and stops execution environments."""

    def __init__(self, config: RuntimeConfig, log_sink: LogSink) -> None:
        self.config = config
        self.log_sink = log_sink
        self.zygote = ZygoteClient(config.sdk_models)
        self.cgroups = sandbox.Cgroups()
        self.isolation = spawn_request.Isolation(shared_dirs=[
            p for p in os.environ.get(SHARED_DIRS_VARIABLE, "").split(os.pathsep) if p])
        self.edge_port = urllib.parse.urlsplit(config.endpoint_url).port or 80
        self.freeze_mode: str | None = None
        self.description = ""
        self._pools: dict[tuple[str, str], _Pool] = {}
        self._busy_by_function: dict[str, int] = {}
        self._busy_by_account: dict[str, int] = {}
        self._reaper: asyncio.Task[None] | None = None
        self._cleanups: set[asyncio.Task[None]] = set()
        self._started = False
        self._stopping = False
        # One environment init forked ahead, already in fresh cgroups (``spares``).
        self.spares = Spares(self.zygote, self.isolation, self._release_later)
        self.spares.cgroups = self.cgroups

    # --- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        """Start the zygote, detect isolation, print one line saying what is in effect."""
        if self._started:
            return
        self._started = True
        self._stopping = self.spares.stopping = False
        await self.zygote.ensure()
        isolate = self.config.isolation == "auto"
        if isolate:
            self.cgroups = sandbox.detect_cgroups(f"cloudlet-{os.getpid()}-{secrets.token_hex(3)}")
            self.spares.cgroups = self.cgroups
            info, iso = self.zygote.info, self.isolation
            iso.pidns, iso.mountns = bool(info.get("pidns")), bool(info.get("mountns"))
            iso.rootfs, iso.unprivileged = bool(info.get("rootfs")), bool(info.get("unprivileged"))
            iso.netns = self.config.function_network == "isolated" and bool(info.get("netns"))
            self.freeze_mode = "cgroup" if self.cgroups.freezer else "signal"
        self.isolation.overlay = bool(self.zygote.info.get("overlay"))
        self.isolation.vm_bytes = int(self.zygote.info.get("vm_bytes", 0))
        self.description = self._describe(isolate)
        print(f"cloudlet: isolation: {self.description}", file=sys.stderr, flush=True)
        if self.cgroups.bases():
            self.spares.refill()
        interval = max(0.05, min(self.config.idle_timeout_s / 2, 10.0))
        self._reaper = asyncio.get_running_loop().create_task(self._reap_idle(interval))

    def _describe(self, isolate: bool) -> str:
        if not isolate:
            return "rlimits only (isolation=none)"
        if os.geteuid() != 0:
            return "rlimits only (no root), SIGSTOP between invocations"
        parts = []
        groups = []
        if self.cgroups.memory:
            groups.append(f"memory({self.cgroups.memory})")
        if self.cgroups.freezer:
            groups.append(f"freezer({self.cgroups.freezer})")
        if self.cgroups.pids_v1 or self.cgroups.v2_pids:
            groups.append("pids")
        parts.append("cgroup " + "+".join(groups) if groups else "no cgroups")
        if not self.cgroups.memory:
            parts.append("rlimit AS for memory")
        if not self.cgroups.freezer:
            parts.append("SIGSTOP between invocations")
        ns = [n for n, ok in (("pid", self.isolation.pidns), ("mount", self.isolation.mountns), ("ipc", self.isolation.rootfs)) if ok]
        parts.append(("+".join(ns) + " namespaces") if ns else "no namespaces")
        parts.append("own read-only root" if self.isolation.rootfs else "host root visible (pivot_root refused)")
        if self.isolation.netns:
            parts.append(f"network: own namespace, only the edge port {self.edge_port} reachable")
        elif self.config.function_network == "isolated":
            parts.append("network: host loopback (the OS refused a network namespace; "
                         "functions reach every loopback port)")
        else:
            parts.append("network: host loopback")
        if self.isolation.rootfs and self.isolation.shared_dirs:
            parts.append(f"{SHARED_DIRS_VARIABLE} shared read-write: {os.pathsep.join(self.isolation.shared_dirs)}")
        parts.append(f"uid {privileges.SANDBOX_UID} without capabilities" if self.isolation.unprivileged
                     else "runtime runs as root (could not drop privileges)")
        return ", ".join(parts)

    async def stop(self) -> None:
        """Fail running invocations, stop every environment and the zygote; leave nothing."""
        self._stopping = self.spares.stopping = True
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
            self._reaper = None
        envs = [env for pool in self._pools.values() for env in pool.envs]
        self._pools.clear()
        for env in envs:
            env.destroy()
        await self.spares.drop()
        await self._wait_gone(envs)
        await asyncio.gather(*(env.release_cgroups() for env in envs), *self._cleanups)
        await self.zygote.stop()
        for _ in range(100):
            if self.cgroups.remove():
                break
            await asyncio.sleep(0.01)
        for _ in range(5):  # let connections accepted just before closing see the close
            await asyncio.sleep(0)
        self._started = False

    async def _wait_gone(self, envs: list[Environment], limit_s: float = 5.0) -> None:
        """Until every process of these environments has exited (and been reaped)."""
        pids = [p for env in envs for p in (env.pid, env.runtime_pid) if p]
        deadline = time.monotonic() + limit_s
        while pids and time.monotonic() < deadline:
            pids = [p for p in pids if _exists(p)]
            if pids:
                await asyncio.sleep(0.005)

    # --- invoking ----------------------------------------------------------------------------
    async def invoke(
        self,
        spec: FunctionSpec,
        payload: bytes,
        *,
        request_id: str,
        client_context: str | None = None,
        cognito_identity: str | None = None,
        invoked_arn: str | None = None,
    ) -> InvokeResult:
        """Run one invocation in a warm or new environment; see the module docstring.
        ``invoked_arn``: the ARN the caller used (an alias ARN, say), which the handler's
        context reports; by default the version's."""
        if self._stopping or not self._started:
            raise RuntimeStopped("the runtime manager is not running")
        pool = self._pools.setdefault((spec.arn, spec.version), _Pool())
        env = self._take_idle(pool, spec)
        self._acquire(spec, env, pool)
        try:
            return await self._run(spec, pool, env, payload, request_id, client_context, cognito_identity,
                                   invoked_arn or spec.invoked_arn)
        finally:
            self._busy_by_function[spec.arn] -= 1
            self._busy_by_account[spec.account] -= 1

    def _take_idle(self, pool: _Pool, spec: FunctionSpec) -> Environment | None:
        chosen: Environment | None = None
        for env in list(pool.envs):
            if env.busy or env.dead:
                continue
            if env.spec.revision != spec.revision or env.retired or self._stale(env):
                self._discard(pool, env)
            elif chosen is None or env.last_used > chosen.last_used:
                chosen = env
        if chosen is not None:
            chosen.busy = True
        return chosen

    def _acquire(self, spec: FunctionSpec, env: Environment | None, pool: _Pool) -> None:
        fn_busy = self._busy_by_function.get(spec.arn, 0)
        account_busy = self._busy_by_account.get(spec.account, 0)
        reason = None
        if spec.reserved_concurrency is not None and fn_busy >= spec.reserved_concurrency:
            reason = RESERVED_LIMIT
        elif account_busy >= self.config.account_concurrency:
            reason = ACCOUNT_LIMIT
        if reason is not None:
            if env is not None:
                env.busy = False
            raise ConcurrencyLimitExceeded(reason)
        self._busy_by_function[spec.arn] = fn_busy + 1
        self._busy_by_account[spec.account] = account_busy + 1

    async def _run(
        self,
        spec: FunctionSpec,
        pool: _Pool,
        env: Environment | None,
        payload: bytes,
        request_id: str,
        client_context: str | None,
        cognito_identity: str | None,
        invoked_arn: str,
    ) -> InvokeResult:
        init_ms: float | None = None
        init_lines: list[Event] = []
        if env is None:
            env, failure, init_ms = await self._cold_start(spec, pool, request_id)
            if self._stopping:
                raise RuntimeStopped("the runtime manager stopped during the cold start")
            init_lines = env.take_lines()
            if failure is not None:
                return self._finish(spec, pool, env, request_id, init_lines, [], failure, init_ms, 0.0,
                                    now_ms(), init_failed=True)
        invocation = Invocation(
            request_id=request_id,
            payload=payload or b"{}",
            deadline_ms=now_ms() + int(spec.timeout_s * 1000),
            invoked_arn=invoked_arn,
            trace_id=contract.trace_id(time.time()),
            client_context=client_context,
            cognito_identity=cognito_identity,
        )
        started_ms = now_ms()
        start = time.perf_counter()
        try:
            outcome = await env.invoke(invocation, spec.timeout_s)
        except BaseException:  # cancelled (the caller went away): the environment is not reusable
            self._discard(pool, env)
            raise
        duration_ms = (time.perf_counter() - start) * 1000
        if self._stopping:
            raise RuntimeStopped("the runtime manager stopped during the invocation")
        lines = env.take_lines()
        return self._finish(spec, pool, env, request_id, init_lines, lines, outcome, init_ms, duration_ms,
                            started_ms)

    def _finish(
        self,
        spec: FunctionSpec,
        pool: _Pool,
        env: Environment,
        request_id: str,
        init_lines: list[Event],
        lines: list[Event],
        outcome: Outcome,
        init_ms: float | None,
        duration_ms: float,
        started_ms: int,
        init_failed: bool = False,
    ) -> InvokeResult:
        """Write the invocation's log (``platform_log``), send it, park or drop the env."""
        memory = outcome.max_memory_mb or env.max_memory_mb
        log = platform_log.build(spec, platform_log.Invocation(
            request_id, init_lines, lines, outcome, init_ms, init_failed, duration_ms, started_ms,
            memory))
        self._emit(spec, env.log_stream, log)
        if outcome.fatal or env.dead or env.retired or self._stopping:
            self._discard(pool, env)
        else:
            env.end_invocation()
            env.busy = False
        return InvokeResult(
            payload=outcome.payload,
            function_error=contract.UNHANDLED if outcome.function_error else None,
            log="".join(message + "\n" for _, message in log),
            init_duration_ms=init_ms,
            duration_ms=duration_ms,
        )

    def _emit(self, spec: FunctionSpec, stream: str, events: list[Event]) -> None:
        if not events:
            return
        try:
            self.log_sink(spec, stream, events)
        except Exception as e:  # a failing sink must not fail the invocation
            print(f"cloudlet: runtime log sink failed: {e!r}", file=sys.stderr)

    def _idle_log(self, env: Environment, events: list[Event]) -> None:
        self._emit(env.spec, env.log_stream, events)

    # --- starting environments ----------------------------------------------------------------
    async def _cold_start(
        self, spec: FunctionSpec, pool: _Pool, request_id: str
    ) -> tuple[Environment, Outcome | None, float]:
        stream = contract.log_stream_name(spec.version, time.time())
        env_id, cgroups, spare = await self.spares.take(spec.memory_mb)
        env = Environment(spec, env_id, stream, cgroups, self.freeze_mode, self._idle_log)
        env.busy = True
        env.current_request = request_id
        pool.envs.append(env)
        start = time.perf_counter()
        try:
            failure = await self._spawn(spec, env, stream, spare)
        except Exception as e:
            failure = self._spawn_failure(env, request_id, str(e))
        except BaseException:  # cancelled: drop the half-started environment
            self._discard(pool, env)
            raise
        finally:
            if spare is not None:  # unused (a failure before the hand-over): the spare ends
                spare.channel.close()
            # The next spare is forked once this init has ended: forking it, its cgroup
            # moves and its mounts (the kernel's mount locks are global) during the init
            # took the zygote, a core and those locks from this cold start.
            if cgroups is not None:
                self.spares.refill()
        init_ms = (time.perf_counter() - start) * 1000
        if failure is None and cgroups is not None:
            with contextlib.suppress(OSError):
                cgroups.limit_cpu(spec.memory_mb)
        if failure is not None:
            failure.fatal = True
            if not failure.payload:
                failure = self._spawn_failure(env, request_id, "init ended")
        return env, failure, init_ms

    def _release_later(self, cgroups: sandbox.EnvironmentCgroups) -> None:
        task = asyncio.get_running_loop().create_task(cgroups.release())
        self._cleanups.add(task)
        task.add_done_callback(self._cleanups.discard)

    def _spawn_failure(self, env: Environment, request_id: str, detail: str) -> Outcome:
        message = contract.runtime_exited_message(request_id, detail)
        body = json.dumps(contract.platform_error(contract.EXIT_ERROR, message)).encode()
        return Outcome(body, True, status="error", error_type=contract.EXIT_ERROR,
                       platform_log=f"{message}\n{contract.EXIT_ERROR}", fatal=True)

    async def _spawn(self, spec: FunctionSpec, env: Environment, stream: str,
                     spare: Spare | None) -> Outcome | None:
        """Start the environment (hand its request to ``spare``, or have the zygote fork
        it) and wait for the end of its init."""
        planned = spawn_request.plan(
            spec, self.isolation, env.cgroups.procs_files if env.cgroups else [], env.id,
            memory_cgroup=env.cgroups is not None and env.cgroups.memory is not None)
        if isinstance(planned, tuple):
            return env._platform_failure(*planned)
        runtime_api = spawn_request.PLACEHOLDER_RUNTIME_API
        if planned.serves_runtime_api:
            env.api = RuntimeApi(env)
            runtime_api = f"127.0.0.1:{await env.api.start()}"
        keys = self.config.credentials.issue(env.id, spec, stream) if self.config.credentials else None
        request = spawn_request.finish(planned, spec, log_stream=stream,
                                       endpoint_url=self.config.endpoint_url, runtime_api=runtime_api,
                                       credentials=keys.variables() if keys else None)
        ctl, child_ctl = socket.socketpair()
        log_r, log_w = os.pipe()
        env.attach(ctl, log_r)
        fds = [child_ctl.fileno(), log_w]
        net_child = None
        if self.isolation.netns:  # its only way out: the edge (and its Runtime API), relayed
            ports = [self.edge_port] + ([env.api.port] if env.api is not None else [])
            request["net_ports"] = ports
            net_parent, net_child = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
            env.relays = netns.Relays(net_parent, ports)
            fds.append(net_child.fileno())
        try:
            env.pid = hand_over(spare, request, fds) if spare is not None else None
            if env.pid is None:
                env.pid = await self.zygote.spawn(request, fds)
        finally:
            child_ctl.close()
            os.close(log_w)
            if net_child is not None:
                net_child.close()
        if env.dead:  # destroyed (stop, retire) while the fork was under way
            env.kill()
        limit = max(INIT_LIMIT_S, spec.timeout_s)
        try:
            return await asyncio.wait_for(asyncio.shield(env.ready), limit)
        except TimeoutError:
            env.kill()
            env.drain_log()
            message = contract.timeout_message(env.current_request or "", limit)
            return Outcome(
                json.dumps(contract.platform_error(contract.SANDBOX_TIMEDOUT, message)).encode(),
                True, status="timeout", fatal=True,
                platform_log=contract.timeout_log_line(env.current_request or "", limit, time.time()),
            )

    # --- dropping environments --------------------------------------------------------------
    def _discard(self, pool: _Pool, env: Environment) -> None:
        if env in pool.envs:
            pool.envs.remove(env)
        env.destroy()
        if self.config.credentials is not None:
            self.config.credentials.release(env.id)
        task = asyncio.get_running_loop().create_task(self._cleanup(env))
        self._cleanups.add(task)
        task.add_done_callback(self._cleanups.discard)

    async def _cleanup(self, env: Environment) -> None:
        await self._wait_gone([env], 2.0)
        await env.release_cgroups()

    def retire(self, function_arn: str) -> None:
        """Drop the function's warm environments; busy ones stop when their invocation ends."""
        for (arn, _version), pool in list(self._pools.items()):
            if arn != function_arn and not function_arn.startswith(arn + ":"):
                continue
            for env in list(pool.envs):
                env.retired = True
                if not env.busy:
                    self._discard(pool, env)

    async def _reap_idle(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            cutoff = time.monotonic() - self.config.idle_timeout_s
            for pool in list(self._pools.values()):
                for env in list(pool.envs):
                    if not env.busy and (env.dead or env.last_used < cutoff or self._stale(env)):
                        self._discard(pool, env)

    def _stale(self, env: Environment) -> bool:
        """Its role session is about to end (``runtime/credentials.py``): not reused."""
        return self.config.credentials is not None and not self.config.credentials.fresh(env.id)

    def stats(self) -> dict[str, Any]:
        """Environments per function version: warm (idle) and busy counts, with details."""
        functions: dict[str, Any] = {}
        for (arn, version), pool in self._pools.items():
            key = arn if version == "$LATEST" else f"{arn}:{version}"
            live = [env for env in pool.envs if not env.dead]
            functions[key] = {
                "warm": sum(1 for env in live if not env.busy),
                "busy": sum(1 for env in live if env.busy),
                "environments": [env.describe() for env in live],
            }
        return {
            "isolation": self.description,
            "zygote_pid": self.zygote.info.get("pid") if self.zygote.alive else None,
            "environments": sum(len(f["environments"]) for f in functions.values()),
            "functions": functions,
            "spare": self.spares.ready is not None,
        }


def _exists(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
