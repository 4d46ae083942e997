"""serverless.yml with the serverless-step-functions plugin's ``stepFunctions`` section,
deployed as ``serverless deploy`` does (tests/e2e/serverless/support.py): a state machine
with an ``http`` event (POST starts an execution through API Gateway's StartExecution
integration), ``schedule`` and ``eventBridge`` events; what is not compiled fails by name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cloudlet.templates.serverless import ServerlessError, compile, load
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import wait_for
from tests.e2e.serverless.support import deploy_service, http, remove_service
from tests.e2e.stepfunctions.conftest import finished
from tests.server import RunningServer

HANDLER = """
def shout(event, context):
    return {"said": str(event["say"]).upper()}
"""
MACHINE = {"StartAt": "Shout", "States": {"Shout": {
    "Type": "Task", "Resource": {"Fn::GetAtt": ["shout", "Arn"]}, "End": True}}}


def _service(directory: Path, events: list[Any], **machine: Any) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "handler.py").write_text(HANDLER)
    config = {"service": "shouter", "plugins": ["serverless-step-functions"],
              "provider": {"name": "aws", "runtime": "python3.12"},
              "functions": {"shout": {"handler": "handler.shout"}},
              "stepFunctions": {"stateMachines": {"shouter": {
                  "definition": MACHINE, "events": events, **machine}}}}
    (directory / "serverless.yml").write_text(json.dumps(config))
    return directory


def test_http_event_starts_an_execution(server: RunningServer, tmp_path: Path) -> None:
    directory = _service(tmp_path / "svc", [{"http": {"path": "shout/now", "method": "post"}}])
    deployed = deploy_service(server, directory, tmp_path / "out", stage="sfnhttp")
    stack = deployed.stack
    machine_arn = stack.physical("ShouterStepFunctionsStateMachine")
    assert stack.outputs["ShouterStepFunctionsStateMachineArn"] == machine_arn
    assert {"ApiGatewayResourceShout", "ApiGatewayResourceShoutNow",
            "ApiGatewayMethodShoutNowPost", "ApigatewayToStepFunctionsRole"} <= set(
        stack.resources)
    assert stack.outputs["ServiceEndpoint"].endswith("/sfnhttp")

    status, _, started = http("POST", deployed.rest_url(server, "/shout/now"),
                              {"say": "it's hot"})

    assert status == 200, started
    sfn = make_client(server, "stepfunctions")
    out = finished(sfn, started["executionArn"])
    assert (out["status"], out["output"]) == ("SUCCEEDED", {"said": "IT'S HOT"}), out
    assert json.loads(out["input"]) == {"say": "it's hot"}
    # the plugin names the execution after the API request id
    assert out["name"] != "" and out["stateMachineArn"] == machine_arn
    remove_service(server, deployed)


def test_schedule_and_event_bridge_events(server: RunningServer, tmp_path: Path) -> None:
    directory = _service(tmp_path / "svc", [
        {"schedule": {"rate": "rate(1 day)", "enabled": False, "input": {"say": "tick"}}},
        {"eventBridge": {"event": {"source": ["shouts"]}, "inputPath": "$.detail"}}])
    deployed = deploy_service(server, directory, tmp_path / "out", stage="sfnevents")
    stack = deployed.stack
    machine_arn = stack.physical("ShouterStepFunctionsStateMachine")
    events = make_client(server, "events")
    rule = events.describe_rule(Name=stack.physical("ShouterStepFunctionsEventsRuleSchedule1"))
    assert (rule["State"], rule["ScheduleExpression"]) == ("DISABLED", "rate(1 day)")
    [target] = events.list_targets_by_rule(Rule=rule["Name"])["Targets"]
    assert (target["Arn"], target["Id"], json.loads(target["Input"])) == (
        machine_arn, "shouterStepFunctionsSchedule", {"say": "tick"})
    assert "ShouterScheduleToStepFunctionsRole" in stack.resources

    events.put_events(Entries=[{"Source": "shouts", "DetailType": "shout",
                                "Detail": json.dumps({"say": "hello"})}])

    sfn = make_client(server, "stepfunctions")

    def outputs() -> list[Any]:
        listed = sfn.list_executions(stateMachineArn=machine_arn)["executions"]
        return [finished(sfn, e["executionArn"]).get("output") for e in listed]

    assert wait_for(lambda: {"said": "HELLO"} in outputs(),
                    what="an execution started by the eventBridge rule")
    remove_service(server, deployed)


@pytest.mark.parametrize(("events", "machine", "named"), [
    ([{"http": {"path": "x", "method": "post", "cors": True}}], {}, "cors on http events"),
    ([{"http": {"path": "x", "method": "get", "authorizer": "aws_iam"}}], {},
     "authorizer on http events"),
    ([{"sqs": {"arn": "arn:aws:sqs:us-east-1:000000000000:q"}}], {}, "sqs events"),
    ([], {"alarms": {"metrics": ["executionsFailed"]}}, "alarms"),
])
def test_what_is_not_compiled_fails_by_name(tmp_path: Path, events: list[Any],
                                            machine: dict[str, Any], named: str) -> None:
    service = load(_service(tmp_path / "svc", events, **machine), stage="dev",
                   region="us-east-1", env={})
    with pytest.raises(ServerlessError, match=f"not supported: {named}"):
        compile(service, output_dir=tmp_path / "out", install_dependencies=False)
