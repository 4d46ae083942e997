"""Parameters: types, defaults, constraints and AWS's messages."""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.cloudformation.errors import TemplateError
from tests.unit.cloudformation.support import run

RESOURCES = {"T": {"Type": "AWS::SNS::Topic"}}


def template(**decls: dict[str, Any]) -> dict[str, Any]:
    return {"Parameters": decls, "Resources": RESOURCES}


def failure(decls: dict[str, dict[str, Any]], given: dict[str, str], **kw: Any) -> str:
    with pytest.raises(TemplateError) as err:
        run(template(**decls), given, **kw)
    return str(err.value)


def test_default_applies_when_no_value_is_given() -> None:
    assert run(template(P={"Type": "String", "Default": "d"})).parameters == {"P": "d"}


def test_given_value_overrides_default() -> None:
    e = run(template(P={"Type": "String", "Default": "d"}), {"P": "x"})
    assert e.parameters["P"] == "x"


def test_missing_values_are_listed() -> None:
    msg = failure({"A": {"Type": "String"}, "B": {"Type": "String"}}, {})
    assert msg == "Parameters: [A, B] must have values"


def test_unknown_parameter_is_rejected() -> None:
    msg = failure({"A": {"Type": "String", "Default": "a"}}, {"Nope": "1"})
    assert msg == "Parameters: [Nope] do not exist in the template"


def test_unrecognized_type() -> None:
    msg = failure({"A": {"Type": "Strung"}}, {"A": "1"})
    assert msg == "Template format error: Unrecognized parameter type: Strung"


def test_number_ref_is_a_string_and_must_be_numeric() -> None:
    assert run(template(N={"Type": "Number"}), {"N": "5"}).parameters["N"] == "5"
    assert failure({"N": {"Type": "Number"}}, {"N": "five"}) == "Parameter 'N' must be a number"


def test_min_and_max_value() -> None:
    decl = {"N": {"Type": "Number", "MinValue": 2, "MaxValue": 10}}
    assert failure(decl, {"N": "1"}) == "Parameter 'N' must be a number not less than 2"
    assert failure(decl, {"N": "11"}) == "Parameter 'N' must be a number not greater than 10"
    assert run(template(**decl), {"N": "10"}).parameters["N"] == "10"


def test_allowed_values() -> None:
    decl = {"Env": {"Type": "String", "AllowedValues": ["dev", "prod"]}}
    assert failure(decl, {"Env": "qa"}) == "Parameter 'Env' must be one of AllowedValues"


def test_allowed_pattern_matches_the_whole_value() -> None:
    decl = {"P": {"Type": "String", "AllowedPattern": "[a-z]+"}}
    assert failure(decl, {"P": "abc1"}) == "Parameter 'P' must match pattern [a-z]+"
    assert run(template(**decl), {"P": "abc"}).parameters["P"] == "abc"


def test_min_and_max_length() -> None:
    decl = {"P": {"Type": "String", "MinLength": 2, "MaxLength": 3}}
    assert failure(decl, {"P": "a"}) == "Parameter 'P' must contain at least 2 characters"
    assert failure(decl, {"P": "abcd"}) == "Parameter 'P' must contain at most 3 characters"


def test_constraint_description_replaces_the_message() -> None:
    decl = {"P": {"Type": "String", "AllowedPattern": "[a-z]+",
                  "ConstraintDescription": "lower case letters only"}}
    assert failure(decl, {"P": "ABC"}) == ("Parameter 'P' failed to satisfy constraint: "
                                           "lower case letters only")


def test_comma_delimited_list_and_list_of_numbers() -> None:
    e = run(template(L={"Type": "CommaDelimitedList"}, N={"Type": "List<Number>"}),
            {"L": "a, b,c", "N": "1,2"})
    assert e.parameters == {"L": ["a", "b", "c"], "N": ["1", "2"]}
    assert failure({"N": {"Type": "List<Number>"}}, {"N": "1,x"}) == (
        "Parameter 'N' must be a number")


def test_list_items_are_each_checked() -> None:
    decl = {"L": {"Type": "CommaDelimitedList", "AllowedValues": ["a", "b"]}}
    assert failure(decl, {"L": "a,c"}) == "Parameter 'L' must be one of AllowedValues"


def test_aws_specific_types_are_strings() -> None:
    e = run(template(V={"Type": "AWS::EC2::VPC::Id"}, S={"Type": "List<AWS::EC2::Subnet::Id>"}),
            {"V": "vpc-1", "S": "subnet-1,subnet-2"})
    assert e.parameters == {"V": "vpc-1", "S": ["subnet-1", "subnet-2"]}


def test_no_echo_is_masked_in_the_description() -> None:
    e = run(template(Secret={"Type": "String", "NoEcho": True}), {"Secret": "s3cr3t"})
    assert e.parameters["Secret"] == "s3cr3t"
    assert e.described_parameters == [{"ParameterKey": "Secret", "ParameterValue": "****"}]


def test_ssm_parameter_types_read_parameter_store() -> None:
    asked: list[list[str]] = []

    async def ssm(names: list[str]) -> dict[str, str]:
        asked.append(names)
        return {"/app/name": "hello", "/app/list": "a,b"}

    e = run(template(N={"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/app/name"},
                     L={"Type": "AWS::SSM::Parameter::Value<List<String>>"}),
            {"L": "/app/list"}, ssm=ssm)
    assert e.parameters == {"N": "hello", "L": ["a", "b"]}
    assert e.described_parameters[0] == {"ParameterKey": "N", "ParameterValue": "/app/name",
                                         "ResolvedValue": "hello"}
    assert asked == [["/app/list", "/app/name"]]


def test_missing_ssm_parameter() -> None:
    async def ssm(names: list[str]) -> dict[str, str]:
        return {}

    msg = failure({"N": {"Type": "AWS::SSM::Parameter::Value<String>"}}, {"N": "/nope"},
                  ssm=ssm)
    assert msg == "Unable to fetch parameters [/nope] from parameter store for this account."


def test_use_previous_value() -> None:
    e = run(template(P={"Type": "String", "Default": "d"}), {}, previous={"P": "old"},
            use_previous=["P"])
    assert e.parameters["P"] == "old"
