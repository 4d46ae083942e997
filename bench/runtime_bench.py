"""Lambda runtime benchmark: cold start, warm invoke latency and throughput, memory.

Run: ``.venv/bin/python bench/runtime_bench.py [--quick]``

Everything is measured in one run, beside baselines measured in the same run (raw figures
move ±30% between runs on shared machines; compare the ratios):

- cold start: Invoke of a function whose environment is new (forced by changing an
  environment variable with UpdateFunctionConfiguration before each invoke), for three
  handlers: one whose module imports boto3 (baseline: a fresh ``python -c 'import
  boto3'``), one whose module builds ``boto3.client("dynamodb")`` at import, what most
  handlers do (baseline: a fresh interpreter doing the same), and a plain one (no
  import). Also after 200 ms of idle time, as most cold starts come.
- warm invoke: Invoke through boto3 at 1 client thread (p50/p99, throughput) and 4 and 8
  client threads (throughput). Baselines: the same handler called in-process, and the "boto3
  floor": the same boto3 Invoke call answered at once by a bare uvicorn app, so the
  server's own overhead per warm invoke is ``cloudlet p50 - floor p50``.
- memory: the idle server's RSS, and what one warm Python environment adds (RSS and
  PSS of the new processes; environments fork from a zygote and share its pages).

Goals (issue 16): the client-building handler's cold start < 20 ms p50 and >= 25x faster
than a fresh interpreter doing the same; a plain handler's < 8 ms p50; warm p50 within
1.2x of the floor's at 1 thread and >= 90% of its throughput at 8; idle server RSS
< 100 MB; a warm environment's own pages < 5 MB.
Every loop is bounded in time and count, binds 127.0.0.1 only, and stops what it starts.
"""

from __future__ import annotations

import argparse
import base64
import io
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from cloudlet.testing import RunningServer, descendants, free_port, function_ready
from floor import Process, start_floor

ROLE = "arn:aws:iam::000000000000:role/bench"
PAUSE_S = 0.2  # idle time before each "cold after idle" invoke
HANDLER = textwrap.dedent("""
    import boto3

    def handler(event, context):
        return {"ok": True, "n": event.get("n", 0)}
""").lstrip()
# What most handlers do: a client built when the module is imported.
CLIENT_HANDLER = textwrap.dedent("""
    import boto3
    ddb = boto3.client("dynamodb")

    def handler(event, context):
        return {"ok": True, "n": event.get("n", 0)}
""").lstrip()
PLAIN_HANDLER = textwrap.dedent("""
    def handler(event, context):
        return {"ok": True, "n": event.get("n", 0)}
""").lstrip()
FRESH_CLIENT = "import boto3; boto3.client('dynamodb', region_name='us-east-1')"

def client(url: str) -> Any:
    return boto3.client("lambda", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="bench", aws_secret_access_key="bench",
                        config=Config(retries={"max_attempts": 1}, read_timeout=60))


def package(source: str = HANDLER) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", source)
    return buffer.getvalue()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed_calls(call: Callable[[], None], seconds: float, limit: int) -> list[float]:
    """Latencies (ms) of back-to-back calls, for at most ``seconds`` and ``limit`` calls."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline and len(latencies) < limit:
        start = time.perf_counter()
        call()
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def throughput(make_call: Callable[[], Callable[[], None]], threads: int, seconds: float,
               warmup: float = 0.5) -> float:
    """Calls per second with ``threads`` clients calling back to back; the first
    ``warmup`` seconds (connections, extra environments starting) are not counted."""
    counts = [0] * threads
    calls = [make_call() for _ in range(threads)]
    began = time.perf_counter() + warmup
    stop = began + seconds

    def run(i: int) -> None:
        while (now := time.perf_counter()) < stop:
            calls[i]()
            if now >= began:
                counts[i] += 1

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(seconds + warmup + 30)
    return sum(counts) / seconds


def invoker(url: str, name: str) -> Callable[[], None]:
    lam = client(url)

    def call() -> None:
        resp = lam.invoke(FunctionName=name, Payload=b'{"n": 1}')
        resp["Payload"].read()
        if resp.get("FunctionError"):
            raise RuntimeError(resp)

    return call


def cold_starts(lam: Any, name: str, runs: int) -> tuple[list[float], list[float]]:
    """Invoke latencies (ms) of ``runs`` cold starts of function ``name`` (a configuration
    change before each forces a new environment), and the Init Durations REPORT gave."""
    cold: list[float] = []
    init: list[float] = []
    for i in range(runs):
        lam.update_function_configuration(FunctionName=name,
                                          Environment={"Variables": {"RUN": str(i)}})
        function_ready(lam, name)
        start = time.perf_counter()
        resp = lam.invoke(FunctionName=name, Payload=b'{"n": 1}', LogType="Tail")
        resp["Payload"].read()
        cold.append((time.perf_counter() - start) * 1000)
        if resp.get("FunctionError"):
            raise RuntimeError(resp)
        log = base64.b64decode(resp["LogResult"]).decode()
        if "Init Duration:" in log:
            init.append(float(log.split("Init Duration:")[1].split("ms")[0]))
    return cold, init


def memory_kb(pid: int, field: str) -> int:
    """``VmRSS`` from status, or ``Pss`` / ``Private`` (clean + dirty) from smaps_rollup,
    in kB (0 if gone). Private is what a process adds: pages shared with the zygote it
    was forked from are not counted."""
    path = f"/proc/{pid}/status" if field == "VmRSS" else f"/proc/{pid}/smaps_rollup"
    wanted = ("Private_Clean:", "Private_Dirty:") if field == "Private" else (field + ":",)
    total = 0
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(wanted):
                    total += int(line.split()[1])
    except OSError:
        pass
    return total


def fresh_interpreter_ms(runs: int, code: str = "import boto3") -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
        times.append((time.perf_counter() - start) * 1000)
    return times


def in_process_us(seconds: float) -> float:
    namespace: dict[str, Any] = {}
    exec(compile(HANDLER, "app.py", "exec"), namespace)
    handler = namespace["handler"]
    event = {"n": 1}
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline and count < 1_000_000:
        handler(event, None)
        count += 1
    return (time.perf_counter() - start) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter loops")
    args = parser.parse_args()
    seconds = 1.5 if args.quick else 4.0
    cold_runs = 8 if args.quick else 20

    print("cloudlet Lambda runtime benchmark (all figures from this run)\n")
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="cloudlet-bench-") as tmp:
        # Transitions settle at once (--lambda-state-delay 0): a cold start is measured right
        # after the update that forces it, as before function states existed. A pause before
        # a cold invoke costs about 18 ms of init with namespaces and cgroups on these
        # machines (issue 16); the 50 ms default window would add that pause here.
        server = RunningServer(Path(tmp) / "data", "--idle-timeout", "600",
                               "--lambda-state-delay", "0")
        server.start()
        floor_server: Process | None = None
        try:
            assert server.proc is not None
            server_pid = server.proc.pid
            time.sleep(1.0)
            results["idle_rss_mb"] = memory_kb(server_pid, "VmRSS") / 1024
            idle_tree = descendants(server_pid)
            results["idle_tree_rss_mb"] = (results["idle_rss_mb"] * 1024 + sum(
                memory_kb(p, "VmRSS") for p in idle_tree)) / 1024

            lam = client(server.url)
            lam.create_function(FunctionName="bench", Runtime="python3.12", Role=ROLE,
                                Handler="app.handler", Code={"ZipFile": package()}, MemorySize=256)
            function_ready(lam, "bench")

            # Cold starts: a new environment each time (a new revision retires the old).
            cold, init = cold_starts(lam, "bench", cold_runs)
            for name, source in (("bench-client", CLIENT_HANDLER), ("bench-plain", PLAIN_HANDLER)):
                lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                    Handler="app.handler", Code={"ZipFile": package(source)},
                                    MemorySize=256)
                function_ready(lam, name)
            cold_client, init_client = cold_starts(lam, "bench-client", cold_runs)
            cold_plain, init_plain = cold_starts(lam, "bench-plain", cold_runs)

            # Cold starts after the server was idle (what most cold starts are): a pause
            # before each one.
            paused: list[float] = []
            for i in range(max(4, cold_runs // 2)):
                lam.update_function_configuration(FunctionName="bench",
                                                  Environment={"Variables": {"IDLE": str(i)}})
                function_ready(lam, "bench")
                time.sleep(PAUSE_S)
                start = time.perf_counter()
                lam.invoke(FunctionName="bench", Payload=b'{"n": 1}')["Payload"].read()
                paused.append((time.perf_counter() - start) * 1000)

            # Warm environment memory: the processes one more warm environment adds.
            before = descendants(server_pid)
            lam.create_function(FunctionName="bench-mem", Runtime="python3.12", Role=ROLE,
                                Handler="app.handler", Code={"ZipFile": package()})
            function_ready(lam, "bench-mem")
            invoker(server.url, "bench-mem")()
            added = descendants(server_pid) - before
            results["warm_env_rss_mb"] = sum(memory_kb(p, "VmRSS") for p in added) / 1024
            results["warm_env_pss_mb"] = sum(memory_kb(p, "Pss") for p in added) / 1024
            results["warm_env_private_mb"] = sum(memory_kb(p, "Private") for p in added) / 1024

            # Warm invokes through boto3.
            call = invoker(server.url, "bench")
            call()
            warm = timed_calls(call, seconds, 5000)
            tp1 = throughput(lambda: invoker(server.url, "bench"), 1, seconds)
            tp4 = throughput(lambda: invoker(server.url, "bench"), 4, seconds)
            tp8 = throughput(lambda: invoker(server.url, "bench"), 8, seconds)

            # The boto3 floor: the same call answered at once by a bare uvicorn app.
            floor_server = start_floor(free_port())
            floor_url = floor_server.url
            floor_call = invoker(floor_url, "bench")
            floor_call()
            floor = timed_calls(floor_call, seconds, 5000)
            floor_tp1 = throughput(lambda: invoker(floor_url, "bench"), 1, seconds)
            floor_tp4 = throughput(lambda: invoker(floor_url, "bench"), 4, seconds)
            floor_tp8 = throughput(lambda: invoker(floor_url, "bench"), 8, seconds)
            results["busy_rss_mb"] = memory_kb(server_pid, "VmRSS") / 1024
        finally:
            if floor_server is not None:
                floor_server.stop()
            server.stop()

    fresh = fresh_interpreter_ms(3 if args.quick else 7)
    fresh_client = fresh_interpreter_ms(3 if args.quick else 7, FRESH_CLIENT)
    in_proc = in_process_us(0.5)

    cold_p50 = statistics.median(cold)
    fresh_p50 = statistics.median(fresh)
    warm_p50, warm_p99 = pct(warm, 0.5), pct(warm, 0.99)
    floor_p50, floor_p99 = pct(floor, 0.5), pct(floor, 0.99)
    overhead = warm_p50 - floor_p50

    def row(label: str, value: str, note: str = "") -> None:
        print(f"  {label:<44} {value:>14}  {note}")

    fresh_client_p50 = statistics.median(fresh_client)
    client_p50 = statistics.median(cold_client)
    plain_p50 = statistics.median(cold_plain)
    print("cold start (new environment)")
    row("handler imports boto3: p50 / max", f"{cold_p50:.1f} / {max(cold):.1f} ms", f"({len(cold)} runs)")
    if init:
        row("  of which Init Duration (REPORT) p50", f"{statistics.median(init):.1f} ms")
    row(f"cold after {PAUSE_S * 1000:.0f} ms idle: p50 / max",
        f"{statistics.median(paused):.1f} / {max(paused):.1f} ms", f"({len(paused)} runs)")
    row("baseline: python -c 'import boto3' p50", f"{fresh_p50:.1f} ms")
    row("ratio fresh interpreter / cloudlet cold", f"{fresh_p50 / cold_p50:.1f}x")
    row("module builds boto3.client('dynamodb'): p50 / max",
        f"{client_p50:.1f} / {max(cold_client):.1f} ms", "goal < 20 ms")
    if init_client:
        row("  of which Init Duration (REPORT) p50", f"{statistics.median(init_client):.1f} ms")
    row("baseline: fresh python doing the same p50", f"{fresh_client_p50:.1f} ms")
    row("ratio fresh interpreter / cloudlet cold", f"{fresh_client_p50 / client_p50:.1f}x",
        "goal >= 25x")
    row("plain handler (no imports): p50 / max", f"{plain_p50:.1f} / {max(cold_plain):.1f} ms",
        "goal < 8 ms")
    if init_plain:
        row("  of which Init Duration (REPORT) p50", f"{statistics.median(init_plain):.1f} ms")
    print("\nwarm invoke through boto3 (1 client thread)")
    row("cloudlet p50 / p99", f"{warm_p50:.2f} / {warm_p99:.2f} ms", f"({len(warm)} calls)")
    row("boto3 floor (bare uvicorn) p50 / p99", f"{floor_p50:.2f} / {floor_p99:.2f} ms")
    row("server overhead per warm invoke (p50 diff)", f"{overhead:.2f} ms")
    row("ratio cloudlet / floor p50", f"{warm_p50 / floor_p50:.2f}x", "goal <= 1.2x")
    row("baseline: handler called in-process", f"{in_proc:.2f} us")
    print("\nthroughput (invokes/s)")
    row("cloudlet, 1 / 4 / 8 client threads", f"{tp1:.0f} / {tp4:.0f} / {tp8:.0f}")
    row("boto3 floor, 1 / 4 / 8 client threads", f"{floor_tp1:.0f} / {floor_tp4:.0f} / {floor_tp8:.0f}")
    row("ratio cloudlet / floor, 1 / 4 / 8 threads",
        f"{tp1 / floor_tp1:.2f} / {tp4 / floor_tp4:.2f} / {tp8 / floor_tp8:.2f}", "goal 8: >= 0.90")
    print("\nmemory")
    row("idle server RSS", f"{results['idle_rss_mb']:.1f} MB", "goal < 100 MB")
    row("idle server + zygote RSS", f"{results['idle_tree_rss_mb']:.1f} MB")
    row("server RSS after the run", f"{results['busy_rss_mb']:.1f} MB")
    row("one warm Python environment: RSS / PSS", f"{results['warm_env_rss_mb']:.1f} / "
        f"{results['warm_env_pss_mb']:.1f} MB")
    row("  of which its own (private) pages", f"{results['warm_env_private_mb']:.1f} MB",
        "goal < 5 MB added per environment")


if __name__ == "__main__":
    main()
