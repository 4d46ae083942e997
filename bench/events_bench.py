"""Events benchmark: how fast a message, an object or a record reaches a function, and the
raw SQS and S3 calls beside moto's server and MiniStack, in one run on 127.0.0.1.

Run: ``.venv/bin/python bench/events_bench.py [--quick]`` (the raw rows need ``wrk``)

- Trigger latency: the time from the client's call returning (SendMessage, PutObject,
  PutRecords) to the first line of the handler, which writes it to a file; p50 / p99 over
  a bounded number of one-at-a-time sends. Goal: p50 under 10 ms.
- Sustained throughput: a backlog of SQS messages sent in batches of 10, drained by an
  event source mapping (BatchSize 10) into a function: messages handled per second.
- Raw server throughput (wrk replaying one prepared request, 16 connections):
  SendMessage, ReceiveMessage (VisibilityTimeout 0 on a filled queue, so every call
  answers a message), PutObject and GetObject of 1 KiB, for cloudlet, moto and MiniStack.
  Goal: at least 10x moto and 3x MiniStack.
- A 1 GiB object through PutObject and GetObject (boto3, streamed from and to a file): the
  server's resident memory growth. Goal: under 50 MB. Skipped with ``--quick``.
Every load is bounded in time and count; everything started is stopped at the end.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import textwrap
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

import raw_http
from cloudlet.testing import RunningServer, function_ready
from peers import start_ministack, start_moto

ROLE = "arn:aws:iam::000000000000:role/bench"
HANDLER = textwrap.dedent("""
    import base64, json, os, time

    def handler(event, context):
        now = time.time()
        with open(os.environ["OUT"], "a") as f:
            for r in event.get("Records", []):
                if "body" in r:
                    sent = json.loads(r["body"])["sent"]
                elif "s3" in r:
                    sent = float(r["s3"]["object"]["key"].rsplit("-", 1)[1])
                else:
                    sent = json.loads(base64.b64decode(r["kinesis"]["data"]))["sent"]
                f.write(f"{now - sent}\\n")
        return {}
""").lstrip()
S3_AUTH = ("AWS4-HMAC-SHA256 Credential=bench/20261201/us-east-1/s3/aws4_request, "
           "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=0")
SQS_AUTH = raw_http.AUTH.replace("/dynamodb/", "/sqs/")


def client(service: str, url: str) -> Any:
    return boto3.client(service, endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="bench", aws_secret_access_key="bench",
                        config=Config(retries={"max_attempts": 1}, read_timeout=300,
                                      s3={"addressing_style": "path"}))


def package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", HANDLER)
    return buffer.getvalue()


def lines(path: Path) -> list[float]:
    return [float(x) for x in path.read_text().split()] if path.exists() else []


def wait_lines(path: Path, count: int, timeout: float = 60.0) -> list[float]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = lines(path)
        if len(got) >= count:
            return got
        time.sleep(0.002)
    raise TimeoutError(f"{path.name}: {len(lines(path))} of {count} events arrived")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class Triggers:
    """One function per source on a cloudlet server, each writing latencies to a file."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder
        self.lam = client("lambda", url)
        self.code = package()

    def function(self, name: str) -> tuple[str, Path]:
        out = self.folder / f"{name}.txt"
        arn = self.lam.create_function(
            FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
            Code={"ZipFile": self.code}, Timeout=30, MemorySize=256,
            Environment={"Variables": {"OUT": str(out)}})["FunctionArn"]
        function_ready(self.lam, name)
        return arn, out

    def sqs(self, name: str) -> tuple[Any, str, Path]:
        sqs = client("sqs", self.url)
        arn, out = self.function(name)
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        self.lam.create_event_source_mapping(FunctionName=arn, EventSourceArn=queue_arn,
                                             BatchSize=10)
        return sqs, url, out

    def s3(self, name: str) -> tuple[Any, Path]:
        s3 = client("s3", self.url)
        arn, out = self.function(name)
        s3.create_bucket(Bucket=name)
        s3.put_bucket_notification_configuration(Bucket=name, NotificationConfiguration={
            "LambdaFunctionConfigurations": [{"LambdaFunctionArn": arn,
                                              "Events": ["s3:ObjectCreated:*"]}]})
        return s3, out

    def kinesis(self, name: str) -> tuple[Any, Path]:
        kinesis = client("kinesis", self.url)
        arn, out = self.function(name)
        kinesis.create_stream(StreamName=name, ShardCount=1)
        kinesis.get_waiter("stream_exists").wait(StreamName=name,
                                                 WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        stream = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        self.lam.create_event_source_mapping(FunctionName=arn, EventSourceArn=stream["StreamARN"],
                                             StartingPosition="LATEST", BatchSize=100)
        return kinesis, out


def latency(send: Callable[[int], None], out: Path, count: int) -> list[float]:
    """Send ``count`` events one at a time, each after the previous one arrived."""
    send(-1)  # warm-up: the first one starts the environment
    wait_lines(out, 1)
    for i in range(count):
        send(i)
        wait_lines(out, i + 2)
    return lines(out)[1:]


def trigger_section(server: RunningServer, folder: Path, count: int, backlog: int) -> None:
    t = Triggers(server.url, folder)
    print(f"trigger latency: call returned -> handler's first line ({count} one at a time)")
    results: dict[str, list[float]] = {}
    try:
        sqs, url, out = t.sqs("bench-sqs")
        results["SQS SendMessage"] = latency(
            lambda i: sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"sent": time.time()})),
            out, count)
        s3, out = t.s3("bench-s3")
        results["S3 PutObject"] = latency(
            lambda i: s3.put_object(Bucket="bench-s3", Key=f"k{i}-{time.time()}", Body=b"x"),
            out, count)
        kinesis, out = t.kinesis("bench-kinesis")
        time.sleep(0.5)  # LATEST: let the poller take its iterator first
        results["Kinesis PutRecords"] = latency(
            lambda i: kinesis.put_records(StreamName="bench-kinesis", Records=[
                {"Data": json.dumps({"sent": time.time()}).encode(), "PartitionKey": "p"}]),
            out, count)
    except Exception as exc:  # a service still missing: say so, measure the rest
        print(f"  (stopped: {type(exc).__name__}: {exc})")
    for name, values in results.items():
        print(f"  {name:<22} p50 {pct(values, 0.5):6.1f} ms   p99 {pct(values, 0.99):6.1f} ms"
              f"   goal p50 < 10 ms: {'met' if pct(values, 0.5) < 10 else 'NOT met'}")

    try:
        sqs, url, out = t.sqs("bench-sqs-backlog")
        began = time.perf_counter()
        for start in range(0, backlog, 10):
            sqs.send_message_batch(QueueUrl=url, Entries=[
                {"Id": str(i), "MessageBody": json.dumps({"sent": time.time()})}
                for i in range(start, min(backlog, start + 10))])
        sent_s = time.perf_counter() - began
        wait_lines(out, backlog, timeout=120)
        total_s = time.perf_counter() - began
        print(f"  SQS -> function, {backlog} messages: sent in {sent_s:.2f} s, all handled after"
              f" {total_s:.2f} s = {backlog / total_s:,.0f} messages/s")
    except Exception as exc:
        print(f"  (backlog not measured: {type(exc).__name__}: {exc})")


def prepare_raw(url: str) -> dict[str, dict[str, Any]]:
    """Queue and bucket on one server, then wrk on the four calls."""
    sqs, s3 = client("sqs", url), client("s3", url)
    queue = sqs.create_queue(QueueName="bench-raw")["QueueUrl"]
    for _ in range(10):
        sqs.send_message_batch(QueueUrl=queue, Entries=[
            {"Id": str(i), "MessageBody": "m" * 100} for i in range(10)])
    s3.create_bucket(Bucket="bench-raw")
    s3.put_object(Bucket="bench-raw", Key="object", Body=b"o" * 1024)
    json_headers = {"Content-Type": "application/x-amz-json-1.0", "Authorization": SQS_AUTH}
    s3_headers = {"Authorization": S3_AUTH, "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
                  "x-amz-date": "20261201T000000Z"}
    return {
        "SQS SendMessage": dict(method="POST", headers={
            **json_headers, "X-Amz-Target": "AmazonSQS.SendMessage"},
            body=json.dumps({"QueueUrl": queue, "MessageBody": "m" * 100})),
        "SQS ReceiveMessage": dict(method="POST", headers={
            **json_headers, "X-Amz-Target": "AmazonSQS.ReceiveMessage"},
            body=json.dumps({"QueueUrl": queue, "MaxNumberOfMessages": 1, "VisibilityTimeout": 0})),
        "S3 PutObject 1 KiB": dict(method="PUT", headers={
            **s3_headers, "Content-Type": "application/octet-stream"}, body="p" * 1024),
        "S3 GetObject 1 KiB": dict(method="GET", headers=s3_headers, body=None),
    }


def _ratio(row: dict[str, float | None], peer: str, goal: float) -> str:
    mine, theirs = row.get("cloudlet") or 0.0, row.get(peer)
    if not theirs:
        return "       -"
    r = mine / theirs
    return f"{r:7.1f}x {'ok' if r >= goal else '--'}"


def raw_section(servers: dict[str, str], seconds: float) -> None:
    if not raw_http.available():
        print("raw calls not measured: wrk is not installed")
        return
    print("\nraw server throughput (wrk, 16 kept-alive connections), requests/s")
    table: dict[str, dict[str, float | None]] = {}
    for label, url in servers.items():
        try:
            calls = prepare_raw(url)
        except Exception as exc:
            print(f"  ({label} not measured: {type(exc).__name__}: {str(exc)[:200]})")
            continue
        for name, call in calls.items():
            path = "/bench-raw/object" if name.startswith("S3") else "/"
            try:
                found = raw_http.replay(url + path, 16, seconds, name=f"{label} {name}", **call)
                table.setdefault(name, {})[label] = found.rps
            except Exception as exc:
                table.setdefault(name, {})[label] = None
                print(f"  ({label} {name} failed: {str(exc).splitlines()[0][:160]})")
    labels = list(servers)
    print(f"  {'call':<20}" + "".join(f"{x:>12}" for x in labels) + "   vs moto   vs MiniStack")
    for name, row in table.items():
        cells = "".join(f"{row.get(x) or 0:>12,.0f}" for x in labels)
        print(f"  {name:<20}{cells}   {_ratio(row, 'moto', 10)}  {_ratio(row, 'MiniStack', 3)}")
    print("  (goals: 10x moto, 3x MiniStack; ok = met)")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def big_object_section(server: RunningServer, folder: Path) -> None:
    assert server.proc is not None
    s3 = client("s3", server.url)
    s3.create_bucket(Bucket="bench-big")
    source = folder / "big.bin"
    with source.open("wb") as f:
        block = os.urandom(1 << 20)
        for _ in range(1024):
            f.write(block)
    before = rss_kb(server.proc.pid)
    peak = before
    began = time.perf_counter()
    with source.open("rb") as f:
        s3.put_object(Bucket="bench-big", Key="big", Body=f)
    put_s = time.perf_counter() - began
    peak = max(peak, rss_kb(server.proc.pid))
    began = time.perf_counter()
    body = s3.get_object(Bucket="bench-big", Key="big")["Body"]
    size = 0
    for chunk in iter(lambda: body.read(1 << 20), b""):
        size += len(chunk)
        peak = max(peak, rss_kb(server.proc.pid))
    get_s = time.perf_counter() - began
    growth = (peak - before) / 1024
    print(f"\n1 GiB object: PutObject {put_s:.1f} s, GetObject {get_s:.1f} s ({size >> 20} MiB);"
          f" server RSS {before / 1024:.0f} -> peak {peak / 1024:.0f} MB (+{growth:.0f} MB;"
          f" goal < 50 MB: {'met' if growth < 50 else 'NOT met'})")
    source.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer events, shorter loads, no 1 GiB")
    args = parser.parse_args()
    count, backlog, seconds = (30, 500, 2.0) if args.quick else (100, 2000, 5.0)
    print("cloudlet events benchmark (every figure from this run)\n")
    with tempfile.TemporaryDirectory(prefix="cloudlet-bench-", dir="/var/tmp") as tmp:
        folder = Path(tmp)
        folder.chmod(0o777)
        server = RunningServer(folder / "data", "--idle-timeout", "600")
        server.start()
        peers = []
        try:
            trigger_section(server, folder, count, backlog)
            servers = {"cloudlet": server.url}
            for peer in (start_moto(), start_ministack()):
                if peer is not None:
                    peers.append(peer)
                    servers[peer.name] = peer.url
            raw_section(servers, seconds)
            if not args.quick:
                big_object_section(server, folder)
        finally:
            for peer in peers:
                peer.stop()
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
