"""Issue 13's acceptance for the examples: each app in ``examples/`` deployed with the real
``cloudlet deploy`` (a subprocess, from a copy in tmp_path), used over HTTP at the URLs the
command printed, then taken down with ``cloudlet remove`` (stack, functions, deployment
bucket and endpoints gone). Each uses its own stage (or stack name) so tests sharing the
session server never collide. ``cloudlet init`` is checked to copy every example."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from cloudlet.cli.init import TEMPLATES
from tests.conftest import make_client
from tests.e2e.cli_deploy.conftest import run_cli
from tests.e2e.examples.deployed_app import (
    EXAMPLES,
    LEFTOVERS,
    deployed,
    json_request,
    unique_stage,
)
from tests.e2e.lambda_.conftest import wait_for
from tests.server import RunningServer


def test_hello_greets_by_path_parameter(server: RunningServer, tmp_path: Path) -> None:
    stage = unique_stage()
    with deployed(server, tmp_path, "hello", "--stage", stage) as app:
        assert app.stack_name == f"hello-{stage}"
        assert app.functions == {"hello": f"hello-{stage}-hello"}
        status, body = json_request(app.url("GET", "/hello/{name}", name="Ada"))
        assert status == 200, body
        assert body == {"message": "Hello, Ada!", "resource": "/hello/{name}",
                        "path": "/hello/Ada", "stage": stage}


def test_mafia_game_over_http(server: RunningServer, tmp_path: Path) -> None:
    with deployed(server, tmp_path, "mafia", "--stage", unique_stage()) as app:
        status, game = json_request(app.url("POST", "/new-game"), "POST")
        assert status == 200, game
        players = game["Players"]
        assert len(players) == 7 and game["Message"][1] == "2 of them are Mafia"

        status, state = json_request(app.url("GET", "/game-state"))
        assert status == 200, state
        # The Masked index projects Name and Identity only: true identities stay hidden.
        assert state == [{"Name": n, "Identity": "Uncovered"} for n in sorted(players)]

        status, answer = json_request(app.url("POST", "/judgement/{name}", name="Nobody"),
                                      "POST")
        assert (status, answer) == (404, {"Message": "Player with name Nobody not found"})

        status, answer = json_request(app.url("POST", "/judgement/{name}", name=players[0]),
                                      "POST")
        assert status == 200, answer
        _, state = json_request(app.url("GET", "/game-state"))
        judged = next(p for p in state if p["Name"] == players[0])
        assert judged["Identity"] in ("Correctly sentenced", "Incorrectly sentenced")


def test_restaurants_crud_over_http(server: RunningServer, tmp_path: Path) -> None:
    with deployed(server, tmp_path, "restaurants", "--stage", unique_stage()) as app:
        status, created = json_request(app.url("POST", "/restaurants"), "POST",
                                       {"name": "Noma", "city": "Copenhagen", "stars": 3})
        assert status == 201, created
        rid = created["id"]
        one = app.url("GET", "/restaurants/{id}", id=rid)

        assert json_request(one) == (200, {"id": rid, "name": "Noma", "city": "Copenhagen",
                                           "stars": 3})
        assert json_request(app.url("GET", "/restaurants")) == (200, [created])

        status, replaced = json_request(app.url("PUT", "/restaurants/{id}", id=rid), "PUT",
                                        {"name": "Noma 2.0", "city": "Copenhagen"})
        assert status == 200, replaced
        assert json_request(one) == (200, {"id": rid, "name": "Noma 2.0", "city": "Copenhagen"})

        assert json_request(app.url("DELETE", "/restaurants/{id}", id=rid), "DELETE") == \
            (204, None)
        status, missing = json_request(one)
        assert (status, missing) == (404, {"message": f"restaurant {rid} not found"})


def test_visitplannr_proposal_is_projected(server: RunningServer, tmp_path: Path) -> None:
    stack = f"visitplannr-{unique_stage()}"
    with deployed(server, tmp_path, "visitplannr", "--stack-name", stack) as app:
        assert app.stack_name == stack
        name = f"Tate Modern {uuid.uuid4().hex[:6]}"
        status, answer = json_request(app.url("POST", "/Prod/destination"), "POST",
                                      {"name": name})
        assert status == 201, answer
        assert json_request(app.url("POST", "/Prod/destination"), "POST", {}) == \
            (400, {"message": "a destination needs a name"})

        # The Node function reads EventsTable's stream and projects into the second table.
        ddb = make_client(server, "dynamodb")
        table = app.outputs["DestinationsTableName"]
        item = wait_for(lambda: ddb.get_item(TableName=table,
                                             Key={"Name": {"S": name}}).get("Item"),
                        20, what="projection in DestinationsTable")
        assert (item["Status"]["S"], item["LastEventId"]["S"]) == ("proposed",
                                                                   answer["eventId"])


def test_events_topic_reaches_its_function(server: RunningServer, tmp_path: Path) -> None:
    stage = unique_stage()
    with deployed(server, tmp_path, "events", "--stage", stage) as app:
        assert app.outputs["UploadsBucket"] == f"events-{stage}-uploads"
        assert set(app.functions) == {"onUpload", "onAlert", "onOrder", "onClick", "tick",
                                      "alwaysFails"}
        topic = app.physical_of_type("AWS::SNS::Topic")
        assert topic.endswith(f":events-{stage}-alerts")
        make_client(server, "sns").publish(TopicArn=topic, Subject="disk full",
                                           Message=json.dumps({"host": 7}))

        ddb, table = make_client(server, "dynamodb"), app.physical("ActivityTable")

        def alerts() -> list[str]:
            items = ddb.query(TableName=table, KeyConditionExpression="#s = :s",
                              ExpressionAttributeNames={"#s": "source"},
                              ExpressionAttributeValues={":s": {"S": "sns"}})["Items"]
            return [i["what"]["S"] for i in items]

        assert wait_for(alerts, 20, what="activity from the onAlert function") == ["disk full"]


@pytest.mark.parametrize("template", TEMPLATES)
def test_init_copies_each_example(template: str, tmp_path: Path) -> None:
    target = tmp_path / "project"
    done = run_cli("init", "--template", template, str(target))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"from the {template} example" in done.stdout

    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()
                and not set(p.relative_to(root).parts) & set(LEFTOVERS)
                and p.suffix != ".pyc"}

    copied = {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()}
    assert copied == files(EXAMPLES / template)
    assert {"serverless.yml", "template.yaml"} & copied
