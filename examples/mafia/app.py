"""The Mafia workshop game on cloudlet: five functions and a players table.

``deploy`` creates the table (keyed by ``Name``, with a ``Masked`` index projecting only
``Name`` and ``Identity``) and the functions, with boto3 exactly as against AWS;
``play`` runs a game through the Lambda Invoke API and returns the transcript.

``expose`` puts the five functions behind an API Gateway REST API, as the workshop does:
one resource per function with an ``AWS_PROXY`` integration (the functions read the
proxy event's ``body`` and ``pathParameters`` and answer ``statusCode``/``body``), an
AddPermission per function for this API, a deployment to stage ``game``. ``play_http``
plays a game over plain HTTP through it:

    POST /new-game   GET /game-state   POST /night-turn   POST /day-turn
    POST /judgement  (body {"Name": ...})   POST /judgement/{name}
"""

from __future__ import annotations

import http.client
import io
import json
import urllib.parse
import zipfile
from pathlib import Path
from typing import Any

SRC = Path(__file__).parent / "src"
FUNCTIONS = ["new_game", "game_state", "night_turn", "day_turn", "judgement"]
ROLE = "arn:aws:iam::000000000000:role/mafia"
STAGE = "game"
# (method, path, function) of the REST API
ROUTES = [("POST", "/new-game", "new_game"), ("GET", "/game-state", "game_state"),
          ("POST", "/night-turn", "night_turn"), ("POST", "/day-turn", "day_turn"),
          ("POST", "/judgement", "judgement"), ("POST", "/judgement/{name}", "judgement")]


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
    for name in names.values():
        lam.get_waiter("function_active_v2").wait(FunctionName=name)
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


# -- over HTTP, through API Gateway -----------------------------------------------------


class Api:
    """A deployed REST API (a plain class: the app is loaded from its file, not imported)."""

    def __init__(self, api_id: str, endpoint: str) -> None:
        self.api_id = api_id
        self.endpoint = endpoint  # the cloudlet server, http://127.0.0.1:PORT

    @property
    def host(self) -> str:
        return f"{self.api_id}.execute-api.localhost:{urllib.parse.urlsplit(self.endpoint).port}"

    def url(self, path: str) -> str:
        return f"http://{self.host}/{STAGE}{path}"


def expose(session: Any, names: dict[str, str], prefix: str = "mafia") -> Api:
    """A REST API in front of the functions (proxy integrations), deployed to ``game``."""
    lam = session.client("lambda")
    apigw = session.client("apigateway")
    region = session.region_name
    arns = {f: lam.get_function(FunctionName=n)["Configuration"]["FunctionArn"]
            for f, n in names.items()}
    account = next(iter(arns.values())).split(":")[4]
    api_id = apigw.create_rest_api(name=f"{prefix}-api")["id"]
    resources = {r["path"]: r["id"] for r in apigw.get_resources(restApiId=api_id)["items"]}
    for method, path, function in ROUTES:
        parent = "/"
        for part in path.strip("/").split("/"):
            here = f"{parent.rstrip('/')}/{part}"
            if here not in resources:
                resources[here] = apigw.create_resource(
                    restApiId=api_id, parentId=resources[parent], pathPart=part)["id"]
            parent = here
        apigw.put_method(restApiId=api_id, resourceId=resources[path], httpMethod=method,
                         authorizationType="NONE")
        apigw.put_integration(
            restApiId=api_id, resourceId=resources[path], httpMethod=method, type="AWS_PROXY",
            integrationHttpMethod="POST",
            uri=f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/"
                f"{arns[function]}/invocations")
    for name in names.values():
        lam.add_permission(FunctionName=name, StatementId=f"{api_id}-invoke",
                           Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com",
                           SourceArn=f"arn:aws:execute-api:{region}:{account}:{api_id}/*")
    apigw.create_deployment(restApiId=api_id, stageName=STAGE)
    return Api(api_id, apigw.meta.endpoint_url.rstrip("/"))


def request(api: Api, method: str, path: str, body: Any = None) -> dict[str, Any]:
    """One HTTP request to the stage (the API's host name sent to the server): the status
    and the decoded JSON body."""
    target = urllib.parse.urlsplit(api.endpoint)
    conn = http.client.HTTPConnection(target.hostname or "127.0.0.1", target.port, timeout=30)
    headers = {"Host": api.host, "Content-Type": "application/json"}
    try:
        conn.request(method, f"/{STAGE}{path}",
                     body=None if body is None else json.dumps(body), headers=headers)
        resp = conn.getresponse()
        data = resp.read()
    finally:
        conn.close()
    if resp.status >= 500:
        raise RuntimeError(f"{method} {path} failed: {resp.status} {data!r}")
    return {"statusCode": resp.status, "body": json.loads(data) if data else None}


def urls(api: Api) -> list[str]:
    return [f"{method:<4} {api.url(path)}" for method, path, _ in ROUTES]


def play_http(api: Api) -> list[str]:
    """The same game as ``play``, every step an HTTP request to the REST API."""
    transcript = []
    transcript += request(api, "POST", "/new-game")["body"]["Message"]
    board = request(api, "GET", "/game-state")["body"]
    assert all(set(player) == {"Name", "Identity"} for player in board), board
    transcript += request(api, "POST", "/night-turn")["body"]["Message"]
    transcript += request(api, "POST", "/day-turn")["body"]["Message"]
    alive = [p["Name"] for p in request(api, "GET", "/game-state")["body"]
             if p["Identity"] == "Uncovered"]
    verdict = request(api, "POST", "/judgement", {"Name": alive[0]})
    assert verdict["statusCode"] == 200, verdict
    transcript += verdict["body"]["Message"]
    missing = request(api, "POST", "/judgement/Nobody")
    assert missing["statusCode"] == 404, missing
    transcript.append(f"(POST /judgement/Nobody answers HTTP {missing['statusCode']}: "
                      f"{missing['body']['Message']})")
    for player in request(api, "GET", "/game-state")["body"]:
        transcript.append(f"  {player['Name']:<8} {player['Identity']}")
    return transcript


def demo(session: Any, prefix: str) -> list[str]:
    """Deploy, expose over HTTP, play one game over HTTP: the lines ``make demo`` prints."""
    names = deploy(session, prefix)
    api = expose(session, names, prefix)
    return [f"deployed {len(names)} functions and REST API {api.api_id} (stage {STAGE})",
            *urls(api), *play_http(api)]
