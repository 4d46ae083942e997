"""Console page latency: the table page with 1,000 items and the functions list with 100
functions, p50 and p99 over keep-alive HTTP on 127.0.0.1 (issue 17: under 100 ms p50).

    .venv/bin/python bench/console_bench.py [--requests N]

It starts its own server in a temporary data directory, fills it through boto3 (a table
with 1,000 items by BatchWriteItem; 100 functions from a tiny zip), warms each page up,
then times ``--requests`` GETs of each: the tables list, the table's first page (Scan,
Limit 25, plain and DynamoDB JSON), a Query page, and the functions list. Everything it
starts is stopped at the end. A bench, not a timed test.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import shutil
import statistics
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
    os.environ.pop(proxy, None)
os.environ["NO_PROXY"] = "127.0.0.1,localhost"

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

from cloudlet.testing import RunningServer  # noqa: E402

CONSOLE = "/_cloudlet/console"
TABLE = "bench-items"
ITEMS = 1_000
FUNCTIONS = 100


def client(url: str, service: str) -> Any:
    return boto3.client(service, endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"max_attempts": 1}))


def fill_table(url: str) -> None:
    ddb = client(url, "dynamodb")
    ddb.create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "sk", "AttributeType": "N"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                {"AttributeName": "sk", "KeyType": "RANGE"}])
    for start in range(0, ITEMS, 25):
        ddb.batch_write_item(RequestItems={TABLE: [
            {"PutRequest": {"Item": {"pk": {"S": f"user-{n % 40}"}, "sk": {"N": str(n)},
                                     "name": {"S": f"player {n}"}, "score": {"N": str(n * 7)},
                                     "tags": {"SS": ["a", "b"]},
                                     "profile": {"M": {"level": {"N": str(n % 9)}}}}}}
            for n in range(start, min(start + 25, ITEMS))]})


def tiny_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def fill_functions(url: str) -> None:
    lam = client(url, "lambda")
    code = tiny_zip()
    for n in range(FUNCTIONS):
        lam.create_function(FunctionName=f"bench-fn-{n:03d}", Runtime="python3.12",
                            Role="arn:aws:iam::000000000000:role/bench",
                            Handler="handler.handler", Code={"ZipFile": code})


def time_page(url: str, path: str, requests: int) -> tuple[int, list[float]]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    status = 0
    for _ in range(3):  # warm up: templates compiled, modules imported
        conn.request("GET", CONSOLE + path)
        response = conn.getresponse()
        response.read()
        status = response.status
    took: list[float] = []
    for _ in range(requests):
        t0 = time.perf_counter()
        conn.request("GET", CONSOLE + path)
        response = conn.getresponse()
        response.read()
        took.append((time.perf_counter() - t0) * 1000)
    conn.close()
    return status, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="cloudlet-console-bench-"))
    server = RunningServer(data).start()
    try:
        fill_table(server.url)
        fill_functions(server.url)
        pages = [
            ("tables list", "/tables"),
            (f"table page, {ITEMS} items (Scan, first page)", f"/tables/{TABLE}"),
            ("table page, DynamoDB JSON", f"/tables/{TABLE}?json=ddb"),
            ("table page, Query by partition key", f"/tables/{TABLE}?mode=query&pk=user-7"),
            (f"functions list, {FUNCTIONS} functions", "/functions"),
        ]
        print(f"console pages, {args.requests} GETs each, keep-alive, 127.0.0.1")
        print(f"{'page':48} {'status':>6} {'p50 ms':>8} {'p99 ms':>8}")
        for label, path in pages:
            status, took = time_page(server.url, path, args.requests)
            p99 = statistics.quantiles(took, n=100)[98] if len(took) > 1 else took[0]
            print(f"{label:48} {status:>6} {statistics.median(took):8.1f} {p99:8.1f}")
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
