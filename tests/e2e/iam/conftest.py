"""IAM clients for the session server."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from tests.conftest import make_client
from tests.server import RunningServer

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})
ALLOW_LOGS = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "logs:*", "Resource": "*"}]})


@pytest.fixture(scope="session")
def iam(server: RunningServer) -> Any:
    return make_client(server, "iam")


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
