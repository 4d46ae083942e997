"""A workshop on one cloudlet: every attendee gets an account (``cloudlet accounts create``),
deploys the same stack (a function and a table of the same names), and none sees or
touches another's, with signatures checked (``--auth on``) and IAM enforced."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from cloudlet.testing import RunningServer

ATTENDEES = 20

HANDLER = """
import boto3, os

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])

def handler(event, context):
    table.put_item(Item={"id": event["player"], "account": context.invoked_function_arn.split(":")[4]})
    return {"seen": sorted(i["id"] for i in table.scan()["Items"]),
            "caller": boto3.client("sts").get_caller_identity()["Arn"]}
"""

TEMPLATE = {
    "Resources": {
        "Players": {"Type": "AWS::DynamoDB::Table", "Properties": {
            "TableName": "players", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}},
        "Role": {"Type": "AWS::IAM::Role", "Properties": {
            "RoleName": "game-role",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole"}]},
            "ManagedPolicyArns": [
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
            "Policies": [{"PolicyName": "players", "PolicyDocument": {
                "Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:Scan"],
                    "Resource": {"Fn::GetAtt": ["Players", "Arn"]}}]}}]}},
        "Game": {"Type": "AWS::Lambda::Function", "Properties": {
            "FunctionName": "game", "Runtime": "python3.12", "Handler": "index.handler",
            "Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Timeout": 30,
            "Environment": {"Variables": {"TABLE": {"Ref": "Players"}}},
            "Code": {"ZipFile": HANDLER}}},
    },
}


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningServer, list[dict[str, str]]]]:
    data = tmp_path_factory.mktemp("workshop") / "data"
    made = subprocess.run(
        [sys.executable, "-m", "cloudlet", "accounts", "create", "attendee", "--count",
         str(ATTENDEES), "--csv", "--data-dir", str(data)],
        check=True, capture_output=True, text=True)
    rows = list(csv.DictReader(io.StringIO(made.stdout)))
    running = RunningServer(data, "--auth", "on", "--iam", "enforce",
                            "--account-concurrency", "50").start()
    yield running, rows
    running.stop()


def _column(row: dict[str, str], *words: str) -> str:
    """The value of the CSV column whose header names all ``words``."""
    for header, value in row.items():
        if all(word in header.lower().replace("_", " ") for word in words):
            return value
    raise KeyError(words)


def client(server: RunningServer, row: dict[str, str], service: str) -> Any:
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id=_column(row, "access", "key"),
                        aws_secret_access_key=_column(row, "secret"),
                        config=Config(retries={"max_attempts": 1}, read_timeout=120))


def _deploy(server: RunningServer, row: dict[str, str]) -> None:
    cfn = client(server, row, "cloudformation")
    cfn.create_stack(StackName="game", TemplateBody=json.dumps(TEMPLATE),
                     Capabilities=["CAPABILITY_NAMED_IAM"])
    cfn.get_waiter("stack_create_complete").wait(
        StackName="game", WaiterConfig={"Delay": 0.2, "MaxAttempts": 300})
    client(server, row, "lambda").get_waiter("function_active_v2").wait(
        FunctionName="game", WaiterConfig={"Delay": 0.1, "MaxAttempts": 300})


def test_twenty_attendees_share_names_and_nothing_else(
        workshop: tuple[RunningServer, list[dict[str, str]]]) -> None:
    server, rows = workshop
    assert len(rows) == ATTENDEES
    accounts = [_column(row, "account") for row in rows]
    assert len(set(accounts)) == ATTENDEES
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda row: _deploy(server, row), rows))

    for n, row in enumerate(rows):
        out = client(server, row, "lambda").invoke(
            FunctionName="game", Payload=json.dumps({"player": f"p{n}"}))
        assert "FunctionError" not in out, out["Payload"].read()
        answer = json.loads(out["Payload"].read())
        # Each attendee's function sees its own table only, and acts as its own role.
        assert answer["seen"] == [f"p{n}"]
        assert answer["caller"] == (
            f"arn:aws:sts::{accounts[n]}:assumed-role/game-role/game")

    for n, row in enumerate(rows):
        ddb = client(server, row, "dynamodb")
        assert ddb.list_tables()["TableNames"] == ["players"]
        items = ddb.scan(TableName="players")["Items"]
        assert items == [{"id": {"S": f"p{n}"}, "account": {"S": accounts[n]}}]
        functions = client(server, row, "lambda").list_functions()["Functions"]
        assert [f["FunctionArn"].split(":")[4] for f in functions] == [accounts[n]]
        stacks = client(server, row, "cloudformation").describe_stacks()["Stacks"]
        assert [s["StackId"].split(":")[4] for s in stacks] == [accounts[n]]
        groups = client(server, row, "logs").describe_log_groups(
            logGroupNamePrefix="/aws/lambda/game")["logGroups"]
        assert [g["arn"].split(":")[4] for g in groups] == [accounts[n]]
        assert client(server, row, "sts").get_caller_identity()["Account"] == accounts[n]


def test_an_attendee_cannot_sign_as_another(
        workshop: tuple[RunningServer, list[dict[str, str]]]) -> None:
    server, rows = workshop
    forged = {**rows[0]}
    for header in forged:
        if "secret" in header.lower():
            forged[header] = _column(rows[1], "secret")
    with pytest.raises(ClientError) as denied:
        client(server, forged, "dynamodb").list_tables()
    assert denied.value.response["Error"]["Code"] == "InvalidSignatureException"
    unknown = {**rows[0]}
    for header in unknown:
        if "access" in header.lower() and "key" in header.lower():
            unknown[header] = "AKIAIOSFODNN7EXAMPLE"
    with pytest.raises(ClientError) as refused:
        client(server, unknown, "sqs").list_queues()
    assert refused.value.response["Error"]["Code"] in {
        "InvalidClientTokenId", "UnrecognizedClientException"}


def test_accounts_survive_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = subprocess.run(
        [sys.executable, "-m", "cloudlet", "accounts", "create", "solo", "--csv",
         "--data-dir", str(data)], check=True, capture_output=True, text=True)
    row = next(csv.DictReader(io.StringIO(made.stdout)))
    running = RunningServer(data, "--auth", "on").start()
    try:
        sqs = client(running, row, "sqs")
        sqs.create_queue(QueueName="kept")
        running.stop()
        running.start()
        assert [u.rsplit("/", 1)[-1] for u in sqs.list_queues()["QueueUrls"]] == ["kept"]
    finally:
        running.stop()
