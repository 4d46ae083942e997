"""The aws CLI against cloudlet, as users run it (--endpoint-url)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.e2e.dynamodb.support import new_name

AWS = str(Path(sys.executable).parent / "aws")


def _aws(server: Any, *args: str) -> Any:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": ""}
    out = subprocess.run([AWS, "--endpoint-url", server.url, "--output", "json", "dynamodb",
                          *args], check=True, capture_output=True, text=True, env=env,
                         timeout=60)
    return json.loads(out.stdout) if out.stdout.strip() else None


def test_cli_table_and_items(server: Any) -> None:
    name = new_name()
    _aws(server, "create-table", "--table-name", name,
         "--attribute-definitions", "AttributeName=pk,AttributeType=S",
         "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    _aws(server, "wait", "table-exists", "--table-name", name)
    _aws(server, "put-item", "--table-name", name, "--item", '{"pk": {"S": "a"}, "n": {"N": "7"}}')
    got = _aws(server, "get-item", "--table-name", name, "--key", '{"pk": {"S": "a"}}')
    assert got["Item"] == {"pk": {"S": "a"}, "n": {"N": "7"}}
    scanned = _aws(server, "scan", "--table-name", name)
    assert scanned["Count"] == 1
