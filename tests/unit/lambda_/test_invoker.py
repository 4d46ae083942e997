"""Invoke request checks (cloudlet.services.lambda_.invoker)."""

from __future__ import annotations

import base64

import pytest

from cloudlet.services.lambda_.errors import (
    InvalidRequestContentException,
    RequestEntityTooLargeException,
)
from cloudlet.services.lambda_.invoker import (
    check_json,
    check_size,
    decode_client_context,
    log_tail,
)


def test_empty_payload_is_an_empty_object() -> None:
    assert check_json(b"") == b"{}"
    assert check_json(b'{"a": 1}') == b'{"a": 1}'


def test_not_json_names_the_unrecognized_token() -> None:
    with pytest.raises(InvalidRequestContentException) as err:
        check_json(b"hello world")
    assert err.value.message.startswith(
        "Could not parse request body into json: Could not parse payload into json: "
        "Unrecognized token 'hello'")


def test_size_limits() -> None:
    check_size(b"x" * 6_291_456, asynchronous=False)
    with pytest.raises(RequestEntityTooLargeException):
        check_size(b"x" * 6_291_457, asynchronous=False)
    check_size(b"x" * 1_048_576, asynchronous=True)
    with pytest.raises(RequestEntityTooLargeException) as err:
        check_size(b"x" * 1_048_577, asynchronous=True)
    assert err.value.message == (
        "1048577 byte payload is too large for the Event invocation type (limit 1048576 bytes)")


def test_log_tail_is_the_last_4kb() -> None:
    log = "a" * 5000 + "END"
    assert base64.b64decode(log_tail(log)) == (log.encode())[-4096:]


def test_client_context_is_decoded_from_base64() -> None:
    encoded = base64.b64encode(b'{"custom": {"a": 1}}').decode()
    assert decode_client_context(encoded) == '{"custom": {"a": 1}}'
    assert decode_client_context(None) is None
    with pytest.raises(InvalidRequestContentException):
        decode_client_context("not base64!")
