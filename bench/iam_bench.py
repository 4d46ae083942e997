"""What IAM evaluation adds to a call: microseconds per ``authorize()`` in each mode.

    .venv/bin/python bench/iam_bench.py [--calls N]

In-process (no HTTP): one server state per mode (``--iam off``, ``warn``, ``enforce``), an IAM
user with a policy allowing ``dynamodb:GetItem`` on one table, and ``authorize(ctx, req)``
for that user's GetItem, N times; then the same for a call AWS would deny (warn: logged once
a minute, enforce: raises). The decision is cached after the first call, so this is the
cached path: what every call but the first pays. The user's policies come from IAM itself
(``internal.call``) when ``cloudlet.services.iam.principal_policies`` is there, else from a
fixed in-memory source (said in the output).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cloudlet.config import Config
from cloudlet.policy.calls import evaluator
from cloudlet.server.authorize import authorize
from cloudlet.server.context import Principal, RequestContext
from cloudlet.server.credentials import AccessKey
from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call
from cloudlet.server.state import ServerState
from cloudlet.services import discover

ACCOUNT = "000000000000"
TABLE = "books"
POLICY = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "dynamodb:GetItem",
    "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{TABLE}"}]}


class _Fixed:
    """Identity policies from memory (when IAM's principal_policies is not there)."""

    class _Found:
        documents = [POLICY]
        boundary = None
        exists = True

    def identity_policies(self, state: ServerState, account: str, arn: str) -> Any:
        return self._Found()

    def generation(self, state: ServerState, account: str) -> int:
        return 1


async def _user(state: ServerState) -> tuple[AccessKey, str]:
    arn = f"arn:aws:iam::{ACCOUNT}:user/bench"
    if importlib.util.find_spec("cloudlet.services.iam.principal_policies") is not None:
        await call(state, "iam", "CreateUser", {"UserName": "bench"})
        await call(state, "iam", "PutUserPolicy", {"UserName": "bench", "PolicyName": "p",
                                                   "PolicyDocument": json.dumps(POLICY)})
        source = "IAM"
    else:
        evaluator(state).source = _Fixed()
        source = "fixed in-memory policies"
    return state.credentials.issue(Principal.user(arn)), source


async def _time(state: ServerState, principal: Principal, operation: str, calls: int) -> float:
    req = {"TableName": TABLE, "Key": {"pk": {"S": "a"}}}
    start = time.perf_counter()
    for _ in range(calls):
        ctx = RequestContext(state=state, service="dynamodb", operation=operation,
                             account=ACCOUNT, principal=principal)
        with contextlib.suppress(ServiceError):
            await authorize(ctx, req)
    return (time.perf_counter() - start) / calls * 1e6


async def main(calls: int) -> None:
    logging.getLogger("cloudlet").addHandler(logging.NullHandler())
    logging.getLogger("cloudlet").propagate = False
    print(f"authorize() per call, {calls} calls, cached decisions (us/call)")
    for mode in ("off", "warn", "enforce"):
        with tempfile.TemporaryDirectory() as tmp:
            state = ServerState(Config(data_dir=Path(tmp), iam=mode), discover())
            key, source = await _user(state)
            principal = key.principal
            allowed = await _time(state, principal, "GetItem", calls)
            denied = await _time(state, principal, "PutItem", calls)
            print(f"  {mode:8} allowed {allowed:7.2f}   denied {denied:7.2f}   ({source})")
            state.credentials.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20000)
    asyncio.run(main(parser.parse_args().calls))
    sys.exit(0)
