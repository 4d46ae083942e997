"""Concurrent single-item writes share commits (``write_group``) without losing anything:
each is answered only once committed, a failing condition fails alone, reads through the
pending writes see them in arrival order, stream records keep the serial order, and every
acknowledged write survives SIGKILL, also one killed while writers are still running."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.dynamodb.support import create_table
from tests.server import RunningServer

WRITERS = 8
ROUNDS = 20


def _records(server: RunningServer, ddb: Any, table: str) -> list[dict[str, Any]]:
    streams = make_client(server, "dynamodbstreams")
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records: list[dict[str, Any]] = []
    for _ in range(50):
        page = streams.get_records(ShardIterator=iterator, Limit=1000)
        records += page["Records"]
        if not page["Records"]:
            break
        iterator = page["NextShardIterator"]
    return records


def test_concurrent_writes_group_and_survive_sigkill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = RunningServer(data).start()
    failures: list[str] = []
    errors: list[BaseException] = []
    try:
        ddb: Any = make_client(first, "dynamodb")
        table = create_table(ddb, "grouped", range_key="sk", range_type="N",
                             StreamSpecification={"StreamEnabled": True,
                                                  "StreamViewType": "NEW_IMAGE"})
        ddb.put_item(TableName=table, Item={"pk": {"S": "seed"}, "sk": {"N": "0"}})
        clients = [make_client(first, "dynamodb") for _ in range(WRITERS)]
        barrier = threading.Barrier(WRITERS)

        def writer(n: int) -> None:
            client = clients[n]
            try:
                for i in range(ROUNDS):
                    barrier.wait(timeout=60)
                    if n == 0 and i == ROUNDS // 2:
                        try:  # fails alone: the others of this round still succeed
                            client.put_item(TableName=table,
                                            Item={"pk": {"S": "seed"}, "sk": {"N": "0"},
                                                  "v": {"S": "overwritten"}},
                                            ConditionExpression="attribute_not_exists(pk)")
                        except ClientError as exc:
                            failures.append(exc.response["Error"]["Code"])
                        continue
                    client.put_item(TableName=table, Item={"pk": {"S": f"w{n}"},
                                                           "sk": {"N": str(i)}})
                    client.update_item(TableName=table,
                                       Key={"pk": {"S": "counter"}, "sk": {"N": "0"}},
                                       UpdateExpression="ADD n :one",
                                       ExpressionAttributeValues={":one": {"N": "1"}})
            except BaseException as exc:  # noqa: BLE001 (reported by the test)
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors
        assert failures == ["ConditionalCheckFailedException"]
    finally:
        first.stop(signal.SIGKILL)

    updates = WRITERS * ROUNDS - 1
    second = RunningServer(data).start()
    try:
        ddb = make_client(second, "dynamodb")
        seed = ddb.get_item(TableName=table, Key={"pk": {"S": "seed"}, "sk": {"N": "0"}})
        assert "v" not in seed["Item"]
        counter = ddb.get_item(TableName=table, Key={"pk": {"S": "counter"}, "sk": {"N": "0"}})
        assert counter["Item"]["n"] == {"N": str(updates)}
        for n in range(WRITERS):
            items = ddb.query(TableName=table, KeyConditionExpression="pk = :p",
                              ExpressionAttributeValues={":p": {"S": f"w{n}"}})["Items"]
            expected = [i for i in range(ROUNDS) if not (n == 0 and i == ROUNDS // 2)]
            assert [int(item["sk"]["N"]) for item in items] == expected
        records = _records(second, ddb, table)
        # seed + every put + every counter update; none for the failed condition.
        assert len(records) == 1 + 2 * updates
        sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
        assert sequence == sorted(set(sequence))
        counts = [int(r["dynamodb"]["NewImage"]["n"]["N"]) for r in records
                  if r["dynamodb"]["Keys"]["pk"] == {"S": "counter"}]
        assert counts == list(range(1, updates + 1))  # the serial order of the updates
    finally:
        second.stop()


def test_acknowledged_writes_survive_sigkill_mid_flight(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = RunningServer(data).start()
    acknowledged: list[list[int]] = [[] for _ in range(WRITERS)]
    enough = threading.Event()
    try:
        ddb: Any = make_client(first, "dynamodb")
        table = create_table(ddb, "inflight", range_key="sk", range_type="N")
        clients = [make_client(first, "dynamodb") for _ in range(WRITERS)]

        def writer(n: int) -> None:
            for i in range(10_000):
                try:
                    clients[n].put_item(TableName=table, Item={"pk": {"S": f"w{n}"},
                                                               "sk": {"N": str(i)}})
                except Exception:  # noqa: BLE001 (the server was killed)
                    return
                acknowledged[n].append(i)
                if sum(map(len, acknowledged)) >= 400:
                    enough.set()

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        assert enough.wait(timeout=120)
    finally:
        first.stop(signal.SIGKILL)
    for thread in threads:
        thread.join(timeout=60)

    second = RunningServer(data).start()
    try:
        ddb = make_client(second, "dynamodb")
        for n in range(WRITERS):
            stored: set[int] = set()
            start: dict[str, Any] | None = None
            while True:
                page = ddb.query(TableName=table, KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": {"S": f"w{n}"}},
                                 **({"ExclusiveStartKey": start} if start else {}))
                stored |= {int(item["sk"]["N"]) for item in page["Items"]}
                start = page.get("LastEvaluatedKey")
                if not start:
                    break
            assert set(acknowledged[n]) <= stored
    finally:
        second.stop()
