"""``--iam warn`` logs what AWS would deny and lets the call through; ``--iam off`` is silent."""

from __future__ import annotations

import time

from tests.e2e.iam_enforce.conftest import make_table, make_user
from tests.server import RunningServer


def _log_line(server: RunningServer, text: str, timeout: float = 5.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while True:
        found = [line for line in server.output().splitlines() if text in line]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_warn_logs_the_denial_once_and_the_call_succeeds(warning: RunningServer) -> None:
    table = make_table(warning)
    user = make_user(warning)
    ddb = user.client("dynamodb")
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "b"}})
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "b"}})["Item"] == {"pk": {"S": "b"}}
    resource = f"arn:aws:dynamodb:us-east-1:000000000000:table/{table}"
    expected = (f"would be denied on AWS: User: {user.arn} is not authorized to perform: "
                f"dynamodb:PutItem on resource: {resource} because no identity-based policy "
                f"allows the dynamodb:PutItem action")
    lines = _log_line(warning, expected)
    assert len(lines) == 1


def test_off_is_silent(silent: RunningServer) -> None:
    table = make_table(silent)
    user = make_user(silent)
    user.client("dynamodb").put_item(TableName=table, Item={"pk": {"S": "a"}})
    assert _log_line(silent, "would be denied on AWS", timeout=0.5) == []


def test_warn_also_writes_to_the_sessions_function_log(warning: RunningServer) -> None:
    from cloudlet.server.context import Principal
    from tests.conftest import make_client
    from tests.e2e.iam_enforce.conftest import _issue

    table = make_table(warning)
    group, stream = "/aws/lambda/fn-" + table, "2026/01/01/[$LATEST]abc"
    principal = Principal.role_session("arn:aws:iam::000000000000:role/fn-role", "fn-" + table)
    key = _issue(warning, principal, log_group=group, log_stream=stream)
    make_client(warning, "dynamodb", access_key=key).get_item(
        TableName=table, Key={"pk": {"S": "a"}})
    logs = make_client(warning, "logs")
    deadline = time.monotonic() + 5
    messages: list[str] = []
    while not messages and time.monotonic() < deadline:
        try:
            events = logs.get_log_events(logGroupName=group, logStreamName=stream)["events"]
        except logs.exceptions.ResourceNotFoundException:
            events = []
        messages = [e["message"] for e in events]
        time.sleep(0.05)
    assert messages == [f"would be denied on AWS: User: {principal.arn} is not authorized to "
                        f"perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:"
                        f"000000000000:table/{table} because no identity-based policy allows "
                        f"the dynamodb:GetItem action"]
