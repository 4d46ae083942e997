"""SigV4 verification cost: a GetItem loop against a ``--auth on`` and a ``--auth off``
server in the same run, and the verifier alone.

Run: ``.venv/bin/python bench/auth_bench.py [--quick]``

Both servers get an account from ``cloudlet accounts create`` and one item; the same boto3
GetItem (signed with the issued key) is sent N times to each, one connection, interleaved
in rounds so drift hits both alike. Printed: p50 and mean per request for each and the
difference (goal: verification < 50 us), then ``authn.verify`` timed in-process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.e2e.auth.conftest import client, create_accounts  # noqa: E402
from tests.server import RunningServer  # noqa: E402


def loop(ddb: Any, table: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})
        times.append(time.perf_counter() - started)
    return times


def in_process(rounds: int) -> float:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    from cloudlet.server.authn import verify
    from cloudlet.server.credentials import CredentialStore
    from cloudlet.server.http import Request

    with tempfile.TemporaryDirectory() as tmp:
        store = CredentialStore(Path(tmp) / "credentials.sqlite")
        _, key = store.create_account("bench")
        state = SimpleNamespace(credentials=store, clock=SimpleNamespace(now=time.time))
        signed = AWSRequest("POST", "http://127.0.0.1:4566/",
                            data=b'{"TableName": "t", "Key": {"pk": {"S": "a"}}}',
                            headers={"X-Amz-Target": "DynamoDB_20120810.GetItem",
                                     "Content-Type": "application/x-amz-json-1.0"})
        SigV4Auth(Credentials(key.access_key, key.secret), "dynamodb", "us-east-1").add_auth(signed)
        headers = {k.lower(): str(v) for k, v in signed.headers.items()}
        headers["host"] = "127.0.0.1:4566"
        request = Request("POST", "/", "/", "", headers, bytes(signed.body),
                          raw_headers=list(headers.items()))
        verify(state, request, "dynamodb")  # type: ignore[arg-type]
        started = time.perf_counter()
        for _ in range(rounds):
            verify(state, request, "dynamodb")  # type: ignore[arg-type]
        per_call = (time.perf_counter() - started) / rounds
        store.close()
    return per_call


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n = 200 if args.quick else 1000
    with tempfile.TemporaryDirectory() as tmp:
        servers = {mode: RunningServer(Path(tmp) / mode, "--auth", mode).start()
                   for mode in ("on", "off")}
        try:
            clients = {}
            for mode, server in servers.items():
                account = create_accounts(server.data_dir, "bench")[0]
                ddb = client(server, "dynamodb", account)
                ddb.create_table(TableName="bench", BillingMode="PAY_PER_REQUEST",
                                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                 AttributeDefinitions=[{"AttributeName": "pk",
                                                        "AttributeType": "S"}])
                ddb.put_item(TableName="bench", Item={"pk": {"S": "a"}})
                loop(ddb, "bench", 50)  # warm-up
                clients[mode] = ddb
            times: dict[str, list[float]] = {"on": [], "off": []}
            for _ in range(5):
                for mode in ("on", "off"):
                    times[mode] += loop(clients[mode], "bench", n // 5)
        finally:
            for server in servers.values():
                server.stop()
    p50 = {mode: statistics.median(t) * 1e6 for mode, t in times.items()}
    mean = {mode: statistics.fmean(t) * 1e6 for mode, t in times.items()}
    for mode in ("off", "on"):
        print(f"GetItem --auth {mode:3}: p50 {p50[mode]:7.1f} us  mean {mean[mode]:7.1f} us"
              f"  ({len(times[mode])} requests)")
    print(f"difference: p50 {p50['on'] - p50['off']:+.1f} us  mean "
          f"{mean['on'] - mean['off']:+.1f} us (goal < 50 us)")
    print(f"authn.verify alone: {in_process(20000) * 1e6:.1f} us per request")


if __name__ == "__main__":
    main()
