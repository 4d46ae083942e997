"""The Mafia workshop game, deployed and played against a real server, as `make demo` does."""

from __future__ import annotations

import json
import uuid
from typing import Any

import boto3
import pytest

from tests.e2e.examples.conftest import load_example


@pytest.fixture(scope="module")
def mafia() -> Any:
    return load_example("mafia")


def test_a_whole_game_plays_through_lambda_and_dynamodb(mafia: Any, session: boto3.Session) -> None:
    names = mafia.deploy(session, prefix=f"mafia-{uuid.uuid4().hex[:6]}")

    transcript = mafia.play(session, names)

    assert transcript[0] == "A new game with 7 players begins"
    assert any(line.startswith("Mafia kills ") for line in transcript)
    assert any("sentenced" in line for line in transcript)
    assert "(judging an unknown player answers 404)" in transcript


def test_the_masked_index_hides_true_identities(mafia: Any, session: boto3.Session) -> None:
    names = mafia.deploy(session, prefix=f"mafia-{uuid.uuid4().hex[:6]}")
    mafia.call(session, names["new_game"])

    board = mafia.call(session, names["game_state"])["body"]

    assert len(board) == 7
    assert all(set(player) == {"Name", "Identity"} for player in board)
    table = session.client("dynamodb").scan(TableName=f"{names['new_game'][:-9]}-players")
    identities = [item["TrueIdentity"]["S"] for item in table["Items"]]
    assert sorted(identities).count("Mafia") == 2


def test_judging_an_unknown_player_is_404(mafia: Any, session: boto3.Session) -> None:
    names = mafia.deploy(session, prefix=f"mafia-{uuid.uuid4().hex[:6]}")
    mafia.call(session, names["new_game"])

    verdict = mafia.call(session, names["judgement"], {"body": json.dumps({"Name": "Nobody"})})

    assert verdict["statusCode"] == 404
    assert verdict["body"] == {"Message": "Player with name Nobody not found"}


def test_a_whole_game_plays_over_http_through_api_gateway(mafia: Any, session: boto3.Session) -> None:
    """The five functions behind a REST API (AWS_PROXY): a game played with HTTP requests."""
    prefix = f"mafia-{uuid.uuid4().hex[:6]}"
    api = mafia.expose(session, mafia.deploy(session, prefix=prefix), prefix)

    transcript = mafia.play_http(api)

    assert transcript[0] == "A new game with 7 players begins"
    assert any(line.startswith("Mafia kills ") for line in transcript)
    assert any("sentenced" in line for line in transcript)
    assert ("(POST /judgement/Nobody answers HTTP 404: Player with name Nobody not found)"
            in transcript)


def test_judging_an_unknown_player_over_http_is_404(mafia: Any, session: boto3.Session) -> None:
    """The function's proxy answer (statusCode 404) is the HTTP status, from a JSON body
    or from the path parameter."""
    prefix = f"mafia-{uuid.uuid4().hex[:6]}"
    api = mafia.expose(session, mafia.deploy(session, prefix=prefix), prefix)
    mafia.request(api, "POST", "/new-game")

    by_body = mafia.request(api, "POST", "/judgement", {"Name": "Nobody"})
    by_path = mafia.request(api, "POST", "/judgement/Nobody")

    for verdict in (by_body, by_path):
        assert verdict == {"statusCode": 404, "body": {"Message": "Player with name Nobody not found"}}


def test_the_demo_prints_the_urls(mafia: Any, session: boto3.Session) -> None:
    lines = mafia.demo(session, f"mafia-{uuid.uuid4().hex[:6]}")
    assert lines[0].startswith("deployed 5 functions and REST API ")
    assert any(line.startswith("POST http://") and line.endswith("/game/judgement/{name}")
               for line in lines)
    assert "A new game with 7 players begins" in lines
