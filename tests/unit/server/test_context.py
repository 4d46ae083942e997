"""Account and region come from the SigV4 credential scope."""

from __future__ import annotations

from cloudlet.server.context import DEFAULT_ACCOUNT, account_for, parse_authorization

HEADER = ("AWS4-HMAC-SHA256 Credential=123456789012/20261123/eu-west-1/dynamodb/aws4_request, "
          "SignedHeaders=host;x-amz-date, Signature=abc")


def test_credential_scope_gives_key_region_and_service() -> None:
    caller = parse_authorization(HEADER)
    assert caller is not None
    assert (caller.access_key, caller.region, caller.signing_service) == (
        "123456789012", "eu-west-1", "dynamodb")


def test_twelve_digit_access_key_is_the_account() -> None:
    assert account_for("123456789012") == "123456789012"


def test_other_access_keys_map_to_the_default_account() -> None:
    assert account_for("AKIDEXAMPLE") == DEFAULT_ACCOUNT
    assert account_for("12345") == DEFAULT_ACCOUNT
    assert account_for(None) == DEFAULT_ACCOUNT


def test_unsigned_requests_have_no_caller() -> None:
    assert parse_authorization(None) is None
    assert parse_authorization("Bearer x") is None
