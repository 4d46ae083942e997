"""Function names and ARNs (cloudlet.services.lambda_.arns)."""

from __future__ import annotations

import pytest

from cloudlet.services.lambda_.arns import (
    FunctionRef,
    LayerRef,
    function_arn,
    layer_arn,
    parse_function_name,
    parse_layer,
    resolve,
)
from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
    ResourceNotFoundException,
)


@pytest.mark.parametrize(("value", "expected"), [
    ("fn", FunctionRef("fn", None, None, None)),
    ("fn:3", FunctionRef("fn", "3", None, None)),
    ("123456789012:function:fn", FunctionRef("fn", None, "123456789012", None)),
    ("123456789012:function:fn:$LATEST", FunctionRef("fn", "$LATEST", "123456789012", None)),
    ("arn:aws:lambda:eu-west-1:123456789012:function:fn",
     FunctionRef("fn", None, "123456789012", "eu-west-1")),
    ("arn:aws:lambda:eu-west-1:123456789012:function:fn:prod",
     FunctionRef("fn", "prod", "123456789012", "eu-west-1")),
    ("function:fn", FunctionRef("fn", None, None, None)),
    ("eu-west-1:123456789012:function:fn:2", FunctionRef("fn", "2", "123456789012", "eu-west-1")),
])
def test_every_accepted_form_is_parsed(value: str, expected: FunctionRef) -> None:
    assert parse_function_name(value) == expected


def test_partial_arn_with_a_region_is_read_as_that_region() -> None:
    assert resolve("us-east-1:000000000000:function:fn", "1", "000000000000", "us-east-1") == ("fn", "1")
    with pytest.raises(ResourceNotFoundException):
        resolve("eu-west-1:000000000000:function:fn", None, "000000000000", "us-east-1")


def test_arn_is_built_with_an_optional_qualifier() -> None:
    assert function_arn("us-east-1", "000000000000", "f") == "arn:aws:lambda:us-east-1:000000000000:function:f"
    assert function_arn("us-east-1", "000000000000", "f", "1").endswith(":function:f:1")


def test_qualifiers_must_agree() -> None:
    with pytest.raises(InvalidParameterValueException):
        resolve("fn:1", "2", "000000000000", "us-east-1")
    assert resolve("fn:1", "1", "000000000000", "us-east-1") == ("fn", "1")


def test_arn_of_another_account_is_not_found_here() -> None:
    with pytest.raises(ResourceNotFoundException) as err:
        resolve("arn:aws:lambda:us-east-1:111111111111:function:fn", None, "000000000000", "us-east-1")
    assert err.value.message == "Function not found: arn:aws:lambda:us-east-1:111111111111:function:fn"


@pytest.mark.parametrize(("value", "expected"), [
    ("lib", LayerRef("lib", None, None, None)),
    ("arn:aws:lambda:eu-west-1:123456789012:layer:lib", LayerRef("lib", None, "123456789012", "eu-west-1")),
    ("arn:aws:lambda:eu-west-1:123456789012:layer:lib:3", LayerRef("lib", 3, "123456789012", "eu-west-1")),
])
def test_layer_names_and_arns_are_parsed(value: str, expected: LayerRef) -> None:
    assert parse_layer(value) == expected


def test_layer_arns_are_built_with_an_optional_version() -> None:
    assert layer_arn("us-east-1", "000000000000", "lib") == "arn:aws:lambda:us-east-1:000000000000:layer:lib"
    assert layer_arn("us-east-1", "000000000000", "lib", 2).endswith(":layer:lib:2")
