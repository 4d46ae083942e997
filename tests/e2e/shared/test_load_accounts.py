"""Load held across accounts: 16 concurrent clients for a fixed time (60 s), each signing
with its own account's keys (``--auth on``, ``--iam enforce``), writing items, sending
messages and invoking a function; zero errors, and after a SIGKILL and a restart every
acknowledged write and message is there. Bounded: it stops by itself."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from cloudlet.server.credentials import CredentialStore
from cloudlet.testing import RunningServer
from tests.e2e.lambda_.conftest import python_zip

CLIENTS = 16
ACCOUNTS = 4
SECONDS = float(os.environ.get("CLOUDLET_LOAD_SECONDS", "60"))

ECHO = """
def handler(event, context):
    return {"n": event["n"], "account": context.invoked_function_arn.split(":")[4]}
"""


def _client(server: RunningServer, key: tuple[str, str], service: str) -> Any:
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id=key[0], aws_secret_access_key=key[1],
                        config=Config(retries={"max_attempts": 1}, read_timeout=60,
                                      max_pool_connections=4))


def test_sixteen_clients_across_accounts_lose_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = CredentialStore(data / "credentials.sqlite")
    keys = []
    for n in range(ACCOUNTS):
        account, key = store.create_account(f"load-{n}")
        keys.append((account.account, (key.access_key, key.secret)))
    store.close()
    server = RunningServer(data, "--auth", "on", "--iam", "enforce",
                           "--account-concurrency", "50").start()
    try:
        for account, key in keys:
            ddb = _client(server, key, "dynamodb")
            ddb.create_table(TableName="load", BillingMode="PAY_PER_REQUEST",
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
            _client(server, key, "sqs").create_queue(QueueName="load")
            lam = _client(server, key, "lambda")
            lam.create_function(FunctionName="echo", Runtime="python3.12",
                                Role=f"arn:aws:iam::{account}:role/echo",
                                Handler="app.handler", Code={"ZipFile": python_zip(ECHO)})
            lam.get_waiter("function_active_v2").wait(FunctionName="echo")

        errors: list[str] = []
        written: Counter[str] = Counter()
        sent: Counter[str] = Counter()
        lock = threading.Lock()
        deadline = time.monotonic() + SECONDS

        def worker(n: int) -> None:
            account, key = keys[n % ACCOUNTS]
            ddb, sqs, lam = (_client(server, key, s) for s in ("dynamodb", "sqs", "lambda"))
            url = sqs.get_queue_url(QueueName="load")["QueueUrl"]
            i = 0
            while time.monotonic() < deadline:
                try:
                    ddb.put_item(TableName="load", Item={"pk": {"S": f"c{n}-{i}"}})
                    with lock:
                        written[account] += 1
                    if i % 4 == 0:
                        sqs.send_message(QueueUrl=url, MessageBody=f"c{n}-{i}")
                        with lock:
                            sent[account] += 1
                    if i % 8 == 0:
                        out = json.loads(lam.invoke(FunctionName="echo", Payload=json.dumps(
                            {"n": i}))["Payload"].read())
                        if out != {"n": i, "account": account}:
                            raise AssertionError(f"invoke answered {out}")
                except Exception as error:  # noqa: BLE001 (every failure is counted)
                    with lock:
                        errors.append(f"client {n} step {i}: {error!r}")
                    if len(errors) > 20:
                        return
                i += 1

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(SECONDS + 120)
        assert errors == []
        assert sum(written.values()) > CLIENTS * 10

        server.stop(signal.SIGKILL)
        server.start()
        for account, key in keys:
            ddb = _client(server, key, "dynamodb")
            count = 0
            kwargs: dict[str, Any] = {"TableName": "load", "Select": "COUNT"}
            while True:
                page = ddb.scan(**kwargs)
                count += page["Count"]
                if "LastEvaluatedKey" not in page:
                    break
                kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            assert count == written[account], account
            sqs = _client(server, key, "sqs")
            url = sqs.get_queue_url(QueueName="load")["QueueUrl"]
            visible = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
                "ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"]
            assert int(visible) == sent[account], account
    finally:
        server.stop()
