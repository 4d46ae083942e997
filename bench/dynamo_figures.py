"""DynamoDB figures of issue 16, for every server measured in one run.

- raw GetItem / PutItem / Query (100 items): wrk replaying one prepared unsigned-style
  request at 16 kept-alive connections (the server's own cost; ``raw_http``), beside the
  bare uvicorn app answering a canned response (the floor).
- raw PutItem at 1 connection too, the 1 -> 16 growth and the server's CPU per PutItem at 16
  connections and at 1 (the fixed cost of a request that shares nothing): concurrent writes that share one commit (DynamoDB's ``write_group``) make
  the server's cost per write drop as writers are added, where the boto3 8-thread figure
  is bound by the client's own process.
- through boto3: PutItem at 1 and 8 writer threads (and the 1 -> 8 scaling), Query of 100
  items at 1 thread (``dynamodb_bench.measure``), beside the boto3 floor.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

import raw_http
from dynamodb_bench import RAW_REQUESTS, TABLE, client, create, item, load, measure, op_factory
from figures import Figure, above, at_least

CONNECTIONS = 16


@dataclass(frozen=True)
class Target:
    """One server measured: its column name, URL and process id (None when not ours)."""

    name: str
    url: str
    pid: int | None = None


def prepare(url: str) -> None:
    """The benchmark table: 1,000 single items k0..k999 and one partition "q" of 100."""
    ddb = client(url)
    create(ddb, TABLE)
    deadline = time.monotonic() + 30
    while ddb.describe_table(TableName=TABLE)["Table"]["TableStatus"] != "ACTIVE":
        if time.monotonic() > deadline:
            raise RuntimeError(f"table {TABLE} not ACTIVE at {url}")
        time.sleep(0.05)
    load(ddb, TABLE, [item(f"k{i}", 1) for i in range(1000)] + [item("q", i) for i in range(100)])


def raw_figures() -> list[Figure]:
    return [
        Figure("raw_get", "raw", f"raw GetItem, wrk {CONNECTIONS} conn", "req/s",
               [at_least("floor", 0.6, "floor"), at_least("dynalite", 2)]),
        Figure("raw_put", "raw", f"raw PutItem, wrk {CONNECTIONS} conn", "req/s",
               [at_least("dynalite", 1.5)]),
        Figure("raw_put_1", "raw", "raw PutItem, wrk 1 conn", "req/s"),
        Figure("raw_put_grows", "raw", f"raw PutItem growth 1 -> {CONNECTIONS} conn", "x",
               [above(1, "x (grows)")],
               note=f"{CONNECTIONS}-connection / 1-connection req/s of the server alone "
                    "(needs raw_put and raw_put_1)"),
        Figure("raw_put_cpu", "raw", f"raw PutItem server CPU per request, {CONNECTIONS} conn",
               "us", higher_is_better=False,
               note="the server process's user+system CPU over the raw PutItem run / requests "
                    "answered (lower is better; shared commits lower it)"),
        Figure("raw_put_1_cpu", "raw", "raw PutItem server CPU per request, 1 conn", "us",
               higher_is_better=False,
               note="as raw_put_cpu over the raw_put_1 run: the fixed cost of a request that "
                    "shares nothing (its wake-up, syscalls, its own commit)"),
        Figure("raw_query", "raw", f"raw Query 100 items, wrk {CONNECTIONS} conn", "req/s",
               [at_least("dynalite", 2)]),
    ]


# figure key -> (operation, connections)
RAW_RUNS = {"raw_get": ("GetItem", CONNECTIONS), "raw_put": ("PutItem", CONNECTIONS),
            "raw_put_1": ("PutItem", 1), "raw_query": ("Query", CONNECTIONS)}
# run figure key -> the figure of the server's CPU per request over that run
CPU_OF = {"raw_put": "raw_put_cpu", "raw_put_1": "raw_put_1_cpu"}


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (``/proc/<pid>/stat``)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_raw(figures: list[Figure], targets: list[Target], seconds: float) -> None:
    by_key = {f.key: f for f in figures}
    for fig in figures:
        if fig.key not in RAW_RUNS:
            continue
        op, connections = RAW_RUNS[fig.key]
        cpu = by_key.get(CPU_OF.get(fig.key, ""))
        for target in targets:
            timed = cpu is not None and target.pid is not None
            try:
                before = cpu_seconds(target.pid) if timed and target.pid else 0.0
                rate = raw_http.run(target.url, op, RAW_REQUESTS[op], connections, seconds)[0]
                fig.values[target.name] = rate
                if timed and target.pid and cpu is not None and rate:
                    used = cpu_seconds(target.pid) - before
                    cpu.values[target.name] = used / (rate * max(1, round(seconds))) * 1e6
            except (RuntimeError, OSError) as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc)
                print(f"  ({target.name} {op} under wrk failed: {first})", flush=True)
            print(f"  {fig.label}: {target.name} {_shown(fig, target.name)}", flush=True)
    grows, many, one = by_key.get("raw_put_grows"), by_key.get("raw_put"), by_key.get("raw_put_1")
    if grows and many and one:
        for name, rate in many.values.items():
            if one.values.get(name):
                grows.values[name] = rate / one.values[name]


def boto3_figures() -> list[Figure]:
    return [
        Figure("put_1", "boto3", "PutItem through boto3, 1 thread", "ops/s",
               [at_least("dynalite", 1)]),
        Figure("put_8", "boto3", "PutItem through boto3, 8 threads", "ops/s"),
        Figure("put_scaling", "boto3", "PutItem scaling 1 -> 8 threads", "x",
               [above(1, "x (grows)")],
               note="8-thread / 1-thread ops/s; the client shares the 2 cores with the server"),
        Figure("query_1", "boto3", "Query 100 items through boto3, 1 thread", "ops/s"),
    ]


BOTO3_RUNS = {"put_1": ("PutItem", 1), "put_8": ("PutItem", 8), "query_1": ("Query", 1)}


def measure_boto3(figures: list[Figure], targets: list[Target], seconds: float) -> None:
    by_key = {f.key: f for f in figures}
    for fig in figures:
        if fig.key not in BOTO3_RUNS:
            continue
        op, threads = BOTO3_RUNS[fig.key]
        for target in targets:
            try:
                fig.values[target.name] = measure(target.url, op_factory(op), threads,
                                                  seconds, target.pid)[0]
            except Exception as exc:  # noqa: BLE001 (a peer's failure is reported, not fatal)
                print(f"  ({target.name} {op} through boto3 failed: {exc})", flush=True)
            print(f"  {fig.label}: {target.name} {_shown(fig, target.name)}", flush=True)
    scaling = by_key.get("put_scaling")
    one, eight = by_key.get("put_1"), by_key.get("put_8")
    if scaling and one and eight:
        for name, rate in eight.values.items():
            if one.values.get(name):
                scaling.values[name] = rate / one.values[name]


def _shown(fig: Figure, name: str) -> str:
    value: Any = fig.values.get(name)
    return f"{value:,.1f} {fig.unit}" if value is not None else "-"
