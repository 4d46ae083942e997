"""A property-based fuzz of every operation of DynamoDB, SQS, SNS, S3, IAM and Lambda.

For a drawn operation, a valid-ish request built from its botocore input shape has one
member broken (``requests.mutate``) and is sent over real HTTP. Whatever it is, the server
answers: never a 5xx other than 501 (not implemented), never a dropped connection or a
hang (30 s timeout; a body shorter than its Content-Length is answered RequestTimeout), and a rejected request (4xx) leaves the fixture resource exactly as it
was. Bounded: ``derandomize`` and a fixed ``max_examples``, failures collected (no
shrinking), so the whole fuzz takes seconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudlet.services import discover
from tests.e2e.fuzz.requests import mutate, request
from tests.e2e.fuzz.targets import AWAY_FROM_FIXTURE, TARGETS, Target, send_json
from tests.server import RunningServer, serving

EXAMPLES = 200
IMPLEMENTED = discover()  # cloudlet's handlers: an operation it has not written answers 501
BAD_JSON = [b"{", b"[1, 2]", b'"text"', b"null", b"{\"a\": " + b"[" * 5000 + b"]" * 5000 + b"}"]


def send(server: RunningServer, target: Target, operation: str, body: Any) -> int | None:
    """The HTTP status, or None when botocore refuses to serialize the request."""
    model = target.boto.meta.service_model
    if model.protocol == "json":
        return send_json(server, target.boto, operation, body)
    wire: list[int] = []  # the status as sent: botocore makes an unparseable S3 200 a 500
    hook = f"response-received.{model.service_id.hyphenize()}.{operation}"
    target.boto.meta.events.register(hook, lambda response_dict, **_: response_dict and wire.append(
        response_dict["status_code"]), unique_id="fuzz-wire-status")
    try:
        getattr(target.boto, xform_name(operation))(**body)
    except ClientError as error:
        return wire[-1] if wire else int(error.response["ResponseMetadata"]["HTTPStatusCode"])
    except (ConnectionClosedError, ReadTimeoutError):
        raise
    except Exception:
        return None
    finally:
        target.boto.meta.events.unregister(hook, unique_id="fuzz-wire-status")
    return 200


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The fuzz's own server: a body shorter than its drawn Content-Length is given up
    after 1 s (20 s by default: ``server.http_limits.BODY_IDLE_S``)."""
    yield from serving(tmp_path_factory, "fuzz", env={"CLOUDLET_BODY_IDLE_SECONDS": "1"})


@pytest.mark.timeout(90)
@pytest.mark.parametrize("service", sorted(TARGETS))
def test_mutated_requests_get_client_errors_and_change_nothing(
        fuzzed: RunningServer, service: str) -> None:
    server = fuzzed
    target = TARGETS[service](server)
    model = target.boto.meta.service_model
    operations = sorted(IMPLEMENTED[service].operations)
    failures: list[str] = []

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        operation = data.draw(st.sampled_from(operations))
        shape = model.operation_model(operation).input_shape
        names = {} if operation.startswith(AWAY_FROM_FIXTURE) else target.names
        body: Any = mutate(data.draw, shape, request(data.draw, shape, names))
        if model.protocol == "json" and data.draw(st.integers(0, 9)) == 0:
            body = data.draw(st.sampled_from(BAD_JSON))
        before = target.snapshot()
        try:
            status = send(server, target, operation, body)
        except (ConnectionClosedError, ReadTimeoutError, OSError) as error:
            failures.append(f"{operation}: {type(error).__name__} {error}")
            return
        if status is None:
            return
        shown = repr(body[:80]) if isinstance(body, bytes) else json.dumps(body, default=str)[:300]
        if status >= 500 and status != 501:
            failures.append(f"{operation} {shown} -> {status}")
        elif status >= 400 and target.snapshot() != before:
            failures.append(f"{operation} {shown} -> {status} but the fixture changed")

    fuzz()
    assert not failures, "\n".join(failures)
