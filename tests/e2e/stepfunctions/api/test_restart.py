"""Machines, versions, aliases, activities and tags survive a SIGKILL of the server."""

from __future__ import annotations

import signal
from pathlib import Path

from tests.conftest import make_client
from tests.e2e.stepfunctions.api.conftest import PASS, PASS2, ROLE
from tests.server import RunningServer


def test_records_survive_a_crash(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = RunningServer(data, "--idle-timeout", "30").start()
    try:
        sfn = make_client(server, "stepfunctions")
        arn = sfn.create_state_machine(name="keep", definition=PASS, roleArn=ROLE,
                                       publish=True,
                                       tags=[{"key": "a", "value": "b"}])["stateMachineArn"]
        sfn.update_state_machine(stateMachineArn=arn, definition=PASS2, publish=True)
        sfn.create_state_machine_alias(
            name="live", routingConfiguration=[{"stateMachineVersionArn": arn + ":2",
                                                "weight": 100}])
        activity = sfn.create_activity(name="work")["activityArn"]
        revision = sfn.describe_state_machine(stateMachineArn=arn)["revisionId"]
        server.stop(signal.SIGKILL)

        server = RunningServer(data, "--idle-timeout", "30").start()
        sfn = make_client(server, "stepfunctions")
        d = sfn.describe_state_machine(stateMachineArn=arn)
        assert d["definition"] == PASS2 and d["revisionId"] == revision
        assert sfn.describe_state_machine(stateMachineArn=arn + ":1")["definition"] == PASS
        assert sfn.describe_state_machine_alias(
            stateMachineAliasArn=arn + ":live")["routingConfiguration"][0]["weight"] == 100
        assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "a",
                                                                         "value": "b"}]
        assert sfn.describe_activity(activityArn=activity)["name"] == "work"
        assert sfn.publish_state_machine_version(
            stateMachineArn=arn)["stateMachineVersionArn"] == arn + ":2"
    finally:
        server.stop()
