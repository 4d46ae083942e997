"""Saved test events: private ones in the console's own store, shareable ones in the
EventBridge schema registry ``lambda-testevent-schemas``, where the SAM CLI's ``sam remote
test-event`` reads and writes them too; IAM applies to the shareable ones only.

https://docs.aws.amazon.com/lambda/latest/dg/testing-functions.html
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from cloudlet.console.functions_test_events import REGISTRY, saved_events
from tests.conftest import make_client
from tests.e2e.auth.conftest import client, create_accounts
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.e2e.console.test_functions import (
    _function,
    click_and_load,
    console_url,
    save_event,
    saved_names,
    sign_in,
)
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer, serving

SAM = Path("/var/tmp/cloudlet-sam-cli/bin/sam")
TEMPLATE = {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
    "Runtime": "python3.12", "Handler": "index.handler",
    "Role": "arn:aws:iam::000000000000:role/r",
    "Code": {"ZipFile": "def handler(event, context):\n    return event\n"}}}}}


def test_the_store_shows_private_events_to_their_owner_only(tmp_path: Path) -> None:
    class State:
        data_dir = tmp_path
        extras: dict[str, Any] = {}

    ada = saved_events(State(), "111111111111", "us-east-1",  # type: ignore[arg-type]
                       "arn:aws:iam::111111111111:user/ada")
    bob = saved_events(State(), "111111111111", "us-east-1",  # type: ignore[arg-type]
                       "arn:aws:iam::111111111111:user/bob")
    ada.save("fn", "mine", "{}", 1.0)
    bob.save("fn", "mine", '{"b": 2}', 2.0)  # the same name, his own
    assert [(e.name, e.shareable, e.owner) for e in bob.list("fn")] == [
        ("mine", False, "arn:aws:iam::111111111111:user/bob")]
    assert bob.get("fn", "mine").event == '{"b": 2}'  # type: ignore[union-attr]
    assert ada.get("fn", "mine").event == "{}"  # type: ignore[union-attr]
    assert bob.delete("fn", "mine")
    assert [e.name for e in ada.list("fn")] == ["mine"]
    with pytest.raises(ValueError, match="letters, numbers"):
        ada.save("fn", "x" * 26, "{}", 1.0)


def _sam(server: RunningServer, home: Path, *args: str) -> str:
    if not SAM.exists():
        pytest.skip(f"the SAM CLI is not installed at {SAM}")
    env = {**os.environ, "AWS_ENDPOINT_URL": server.url, "AWS_ACCESS_KEY_ID": "test",
           "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
           "SAM_CLI_TELEMETRY": "0", "HOME": str(home)}
    done = subprocess.run([str(SAM), "remote", "test-event", *args, "--region", "us-east-1"],
                          env=env, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def test_sam_remote_test_events_and_the_console_share_one_registry(
        server: RunningServer, console: WebDriver, tmp_path: Path) -> None:
    stack = deploy(server, TEMPLATE, name=f"te-{uuid.uuid4().hex[:8]}")
    function = make_client(server, "cloudformation").describe_stack_resource(
        StackName=stack.name, LogicalResourceId="Fn")["StackResourceDetail"]["PhysicalResourceId"]
    (tmp_path / "ev.json").write_text(json.dumps({"from": "sam", "n": 1}))
    _sam(server, tmp_path, "put", "--stack-name", stack.name, "Fn", "--name", "from-sam",
         "--file", str(tmp_path / "ev.json"))
    assert _sam(server, tmp_path, "list", "--stack-name", stack.name, "Fn").split() == \
        ["from-sam"]

    schemas = make_client(server, "schemas")
    content = json.loads(schemas.describe_schema(
        RegistryName=REGISTRY, SchemaName=f"_{function}-schema")["Content"])
    assert content["openapi"] == "3.0.0"
    assert content["components"]["examples"]["from-sam"]["value"] == {"from": "sam", "n": 1}

    console.get(console_url(server, f"/functions/{function}"))
    wait_for(console, "#event-form")
    assert saved_names(console) == [("from-sam", "1")]
    console.find_element(By.LINK_TEXT, "from-sam").click()
    wait_for(console, "#delete-event")
    assert json.loads(console.find_element(By.ID, "event").get_attribute("value") or "") == {
        "from": "sam", "n": 1}

    save_event(console, "from-console", {"from": "console"}, shareable=True)
    assert saved_names(console) == [("from-console", "1"), ("from-sam", "1")]
    shot(console, "functions-shared-with-sam")
    got = _sam(server, tmp_path, "get", "--stack-name", stack.name, "Fn", "--name",
               "from-console")
    assert json.loads(got) == {"from": "console"}
    saved = json.loads(schemas.describe_schema(
        RegistryName=REGISTRY, SchemaName=f"_{function}-schema")["Content"])
    assert saved["components"]["examples"]["from-console"] == {
        "value": {"from": "console"}, "x-metadata": {"invocationType": "RequestResponse"}}
    versions = schemas.list_schema_versions(RegistryName=REGISTRY,
                                            SchemaName=f"_{function}-schema")
    assert [v["SchemaVersion"] for v in versions["SchemaVersions"]] == ["1", "2"]

    # deleting the last shareable event deletes the schema, as the SAM CLI does
    click_and_load(console, "delete-event")
    wait_text(console, ".notice", "Deleted the test event from-console")
    _sam(server, tmp_path, "delete", "--stack-name", stack.name, "Fn", "--name", "from-sam")
    console.refresh()
    assert saved_names(console) == []
    assert not schemas.list_schemas(RegistryName=REGISTRY,
                                    SchemaNamePrefix=f"_{function}-")["Schemas"]
    remove(server, stack.name)


@pytest.fixture(scope="module")
def enforcing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "console-events-enforce", "--auth", "on",
                       "--iam", "enforce")


def test_a_viewer_without_schemas_permissions_is_denied_shareable_events_only(
        enforcing: RunningServer, console: WebDriver) -> None:
    (root,) = create_accounts(enforcing.data_dir, "console-events")
    iam = client(enforcing, "iam", root)
    iam.create_user(UserName="carol")
    iam.put_user_policy(UserName="carol", PolicyName="lambda", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="carol")["AccessKey"]
    name = _function(client(enforcing, "lambda", root), "denied-events")
    path = f"/functions/{name}"

    sign_in(console, enforcing, {"access_key_id": key["AccessKeyId"],
                                 "secret_access_key": key["SecretAccessKey"]}, path)
    denial = wait_for(console, "#shared-error").text
    assert "ForbiddenException" in denial
    assert "is not authorized to perform: schemas:DescribeSchema" in denial
    save_event(console, "carol-private", {"p": 1})
    assert ("carol-private", "0") in saved_names(console)

    click_and_load(console, "new-event")
    console.find_element(By.ID, "event-name").send_keys("carol-shared")
    console.find_element(By.ID, "shareable").click()
    click_and_load(console, "save-event")
    refused = wait_for(console, "#event-error").text
    assert "ForbiddenException" in refused and "schemas:" in refused
    assert ("carol-shared", "1") not in saved_names(console)
    shot(console, "functions-shared-events-denied")
