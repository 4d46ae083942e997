"""resolve_machine / get_activity, the store functions the engine calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudlet.config import Config
from cloudlet.server.state import ServerState
from cloudlet.services.stepfunctions import errors, machines
from cloudlet.services.stepfunctions.machines import (
    Activity,
    Alias,
    Machine,
    get_activity,
    resolve_machine,
)

A, R = "000000000000", "us-east-1"
ARN = f"arn:aws:states:{R}:{A}:stateMachine:m"


def test_resolve(tmp_path: Path) -> None:
    state = ServerState(Config(data_dir=tmp_path), {})
    db = machines.store_of(state)
    m = Machine(arn=ARN, name="m", account=A, region=R, type="STANDARD", definition="{}",
                role_arn="arn:aws:iam::0:role/r", revision_id="r1", version_arn=None,
                logging={}, tracing={}, created=1.0)
    db.insert(m)
    assert resolve_machine(state, A, R, ARN).revision_id == "r1"
    v = db.publish(m, "d")
    assert v.arn == ARN + ":1"
    got = resolve_machine(state, A, R, ARN + ":1")
    assert got.arn == ARN and got.version_arn == ARN + ":1"
    db.put_alias(Alias(ARN, "live", "", [{"stateMachineVersionArn": ARN + ":1",
                                          "weight": 100}], 1.0, 1.0))
    got = resolve_machine(state, A, R, ARN + ":live")
    assert got.version_arn == ARN + ":1" and got.alias_arn == ARN + ":live"
    with pytest.raises(errors.StateMachineDoesNotExist):
        resolve_machine(state, A, R, ARN + ":2")
    with pytest.raises(errors.StateMachineDoesNotExist):
        resolve_machine(state, A, R, ARN + "x")
    with pytest.raises(errors.InvalidArn):
        resolve_machine(state, A, R, "nope")
    act = f"arn:aws:states:{R}:{A}:activity:w"
    with pytest.raises(errors.ActivityDoesNotExist):
        get_activity(state, A, R, act)
    db.insert_activity(A, R, Activity(act, "w", 2.0))
    assert get_activity(state, A, R, act).name == "w"
    with pytest.raises(errors.InvalidArn):
        get_activity(state, A, R, ARN)
    db.close()
