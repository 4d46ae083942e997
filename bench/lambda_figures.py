"""Lambda and memory figures of issue 16, for cloudlet (and MiniStack where it runs Lambda).

- cold invoke p50 of a handler whose module imports boto3 and builds a client at import,
  beside a fresh interpreter doing the same (measured in the same run), and of a plain
  handler; a configuration change before each invoke forces a new environment.
- warm invoke p50 through boto3 at 1 thread, and throughput at 8 threads, beside the
  canned-response floor (``floor.py``).
- memory: what one more warm Python environment adds (its private pages).

The measuring pieces (clients, invokers, timed loops, /proc readings) are runtime_bench's.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from cloudlet.testing import descendants, function_ready
from figures import Figure, at_least, below, faster_than, within
from runtime_bench import (
    CLIENT_HANDLER,
    FRESH_CLIENT,
    PLAIN_HANDLER,
    ROLE,
    client,
    fresh_interpreter_ms,
    invoker,
    memory_kb,
    package,
    throughput,
    timed_calls,
)

FUNCTIONS = {"bench-client": CLIENT_HANDLER, "bench-plain": PLAIN_HANDLER,
             "bench-warm": PLAIN_HANDLER}


def lambda_figures() -> list[Figure]:
    return [
        Figure("cold_client", "lambda", "Lambda cold invoke p50, module builds a boto3 client",
               "ms", [below(20, "ms"), faster_than("floor", 25, "fresh interpreter")],
               higher_is_better=False,
               note="floor column = a fresh `python -c 'import boto3; boto3.client(...)'`"),
        Figure("cold_plain", "lambda", "Lambda cold invoke p50, plain handler", "ms",
               [below(8, "ms")], higher_is_better=False),
        Figure("warm_p50", "lambda", "Lambda warm invoke p50 through boto3, 1 thread", "ms",
               [within("floor", 1.2)], higher_is_better=False),
        Figure("warm_tp8", "lambda", "Lambda warm invokes through boto3, 8 threads", "per s",
               [at_least("floor", 0.9, "floor")]),
    ]


def memory_figures() -> list[Figure]:
    return [
        Figure("idle_rss", "memory", "idle server RSS", "MB", [below(60, "MB")],
               higher_is_better=False, note="measured 1 s after the server answered health"),
        Figure("env_private", "memory", "one warm Python environment, private pages", "MB",
               [below(5, "MB")], higher_is_better=False),
    ]


def idle_rss_mb(pid: int) -> float:
    return memory_kb(pid, "VmRSS") / 1024


def deploy(url: str, names: list[str]) -> Any:
    lam = client(url)
    for name in names:
        lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                            Handler="app.handler", Code={"ZipFile": package(FUNCTIONS[name])},
                            MemorySize=256)
        function_ready(lam, name)
    return lam


def env_private_mb(url: str, pid: int) -> float:
    """What one more warm environment adds to the private pages (MB) of the server's
    processes below it: their total after its first invoke less their total before. (Not
    the pages of the processes that appeared: the environment is the spare that was
    waiting already, and what appeared is the next spare.)"""
    time.sleep(0.3)  # the spare is ready
    before = sum(memory_kb(p, "Private") for p in descendants(pid))
    lam = client(url)
    lam.create_function(FunctionName="bench-mem", Runtime="python3.12", Role=ROLE,
                        Handler="app.handler", Code={"ZipFile": package(PLAIN_HANDLER)})
    function_ready(lam, "bench-mem")
    invoker(url, "bench-mem")()
    time.sleep(0.3)  # and the next one
    return (sum(memory_kb(p, "Private") for p in descendants(pid)) - before) / 1024


def cold_p50(lam: Any, name: str, runs: int, budget_s: float) -> float:
    """p50 (ms) of up to ``runs`` cold invokes within ``budget_s``: each after a
    configuration change that retires the warm environment."""
    times: list[float] = []
    deadline = time.monotonic() + budget_s
    for i in range(runs):
        if times and time.monotonic() > deadline:
            break
        lam.update_function_configuration(FunctionName=name,
                                          Environment={"Variables": {"RUN": str(i)}})
        function_ready(lam, name)
        start = time.perf_counter()
        resp = lam.invoke(FunctionName=name, Payload=b'{"n": 1}')
        payload = resp["Payload"].read()
        times.append((time.perf_counter() - start) * 1000)
        if resp.get("FunctionError"):
            raise RuntimeError(f"{name} failed: {payload[:300]!r}")
    return statistics.median(times)


def measure_lambda(figures: list[Figure], targets: list[tuple[str, str]], floor_url: str,
                   cold_runs: int, seconds: float) -> None:
    """Fill ``figures`` for each (column, url) in ``targets``; the floor answers Invoke with a
    canned payload."""
    by_key = {f.key: f for f in figures}
    for name, url in targets:
        try:
            lam = deploy(url, list(FUNCTIONS))
            for key, function in (("cold_client", "bench-client"), ("cold_plain", "bench-plain")):
                if key in by_key:
                    by_key[key].values[name] = cold_p50(lam, function, cold_runs, 30 * seconds)
                    print(f"  {by_key[key].label}: {name} {by_key[key].values[name]:.1f} ms",
                          flush=True)
            _warm(by_key, name, url, "bench-warm", seconds)
        except Exception as exc:  # noqa: BLE001 (a peer's failure is reported, not fatal)
            print(f"  ({name} Lambda not measured further: {type(exc).__name__}: {exc})",
                  flush=True)
    if "cold_client" in by_key:
        by_key["cold_client"].values["floor"] = statistics.median(
            fresh_interpreter_ms(3 if cold_runs < 10 else 5, FRESH_CLIENT))
    _warm(by_key, "floor", floor_url, "bench-warm", seconds)


def _warm(by_key: dict[str, Figure], name: str, url: str, function: str,
          seconds: float) -> None:
    if "warm_p50" in by_key:
        call = invoker(url, function)
        call()
        by_key["warm_p50"].values[name] = statistics.median(timed_calls(call, seconds, 5000))
        print(f"  warm p50: {name} {by_key['warm_p50'].values[name]:.2f} ms", flush=True)
    if "warm_tp8" in by_key:
        by_key["warm_tp8"].values[name] = throughput(lambda: invoker(url, function), 8,
                                                     seconds, warmup=1.0)
        print(f"  warm 8 threads: {name} {by_key['warm_tp8'].values[name]:.0f}/s", flush=True)
