"""Step Functions benchmark: executions through cloudlet and MiniStack in one run, with the
same definitions and the same boto3 client, on 127.0.0.1.

Run: ``.venv/bin/python bench/states_bench.py [--quick] [--profile]``

- A 10-state Pass chain on an EXPRESS machine through StartSyncExecution, one call at a time:
  executions/s and p50; beside it a 1-state Pass machine (the fixed cost of a call) and the
  "boto3 floor" (the same call answered at once by ``bench/floor.py``). Also the chain at 8
  client threads (executions/s).
- A chain of 5 Task states, each a Python echo function (its ARN as the resource).
- A 1,000-item inline Map of Pass states: the time of one execution.
- cloudlet's cost per transition: the 10-state p50 over 10 (goal < 0.5 ms), and, to keep
  the client out of it, (p50 - floor p50) / 10 and, from a 100-state chain run beside it,
  (100-state p50 - 1-state p50) / 99.
- Ratios cloudlet / MiniStack (goal >= 5x).
If a server does not answer StartSyncExecution, both run STANDARD machines through
StartExecution and DescribeExecution polled every 5 ms instead, and the output says so.
``--profile`` then runs the 10-state chain, the Lambda chain and the Map again on a cloudlet
server under cProfile, switched on only while each load runs, and prints each load's top
functions by own time. Every load is bounded in count and time; everything started is
stopped at the end. (MiniStack 1.5.33 sleeps 150 ms at the start of every execution, so its
one-at-a-time rows are bound by that; the 8-thread row and the Map show more of its engine.)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from cloudlet.testing import RunningServer, free_port
from floor import Process, start_floor
from peers import start_ministack

ROLE = "arn:aws:iam::000000000000:role/bench"
ECHO = textwrap.dedent("""
    def handler(event, context):
        return event
""").lstrip()
ITEMS = {"items": list(range(1000))}


def package(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", source)
    return buffer.getvalue()


def client(service: str, url: str) -> Any:
    # StartSyncExecution's endpoint is ``sync-<host>``: not a name on loopback.
    return boto3.client(service, endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="bench", aws_secret_access_key="bench",
                        config=Config(retries={"max_attempts": 1}, read_timeout=300,
                                      inject_host_prefix=False, max_pool_connections=16))


def pass_chain(length: int) -> dict[str, Any]:
    names = [f"P{i}" for i in range(length)]
    return {"StartAt": names[0], "States": {
        name: {"Type": "Pass", **({"Next": names[i + 1]} if i + 1 < length else {"End": True})}
        for i, name in enumerate(names)}}


def task_chain(function_arn: str, length: int) -> dict[str, Any]:
    chain = pass_chain(length)
    for state in chain["States"].values():
        state.update(Type="Task", Resource=function_arn)
    return chain


MAP = {"StartAt": "Each", "States": {"Each": {
    "Type": "Map", "ItemsPath": "$.items", "End": True,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Keep",
                      "States": {"Keep": {"Type": "Pass", "End": True}}}}}}


@dataclass
class Loads:
    """How many executions each row may run, and for how long."""
    count: int
    seconds: float
    threads: int = 8
    map_count: int = 5


@dataclass
class Row:
    times: list[float] = field(default_factory=list)  # seconds, one per execution
    wall: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.times) / self.wall if self.wall else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.times) * 1000 if self.times else 0.0


class Target:
    """One server: its machines, and one execution at a time by the chosen protocol."""

    def __init__(self, name: str, url: str, sync: bool) -> None:
        self.name = name
        self.url = url
        self.sync = sync
        self.sfn = client("stepfunctions", url)
        self.machines: dict[str, str] = {}

    def machine(self, key: str, definition: dict[str, Any]) -> None:
        self.machines[key] = self.sfn.create_state_machine(
            name=f"bench-{key}-{os.getpid()}", definition=json.dumps(definition), roleArn=ROLE,
            type="EXPRESS" if self.sync else "STANDARD")["stateMachineArn"]

    def run(self, key: str, value: Any, sfn: Any = None) -> Any:
        sfn = sfn or self.sfn
        arn, text = self.machines[key], json.dumps(value)
        if self.sync:
            out = sfn.start_sync_execution(stateMachineArn=arn, input=text)
        else:
            started = sfn.start_execution(stateMachineArn=arn, input=text)["executionArn"]
            deadline = time.monotonic() + 60
            while (out := sfn.describe_execution(executionArn=started))["status"] == "RUNNING":
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.name} {key}: still RUNNING after 60 s")
                time.sleep(0.005)
        if out["status"] != "SUCCEEDED":
            raise RuntimeError(f"{self.name} {key}: {out['status']} {out.get('error')} "
                               f"{str(out.get('cause'))[:300]}")
        return json.loads(out["output"])


def supports_sync(url: str) -> bool:
    sfn = client("stepfunctions", url)
    arn = sfn.create_state_machine(name=f"bench-probe-{os.getpid()}", roleArn=ROLE,
                                   definition=json.dumps(pass_chain(1)),
                                   type="EXPRESS")["stateMachineArn"]
    try:
        return bool(sfn.start_sync_execution(stateMachineArn=arn, input="{}")["status"]
                    == "SUCCEEDED")
    except ClientError:
        return False


def echo_function(url: str) -> str:
    lam = client("lambda", url)
    arn = str(lam.create_function(
        FunctionName=f"bench-echo-{os.getpid()}", Runtime="python3.12", Role=ROLE,
        Handler="app.handler", Code={"ZipFile": package(ECHO)}, Timeout=30,
        MemorySize=256)["FunctionArn"])
    deadline = time.monotonic() + 60
    while lam.get_function_configuration(FunctionName=arn).get("State", "Active") != "Active":
        if time.monotonic() > deadline:
            raise TimeoutError("the echo function did not become Active")
        time.sleep(0.1)
    return arn


def deploy(target: Target) -> None:
    target.machine("pass1", pass_chain(1))
    target.machine("pass10", pass_chain(10))
    target.machine("pass100", pass_chain(100))
    target.machine("lambda5", task_chain(echo_function(target.url), 5))
    target.machine("map", MAP)


def sequential(call: Callable[[], Any], count: int, seconds: float) -> Row:
    call()  # warm-up: connections, environments
    row = Row()
    began = time.perf_counter()
    while len(row.times) < count and time.perf_counter() - began < seconds:
        t0 = time.perf_counter()
        call()
        row.times.append(time.perf_counter() - t0)
    row.wall = time.perf_counter() - began
    return row


def concurrent(target: Target, key: str, loads: Loads) -> Row:
    """``loads.threads`` clients (one boto3 client each), ``loads.count`` executions in all."""
    row, lock = Row(), threading.Lock()
    claimed = [0]
    clients = [client("stepfunctions", target.url) for _ in range(loads.threads)]
    errors: list[BaseException] = []
    began = time.perf_counter()

    def work(sfn: Any) -> None:
        while time.perf_counter() - began < loads.seconds:
            with lock:
                if claimed[0] >= loads.count:
                    return
                claimed[0] += 1
            t0 = time.perf_counter()
            try:
                target.run(key, {}, sfn)
            except Exception as exc:
                errors.append(exc)
                return
            with lock:
                row.times.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=work, args=(sfn,)) for sfn in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    row.wall = time.perf_counter() - began
    if errors:
        raise errors[0]
    return row


def measure(target: Target, loads: Loads) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    print(f"  {target.name}: measuring ...", flush=True)
    try:
        for key in ("pass1", "pass10", "pass100", "lambda5"):
            rows[key] = sequential(lambda k=key: target.run(k, {"n": 1}),  # type: ignore[misc]
                                   loads.count, loads.seconds)
        rows["pass10x"] = concurrent(target, "pass10", loads)
        out = target.run("map", ITEMS)
        if out != ITEMS["items"]:
            raise RuntimeError(f"{target.name} map: unexpected output {str(out)[:100]}")
        rows["map"] = sequential(lambda: target.run("map", ITEMS), loads.map_count,
                                 loads.seconds * 4)
    except Exception as exc:  # a gap in one server: say so, print the rest
        print(f"  ({target.name} stopped: {type(exc).__name__}: {str(exc)[:300]})")
    return rows


def floor_row(loads: Loads) -> Row | None:
    """StartSyncExecution through boto3 answered at once by a bare uvicorn app."""
    floor: Process | None = None
    try:
        floor = start_floor(free_port())
        sfn = client("stepfunctions", floor.url)
        arn = "arn:aws:states:us-east-1:000000000000:stateMachine:floor"
        return sequential(lambda: sfn.start_sync_execution(stateMachineArn=arn, input="{}"),
                          loads.count, loads.seconds)
    except Exception as exc:
        print(f"  (floor not measured: {type(exc).__name__}: {exc})")
        return None
    finally:
        if floor is not None:
            floor.stop()


LABELS = {
    "pass1": "1-state Pass (fixed cost of a call)",
    "pass10": "10-state Pass chain",
    "pass100": "100-state Pass chain",
    "lambda5": "5-task Lambda chain (echo)",
    "pass10x": "10-state Pass chain, 8 client threads",
}


def ratio(mine: float, theirs: float, goal: float) -> str:
    if not mine or not theirs:
        return "-"
    r = mine / theirs
    return f"{r:6.1f}x {'met' if r >= goal else 'NOT met'}"


def report(results: dict[str, dict[str, Row]], floor: Row | None, sync: bool) -> None:
    how = ("EXPRESS machines, StartSyncExecution" if sync else
           "STANDARD machines, StartExecution + DescribeExecution polled every 5 ms "
           "(StartSyncExecution missing on a server)")
    names = list(results)
    print(f"\nexecutions, one at a time through boto3 ({how})")
    print(f"  {'':<40}" + "".join(f"{n:>24}" for n in names) + "   cloudlet/MiniStack (goal 5x)")
    for key, label in LABELS.items():
        cells = "".join(
            f"{r.rate:>9,.1f}/s p50{r.p50:>7.2f} ms" if (r := results[n].get(key)) else f"{'-':>24}"
            for n in names)
        mine, theirs = results["cloudlet"].get(key), results.get("MiniStack", {}).get(key)
        print(f"  {label:<40}{cells}   "
              f"{ratio(mine.rate, theirs.rate, 5) if mine and theirs else '-'}")
    cells = "".join(f"{r.p50:>21.1f} ms" if (r := results[n].get("map")) else f"{'-':>24}"
                    for n in names)
    mine, theirs = results["cloudlet"].get("map"), results.get("MiniStack", {}).get("map")
    print(f"  {'1,000-item inline Map of Pass, p50':<40}{cells}   "
          f"{ratio(theirs.p50, mine.p50, 5) if mine and theirs else '-'}")
    if floor is not None:
        print(f"  {'boto3 floor (canned answer, bare app)':<40}"
              f"{floor.rate:>9,.1f}/s p50{floor.p50:>7.2f} ms")
    one, ten, hundred = (results["cloudlet"].get(k) for k in ("pass1", "pass10", "pass100"))
    if ten is None:
        return
    print("\ncloudlet per transition (goal < 0.5 ms)")
    print(f"  10-state p50 / 10 (client included)      {ten.p50 / 10:6.3f} ms"
          f"   {'met' if ten.p50 / 10 < 0.5 else 'NOT met'}")
    if floor is not None:
        print(f"  (10-state p50 - floor p50) / 10          {(ten.p50 - floor.p50) / 10:6.3f} ms")
    if one is not None and hundred is not None:
        print(f"  (100-state p50 - 1-state p50) / 99       {(hundred.p50 - one.p50) / 99:6.3f} ms")


# The profiled server: cloudlet's own ``start``, with cProfile switched on by SIGUSR1 and
# switched off and written to the file named in CLOUDLET_BENCH_PROFILE by SIGUSR2, so that
# start-up and shutdown stay out of the figures.
PROFILED = textwrap.dedent("""
    import cProfile, os, signal
    from cloudlet.cli.main import main
    prof = [cProfile.Profile()]
    def on(*_):
        prof[0] = cProfile.Profile()
        prof[0].enable()
    def off(*_):
        prof[0].disable()
        prof[0].dump_stats(os.environ["CLOUDLET_BENCH_PROFILE"] + ".part")
        os.replace(os.environ["CLOUDLET_BENCH_PROFILE"] + ".part",
                   os.environ["CLOUDLET_BENCH_PROFILE"])
    signal.signal(signal.SIGUSR1, on)
    signal.signal(signal.SIGUSR2, off)
    main()
""")


def top_functions(path: Path, label: str, limit: int = 12) -> None:
    table: dict[Any, Any] = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in table.values())
    print(f"\n  {label}: top functions by own time (of {total:.2f} s profiled)")
    print(f"  {'own s':>7} {'cum s':>7} {'calls':>9}  function")
    for (file, line, func), (_, calls, own, cum, _) in sorted(
            table.items(), key=lambda kv: kv[1][2], reverse=True)[:limit]:
        short = file.split("site-packages/")[-1].split("/src/")[-1]
        print(f"  {own:7.3f} {cum:7.3f} {calls:9d}  {short}:{line} {func}")


def profile(loads: Loads, folder: Path) -> None:
    """Each load again on a cloudlet server, profiled alone (cProfile); its top functions."""
    out, data, port = folder / "cloudlet.prof", folder / "profiled", free_port()
    url = f"http://127.0.0.1:{port}"
    with (folder / "profiled.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", PROFILED, "start", "--port", str(port), "--data-dir",
             str(data), "--idle-timeout", "600"], stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "CLOUDLET_BENCH_PROFILE": str(out)})
        try:
            target = Target("cloudlet (cProfile)", url, True)
            deadline = time.monotonic() + 60
            while True:
                try:
                    target.sync = supports_sync(url)
                    break
                except Exception:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError("the profiled server did not start") from None
                    time.sleep(0.2)
            deploy(target)
            print("\ncProfile of a cloudlet server, each load alone")
            for key, value, count, label in (
                    ("pass10", {"n": 1}, loads.count, "10-state Pass chain"),
                    ("lambda5", {"n": 1}, loads.count, "5-task Lambda chain"),
                    ("map", ITEMS, loads.map_count, "1,000-item Map")):
                out.unlink(missing_ok=True)
                try:
                    target.run(key, value)
                    proc.send_signal(signal.SIGUSR1)
                    time.sleep(0.2)
                    for _ in range(count):
                        target.run(key, value)
                except Exception as exc:  # reported; the other loads are still profiled
                    print(f"\n  ({label} not profiled: {type(exc).__name__}: {str(exc)[:200]})")
                    continue
                finally:
                    proc.send_signal(signal.SIGUSR2)
                deadline = time.monotonic() + 30
                while not out.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
                top_functions(out, f"{label}, {count} executions")
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer executions")
    parser.add_argument("--profile", action="store_true",
                        help="then profile a cloudlet server under the same loads")
    args = parser.parse_args()
    loads = Loads(60, 3.0, map_count=3) if args.quick else Loads(100, 6.0)
    print("cloudlet Step Functions benchmark (every figure from this run)\n")
    results: dict[str, dict[str, Row]] = {}
    with tempfile.TemporaryDirectory(prefix="cloudlet-bench-", dir="/var/tmp") as tmp:
        folder = Path(tmp)
        folder.chmod(0o777)
        server = RunningServer(folder / "data", "--idle-timeout", "600")
        server.start()
        ministack = start_ministack()
        try:
            urls = {"cloudlet": server.url}
            if ministack is not None:
                urls["MiniStack"] = ministack.url
            else:
                print("  (MiniStack not measured: no ratios)")
            sync = all(supports_sync(url) for url in urls.values())
            targets = [Target(name, url, sync) for name, url in urls.items()]
            for target in targets:
                deploy(target)
            for target in targets:
                results[target.name] = measure(target, loads)
        finally:
            if ministack is not None:
                ministack.stop()
            server.stop()
        report(results, floor_row(loads) if sync else None, sync)
        if args.profile:
            profile(loads, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
