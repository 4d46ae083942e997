"""``--scale``: latency curves as the work grows, on a cloudlet server of their own.

- functions: deploy up to N functions (200; 50 with --quick), each invoked once (cold), so
  each holds one warm environment; at a few points, the warm invoke p50 through boto3
  across every function deployed so far (round robin), and the private pages each
  environment adds (all the server's descendants' private pages / environments).
- tables: create up to 1,000 tables (200 with --quick) in one account; at a few points,
  GetItem p50 through boto3 across the tables so far (round robin).

Every loop is bounded in count and time; the server is stopped at the end.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cloudlet.testing import RunningServer, descendants, function_ready
from dynamodb_bench import client as ddb_client
from dynamodb_bench import create, item
from runtime_bench import PLAIN_HANDLER, ROLE, client, memory_kb, package, timed_calls

SAMPLES = 300  # invokes or GetItems per point
BUDGET_S = 3.0  # seconds per point


def _points(limit: int) -> list[int]:
    return [n for n in (1, 10, 50, 100, 200, 500, 1000) if n < limit] + [limit]


def round_robin_p50(call: Callable[[str], None], count: int) -> float:
    """p50 (ms) of ``call`` on scale-0 .. scale-<count-1> in turn, bounded by SAMPLES and
    BUDGET_S."""
    turn = iter(range(SAMPLES + 1))
    return statistics.median(timed_calls(lambda: call(f"scale-{next(turn) % count}"),
                                         BUDGET_S, SAMPLES))


def invoke(lam: Any, name: str) -> None:
    resp = lam.invoke(FunctionName=name, Payload=b"{}")
    resp["Payload"].read()
    if resp.get("FunctionError"):
        raise RuntimeError(resp)


def get(ddb: Any, name: str) -> None:
    assert "Item" in ddb.get_item(TableName=name, Key={"pk": {"S": "k"}, "sk": {"N": "1"}})


def function_curve(server: RunningServer, limit: int) -> list[tuple[int, float, float]]:
    """(functions deployed and warm, warm invoke p50 ms, private MB per environment)."""
    assert server.proc is not None
    lam = client(server.url)
    zygote_etc = descendants(server.proc.pid)
    base_private = sum(memory_kb(p, "Private") for p in zygote_etc)
    code = package(PLAIN_HANDLER)
    curve = []
    deployed = 0
    for point in _points(limit):
        for _ in range(point - deployed):
            name = f"scale-{deployed}"
            lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                Handler="app.handler", Code={"ZipFile": code})
            function_ready(lam, name)
            lam.invoke(FunctionName=name, Payload=b"{}")["Payload"].read()
            deployed += 1
        p50 = round_robin_p50(lambda n: invoke(lam, n), deployed)
        private = sum(memory_kb(p, "Private") for p in descendants(server.proc.pid))
        curve.append((deployed, p50, (private - base_private) / 1024 / deployed))
        print(f"  {deployed} warm functions: p50 {p50:.2f} ms", flush=True)
    return curve


def table_curve(server: RunningServer, limit: int) -> list[tuple[int, float]]:
    """(tables in the account, GetItem p50 ms across them)."""
    ddb = ddb_client(server.url)
    curve = []
    made = 0
    for point in _points(limit):
        for _ in range(point - made):
            name = f"scale-{made}"
            create(ddb, name)
            ddb.put_item(TableName=name, Item=item("k", 1))
            made += 1
        p50 = round_robin_p50(lambda n: get(ddb, n), made)
        curve.append((made, p50))
        print(f"  {made} tables: GetItem p50 {p50:.2f} ms", flush=True)
    return curve


def measure(data: Path, server_args: list[str], quick: bool) -> str:
    """Both curves, as text."""
    server: Any = RunningServer(data, *server_args).start()
    try:
        t0 = time.monotonic()
        functions = function_curve(server, 50 if quick else 200)
        tables = table_curve(server, 200 if quick else 1000)
        took = time.monotonic() - t0
    finally:
        server.stop()
    lines = [f"scale (cloudlet only, {took:.0f} s; p50 through boto3, 1 thread, round robin):",
             "| warm functions (one environment each) | warm invoke p50 (ms) "
             "| private MB per environment |", "|---|---|---|"]
    lines += [f"| {n} | {p50:.2f} | {mb:.2f} |" for n, p50, mb in functions]
    lines += ["", "| tables in the account | GetItem p50 (ms) |", "|---|---|"]
    lines += [f"| {n} | {p50:.2f} |" for n, p50 in tables]
    return "\n".join(lines)
