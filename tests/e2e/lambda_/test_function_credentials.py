"""Function credentials: each execution environment holds a session of the function's
execution role, named after the function, and is recycled before that session ends.
https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, CreateFn, invoke_json, python_zip
from tests.server import RunningServer, serving

WHO_AM_I = """
    import os
    import boto3

    def handler(event, context):
        who = boto3.client("sts").get_caller_identity()
        tables = boto3.client("dynamodb").list_tables()["TableNames"]
        return {"key": os.environ["AWS_ACCESS_KEY_ID"],
                "secret": bool(os.environ["AWS_SECRET_ACCESS_KEY"]),
                "token": bool(os.environ["AWS_SESSION_TOKEN"]),
                "arn": who["Arn"], "user_id": who["UserId"], "tables": isinstance(tables, list)}
"""


def test_handler_acts_as_its_role_session(lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(WHO_AM_I, Timeout=30)
    out, _ = invoke_json(lambda_client, name)
    assert out["key"].startswith("ASIA") and out["secret"] and out["token"]
    assert out["arn"] == f"arn:aws:sts::000000000000:assumed-role/lambda-role/{name}"
    assert out["user_id"].startswith("AROA") and out["user_id"].endswith(f":{name}")
    assert out["tables"] is True
    again, _ = invoke_json(lambda_client, name)
    assert again["key"] == out["key"]  # a warm environment keeps its session


@pytest.fixture(scope="module")
def manual_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "fncreds", "--clock", "manual", "--idle-timeout", "300")


def test_environment_retires_before_its_session_ends(manual_server: RunningServer,
                                                    tmp_path: Path) -> None:
    client = make_client(manual_server, "lambda")
    client.create_function(FunctionName="creds", Runtime="python3.12", Role=ROLE, Timeout=30,
                           Handler="app.handler", Code={"ZipFile": python_zip(WHO_AM_I)})
    function_ready(client, "creds")
    first, _ = invoke_json(client, "creds")
    manual_server.advance_clock(5 * 3600)
    warm, _ = invoke_json(client, "creds")
    assert warm["key"] == first["key"]  # 5 h in: the same environment
    manual_server.advance_clock(50 * 60)
    fresh, _ = invoke_json(client, "creds")
    assert fresh["key"] != first["key"]  # 5 h 50 min in: a new environment, a new session
    assert fresh["arn"] == first["arn"]
    # the retired environment's key no longer names the role's session
    old = make_client(manual_server, "sts", access_key=first["key"]).get_caller_identity()
    assert old["Arn"] != first["arn"]
