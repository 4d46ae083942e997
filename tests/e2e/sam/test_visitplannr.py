"""examples/visitplannr deployed as a user would (``aws cloudformation package`` then
``deploy``), then used: a POST appends an event, and the stream projection appears."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

from tests.conftest import make_client
from tests.e2e.stacks import remove, wait_settled
from tests.server import RunningServer

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "examples" / "visitplannr"
AWS = str(ROOT / ".venv" / "bin" / "aws")


def _aws(server: RunningServer, *args: str) -> str:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": server.url}
    done = subprocess.run([AWS, *args], cwd=APP, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_visitplannr_proposal_is_projected(server: RunningServer, tmp_path: Path) -> None:
    bucket, stack_name = f"vp-{uuid.uuid4().hex[:8]}", f"visitplannr-{uuid.uuid4().hex[:6]}"
    packaged = tmp_path / "packaged.yaml"
    make_client(server, "s3").create_bucket(Bucket=bucket)
    _aws(server, "cloudformation", "package", "--template-file", "template.yaml",
         "--s3-bucket", bucket, "--output-template-file", str(packaged))
    _aws(server, "cloudformation", "deploy", "--template-file", str(packaged),
         "--stack-name", stack_name, "--capabilities", "CAPABILITY_IAM")
    stack = wait_settled(server, stack_name)
    assert stack.status == "CREATE_COMPLETE"

    url = f"{server.url}/restapis/{stack.outputs['ApiId']}/Prod/_user_request_/destination"
    request = urllib.request.Request(url, data=json.dumps({"name": "Tate Modern"}).encode(),
                                     method="POST", headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310
        assert resp.status == 201
        event_id = json.loads(resp.read())["eventId"]

    ddb = make_client(server, "dynamodb")
    events = ddb.query(TableName=stack.outputs["EventsTableName"],
                       KeyConditionExpression="StreamName = :s",
                       ExpressionAttributeValues={":s": {"S": "destination-tate-modern"}})
    assert [e["EventId"]["S"] for e in events["Items"]] == [event_id]
    deadline, item = time.monotonic() + 30, None
    while item is None and time.monotonic() < deadline:
        item = ddb.get_item(TableName=stack.outputs["DestinationsTableName"],
                            Key={"Name": {"S": "Tate Modern"}}).get("Item")
        time.sleep(0.2)
    assert item is not None, "the stream projection never appeared"
    assert (item["Status"]["S"], item["LastEventId"]["S"]) == ("proposed", event_id)
    remove(server, stack_name)
