"""DynamoDB throughput and latency: cloudlet against moto, in one run, on 127.0.0.1.

    .venv/bin/python bench/dynamodb_bench.py [--quick] [--duration S]

For PutItem, GetItem, Query (100 items of one partition) and Scan (10,000 items, every
page), with 1 and 8 client threads (one boto3 client each), it prints ops/s, p50 and
p99 for cloudlet, for moto's server and for a "boto3 floor" (a bare uvicorn app that
answers every call with a canned response: the cost of the client and HTTP alone), and
the ratio cloudlet/moto. Then Query latency on partition-spread tables of 10k and 1M
items (100k with --quick), loaded directly through cloudlet's backend module.

Every loop is bounded in time and count; everything it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
    os.environ.pop(proxy, None)
os.environ["NO_PROXY"] = "127.0.0.1,localhost"

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

import raw_http  # noqa: E402
from cloudlet.testing import RunningServer, free_port  # noqa: E402
from floor import start_floor  # noqa: E402
from peers import start_moto  # noqa: E402

TABLE = "bench"
SCAN_TABLE = "benchscan"
MAX_OPS = 200_000


def client(url: str) -> Any:
    return boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"max_attempts": 1}, max_pool_connections=16))


# -- workloads -----------------------------------------------------------------------


def create(ddb: Any, name: str) -> None:
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "sk", "AttributeType": "N"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                {"AttributeName": "sk", "KeyType": "RANGE"}])


def load(ddb: Any, table: str, items: list[dict[str, Any]]) -> None:
    for start in range(0, len(items), 25):
        ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": i}}
                                                   for i in items[start:start + 25]]})


def item(pk: str, sk: int) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}, "v": {"S": "x" * 16}}


def prepare(url: str) -> None:
    ddb = client(url)
    create(ddb, TABLE)
    create(ddb, SCAN_TABLE)
    load(ddb, TABLE, [item(f"k{i}", 1) for i in range(1000)] + [item("q", i) for i in range(100)])
    load(ddb, SCAN_TABLE, [item(f"s{i}", 0) for i in range(10_000)])


def op_factory(name: str) -> Callable[[Any, int], None]:
    def put(ddb: Any, n: int) -> None:
        ddb.put_item(TableName=TABLE, Item=item(f"w{n % 5000}", 1))

    def get(ddb: Any, n: int) -> None:
        ddb.get_item(TableName=TABLE, Key={"pk": {"S": f"k{n % 1000}"}, "sk": {"N": "1"}})

    def query(ddb: Any, n: int) -> None:
        resp = ddb.query(TableName=TABLE, KeyConditionExpression="pk = :p",
                         ExpressionAttributeValues={":p": {"S": "q"}})
        assert resp["Count"] == 100, resp["Count"]

    def scan(ddb: Any, n: int) -> None:
        kwargs: dict[str, Any] = {}
        total = 0
        for _ in range(1000):
            resp = ddb.scan(TableName=SCAN_TABLE, **kwargs)
            total += resp["Count"]
            if "LastEvaluatedKey" not in resp:
                break
            kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]

    return {"PutItem": put, "GetItem": get, "Query": query, "Scan": scan}[name]


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(url: str, op: Callable[[Any, int], None], threads: int,
            duration: float, pid: int | None = None) -> tuple[float, float, float, int, float]:
    """(ops/s, p50 ms, p99 ms, ops, server CPU ms per op) over ``duration`` seconds with
    ``threads`` clients; ``pid`` is the server's process."""
    clients = [client(url) for _ in range(threads)]
    for c in clients:  # warm the connection pools
        op(c, 0)
    latencies: list[list[float]] = [[] for _ in range(threads)]
    stop_at = time.perf_counter() + duration
    barrier = threading.Barrier(threads + 1)

    def work(index: int) -> None:
        ddb = clients[index]
        out = latencies[index]
        barrier.wait()
        n = index
        while len(out) < MAX_OPS // threads:
            t0 = time.perf_counter()
            if t0 >= stop_at:
                break
            op(ddb, n)
            out.append(time.perf_counter() - t0)
            n += threads

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    cpu0 = cpu_seconds(pid)
    start = time.perf_counter()
    barrier.wait()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    cpu = cpu_seconds(pid) - cpu0
    flat = sorted(x for lst in latencies for x in lst)
    if not flat:
        return 0.0, 0.0, 0.0, 0, 0.0
    p99 = flat[min(len(flat) - 1, int(len(flat) * 0.99))]
    return (len(flat) / elapsed, statistics.median(flat) * 1000, p99 * 1000, len(flat),
            cpu * 1000 / len(flat))


# -- Query latency with table size ---------------------------------------------------


def build_big_table(data_dir: Path, partitions: int, per_partition: int) -> None:
    """Write a partition-spread table straight through cloudlet's backend module."""
    from cloudlet.clock import Clock
    from cloudlet.services.dynamodb.backend import DynamoBackend
    from cloudlet.services.dynamodb.table import KeySpec, Table

    path = data_dir / "000000000000" / "us-east-1" / "dynamodb.sqlite"
    backend = DynamoBackend(path, Clock())
    with backend.transaction():
        table = Table(backend.next_id("table"), "big", "big-id",
                      "arn:aws:dynamodb:us-east-1:000000000000:table/big", time.time(),
                      KeySpec("pk", "S", "sk", "N"),
                      [{"AttributeName": "pk", "AttributeType": "S"},
                       {"AttributeName": "sk", "AttributeType": "N"}],
                      billing_mode="PAY_PER_REQUEST")
        backend.add_table(table)
    backend.conn.execute("PRAGMA synchronous=OFF")
    batch = 50_000
    count = 0
    writer_ctx = backend.transaction()
    writer = writer_ctx.__enter__()
    for p in range(partitions):
        for s in range(per_partition):
            it = item(f"p{p}", s)
            h, r = table.key_of_item(it)
            writer.put(table, h, r, None, it, 40)
            count += 1
            if count % batch == 0:
                writer_ctx.__exit__(None, None, None)
                writer_ctx = backend.transaction()
                writer = writer_ctx.__enter__()
    writer_ctx.__exit__(None, None, None)
    backend.close()


def query_latency(size: int, duration: float) -> tuple[float, float, float, float]:
    """(load seconds, p50 ms, p99 ms, ops/s) of a 100-item Query in a table of ``size``."""
    tmp = Path(tempfile.mkdtemp(prefix="cloudlet-bench-"))
    try:
        t0 = time.perf_counter()
        build_big_table(tmp / "data", size // 100, 100)
        loaded = time.perf_counter() - t0
        server = RunningServer(tmp / "data").start()
        try:
            def op(ddb: Any, n: int) -> None:
                resp = ddb.query(TableName="big", KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": {"S": f"p{n * 7919 % (size // 100)}"}})
                assert resp["Count"] == 100

            ops, p50, p99, _, _ = measure(server.url, op, 1, duration)
            return loaded, p50, p99, ops
        finally:
            server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


RAW_REQUESTS: dict[str, dict[str, object]] = {
    "PutItem": {"TableName": TABLE, "Item": item("w1", 1)},
    "GetItem": {"TableName": TABLE, "Key": {"pk": {"S": "k7"}, "sk": {"N": "1"}}},
    "Query": {"TableName": TABLE, "KeyConditionExpression": "pk = :p",
              "ExpressionAttributeValues": {":p": {"S": "q"}}},
}


def raw_section(cloudlet: str, moto: str, floor: str, seconds: float) -> None:
    """The servers' own throughput: wrk replaying one prepared request (no boto3)."""
    print("\nraw HTTP (wrk replaying one prepared request; the server's own cost):")
    if not raw_http.available():
        print("  skipped: wrk is not installed (apt-get install wrk)")
        return
    print(f"{'operation':<9} {'conn':>4} | {'cloudlet rps':>12} {'p50':>8} | {'moto rps':>9} "
          f"{'p50':>9} | {'floor rps':>9} | {'ratio':>6}")
    for name, body in RAW_REQUESTS.items():
        for connections in (1, 16):
            c = raw_http.run(cloudlet, name, body, connections, seconds)
            m = raw_http.run(moto, name, body, connections, seconds)
            f = raw_http.run(floor, name, body, connections, seconds)
            print(f"{name:<9} {connections:>4} | {c[0]:>12.0f} {c[1]:>6.2f}ms | {m[0]:>9.0f} "
                  f"{m[1]:>7.2f}ms | {f[0]:>9.0f} | {c[0] / m[0]:>5.1f}x", flush=True)


# -- main ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="shorter runs; 10k/100k tables")
    parser.add_argument("--duration", type=float, default=None, help="seconds per measurement")
    args = parser.parse_args()
    duration = args.duration or (1.0 if args.quick else 3.0)
    tmp = Path(tempfile.mkdtemp(prefix="cloudlet-bench-"))
    started: list[Any] = []
    try:
        cloudlet = RunningServer(tmp / "data").start()
        started.append(cloudlet)
        moto = start_moto()
        if moto is None:
            sys.exit("moto's server is needed (pip install 'moto[server]')")
        started.append(moto)
        floor_port = free_port()
        floor = start_floor(floor_port)
        started.append(floor)
        print("loading 1,100 + 10,000 items into cloudlet and moto ...", flush=True)
        prepare(cloudlet.url)
        prepare(moto.url)
        print(f"\n{'operation':<9} {'thr':>3} | {'cloudlet/s':>10} {'p50':>8} {'p99':>8} "
              f"{'cpu/op':>8} | {'moto/s':>7} {'p50':>9} {'p99':>9} {'cpu/op':>9} | "
              f"{'floor/s':>7} | {'ratio':>5} {'cpu x':>6}")
        print("-" * 118)
        for name in ("PutItem", "GetItem", "Query", "Scan"):
            op = op_factory(name)
            for threads in (1, 8):
                c = measure(cloudlet.url, op, threads, duration, cloudlet.proc.pid)
                m = measure(moto.url, op, threads, duration, moto.proc.pid)
                f = measure(floor.url, op, threads, duration) if name != "Scan" else None
                floor_text = f"{f[0]:>7.0f}" if f else f"{'-':>7}"
                ratio = c[0] / m[0] if m[0] else float("inf")
                cpu_ratio = m[4] / c[4] if c[4] else float("inf")
                print(f"{name:<9} {threads:>3} | {c[0]:>10.1f} {c[1]:>6.2f}ms {c[2]:>6.2f}ms "
                      f"{c[4]:>6.2f}ms | {m[0]:>7.1f} {m[1]:>7.2f}ms {m[2]:>7.2f}ms "
                      f"{m[4]:>7.2f}ms | {floor_text} | {ratio:>4.1f}x {cpu_ratio:>5.1f}x",
                      flush=True)
        print("Scan = one full scan of 10,000 items (every page). floor = a bare uvicorn app\n"
              "answering canned responses: the client-side cost alone. cpu/op = server process\n"
              "CPU per operation; ratio = cloudlet/moto ops/s; cpu x = moto/cloudlet CPU per op\n"
              "(server efficiency, independent of the client, which caps ops/s near the floor).")
        raw_section(cloudlet.url, moto.url, floor.url, max(duration, 2.0))
    finally:
        for proc in reversed(started):
            proc.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    sizes = (10_000, 100_000) if args.quick else (10_000, 1_000_000)
    print("\nQuery (100 items of one partition) by table size, 1 thread:")
    for size in sizes:
        loaded, p50, p99, ops = query_latency(size, duration)
        print(f"  {size:>9,} items (loaded in {loaded:5.1f}s): p50 {p50:6.2f}ms  p99 {p99:6.2f}ms"
              f"  {ops:7.1f} ops/s", flush=True)


if __name__ == "__main__":
    main()
