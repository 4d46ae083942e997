"""What the JSONPath-language tests share: a context object, sources and a scope."""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.services.stepfunctions.language import dataflow
from cloudlet.services.stepfunctions.language.errors import StatesError
from cloudlet.services.stepfunctions.language.jsonpath import Sources

P = "JSONPath"
CONTEXT: dict[str, Any] = {
    "Execution": {"Id": "arn:aws:states:us-east-1:111111111111:execution:sm:run-1",
                  "Name": "run-1", "Input": {"order": 7}},
    "StateMachine": {"Id": "arn:aws:states:us-east-1:111111111111:stateMachine:sm",
                     "Name": "orders-v2-prod"},
    "State": {"Name": "S", "EnteredTime": "2026-01-02T03:04:05.000Z"},
}


def src(data: Any, **variables: Any) -> Sources:
    return Sources(data, dict(CONTEXT), variables)


def scope(**variables: Any) -> dataflow.Scope:
    return dataflow.Scope(dict(CONTEXT), variables)


def fails(error: str, call: Any, *args: Any) -> StatesError:
    """The StatesError ``call(*args)`` raises, checked to carry ``error``."""
    with pytest.raises(StatesError) as caught:
        call(*args)
    assert caught.value.error == error, caught.value
    return caught.value
