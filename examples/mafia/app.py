"""The Mafia workshop game on cloudlet: five functions and a players table.

``deploy`` creates the table (keyed by ``Name``, with a ``Masked`` index projecting only
``Name`` and ``Identity``) and the functions, with boto3 exactly as against AWS;
``play`` runs a game through the Lambda Invoke API and returns the transcript.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

SRC = Path(__file__).parent / "src"
FUNCTIONS = ["new_game", "game_state", "night_turn", "day_turn", "judgement"]
ROLE = "arn:aws:iam::000000000000:role/mafia"


def package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(SRC.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


def deploy(session: Any, prefix: str = "mafia") -> dict[str, str]:
    ddb = session.client("dynamodb")
    table = f"{prefix}-players"
    ddb.create_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "Name", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "Name", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "Masked",
            "KeySchema": [{"AttributeName": "Name", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["Identity"]},
        }],
        BillingMode="PAY_PER_REQUEST",
    )
    ddb.get_waiter("table_exists").wait(TableName=table)
    lam = session.client("lambda")
    code = package()
    names = {}
    for function in FUNCTIONS:
        name = f"{prefix}-{function.replace('_', '-')}"
        lam.create_function(
            FunctionName=name, Runtime="python3.12", Role=ROLE, Handler=f"{function}.handler",
            Code={"ZipFile": code}, Timeout=10,
            Environment={"Variables": {"TABLE_NAME": table, "NUMBER_OF_PLAYERS": "7",
                                       "NUMBER_OF_MAFIA": "2"}},
        )
        names[function] = name
    return names


def call(session: Any, name: str, event: dict[str, Any] | None = None) -> dict[str, Any]:
    lam = session.client("lambda")
    result = lam.invoke(FunctionName=name, Payload=json.dumps(event or {}).encode())
    payload = json.loads(result["Payload"].read())
    if result.get("FunctionError"):
        raise RuntimeError(f"{name} failed: {payload}")
    return {"statusCode": payload["statusCode"], "body": json.loads(payload["body"])}


def play(session: Any, names: dict[str, str]) -> list[str]:
    """One game: new game, night, day, a judgement, the board; returns what happened."""
    transcript = []
    started = call(session, names["new_game"])
    transcript += started["body"]["Message"]
    board = call(session, names["game_state"])["body"]
    assert all(set(player) == {"Name", "Identity"} for player in board), board
    transcript += call(session, names["night_turn"])["body"]["Message"]
    transcript += call(session, names["day_turn"])["body"]["Message"]
    alive = [p["Name"] for p in call(session, names["game_state"])["body"]
             if p["Identity"] == "Uncovered"]
    verdict = call(session, names["judgement"], {"Name": alive[0]})
    transcript += verdict["body"]["Message"]
    missing = call(session, names["judgement"], {"Name": "Nobody"})
    assert missing["statusCode"] == 404, missing
    transcript.append(f"(judging an unknown player answers {missing['statusCode']})")
    for player in call(session, names["game_state"])["body"]:
        transcript.append(f"  {player['Name']:<8} {player['Identity']}")
    return transcript
