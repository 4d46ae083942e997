"""The examples' serverless.yml deployed on a real cloudlet (create with the bucket-only
template, upload the zips, update with the full one) and used over HTTP."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.e2e.serverless.support import Deployed, deploy_service, http
from tests.server import RunningServer

EXAMPLES = Path(__file__).parents[3] / "examples"


def test_hello_answers_over_the_rest_api(server: RunningServer, tmp_path: Path) -> None:
    deployed = deploy_service(server, EXAMPLES / "hello", tmp_path, stage="slshello")
    outputs = deployed.stack.outputs
    assert outputs["ServiceEndpoint"].endswith("/slshello")
    assert "HelloLambdaFunctionQualifiedArn" in outputs

    status, headers, body = http("GET", deployed.rest_url(server, "/hello/Ada?greeting=Howdy"))

    assert status == 200, body
    assert body["message"] == "Howdy, Ada!"
    assert body["resource"] == "/hello/{name}"
    assert headers["content-type"] == "application/json"


def test_redeploying_unchanged_keeps_the_version(server: RunningServer, tmp_path: Path) -> None:
    first = deploy_service(server, EXAMPLES / "hello", tmp_path / "a", stage="slsagain")
    second = deploy_service(server, EXAMPLES / "hello", tmp_path / "b", stage="slsagain")
    versions = [k for k in second.stack.resources if "LambdaVersion" in k]
    assert versions == [k for k in first.stack.resources if "LambdaVersion" in k]
    assert second.stack.outputs["HelloLambdaFunctionQualifiedArn"] == \
        first.stack.outputs["HelloLambdaFunctionQualifiedArn"]


def test_restaurants_crud_by_http_method(server: RunningServer, tmp_path: Path) -> None:
    deployed = deploy_service(server, EXAMPLES / "restaurants", tmp_path, stage="slsfood")

    def url(path: str) -> str:
        return deployed.rest_url(server, path)

    status, headers, made = http("POST", url("/restaurants"), {"name": "Chez Ada", "stars": 3})
    assert status == 201, made
    assert headers["access-control-allow-origin"] == "*"
    rid = made["id"]
    assert http("GET", url(f"/restaurants/{rid}"))[2] == made
    status, _, changed = http("PUT", url(f"/restaurants/{rid}"), {"name": "Chez Grace"})
    assert (status, changed["name"]) == (200, "Chez Grace")
    assert [r["name"] for r in http("GET", url("/restaurants"))[2]] == ["Chez Grace"]
    assert http("DELETE", url(f"/restaurants/{rid}"))[0] == 204
    status, _, missing = http("GET", url(f"/restaurants/{rid}"))
    assert status == 404 and "not found" in missing["message"]
    assert http("POST", url("/restaurants"), {"stars": 1})[0] == 400


def test_mafia_game_over_http(server: RunningServer, tmp_path: Path) -> None:
    deployed = deploy_service(server, EXAMPLES / "mafia", tmp_path, stage="slsgame",
                              env={"NUMBER_OF_PLAYERS": "5", "NUMBER_OF_MAFIA": "1"})
    assert deployed.stack.outputs["PlayersTableName"] == "mafia-slsgame-players"

    def url(path: str) -> str:
        return deployed.rest_url(server, path)

    status, _, game = http("POST", url("/new-game"))
    assert status == 200, game
    assert len(game["Players"]) == 5
    status, _, state = http("GET", url("/game-state"))
    assert status == 200
    assert all(set(p) == {"Name", "Identity"} for p in state)   # the Masked index
    assert http("POST", url("/night-turn"))[0] == 200
    assert http("POST", url("/day-turn"))[0] == 200
    status, _, body = http("POST", url("/judgement/Nobody"))
    assert status == 404 and "Nobody" in body["Message"]


def test_a_code_change_publishes_a_new_version(server: RunningServer, tmp_path: Path) -> None:
    service = tmp_path / "hello"
    shutil.copytree(EXAMPLES / "hello", service, ignore=shutil.ignore_patterns(".serverless"))
    first = deploy_service(server, service, tmp_path / "a", stage="slschange")
    source = service / "src" / "hello.py"
    source.write_text(source.read_text().replace('"Hello"', '"Bonjour"'))

    second = deploy_service(server, service, tmp_path / "b", stage="slschange")

    def version(deployed: Deployed) -> str:
        return next(k for k in deployed.stack.resources if "LambdaVersion" in k)

    assert version(second) != version(first)
    assert second.stack.outputs["HelloLambdaFunctionQualifiedArn"].endswith(":2")
    assert http("GET", second.rest_url(server, "/hello/Ada"))[2]["message"] == "Bonjour, Ada!"
