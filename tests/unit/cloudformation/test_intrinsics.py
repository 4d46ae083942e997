"""Intrinsic functions, each with its AWS error wording."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from cloudlet.cloudformation.errors import TemplateError
from tests.unit.cloudformation.support import FakeLookup, resolve, run

WITH_B = {"Resources": {"B": {"Type": "AWS::SQS::Queue"}},
          "Parameters": {"Env": {"Type": "String", "Default": "dev"},
                         "L": {"Type": "CommaDelimitedList", "Default": "x,y,z"}}}
LE = {**WITH_B, "Transform": "AWS::LanguageExtensions"}


def error(value: Any, template: dict[str, Any] | None = None) -> str:
    with pytest.raises(TemplateError) as err:
        resolve(value, template or WITH_B)
    return str(err.value)


def test_ref_parameter_resource_and_pseudo() -> None:
    assert resolve({"Ref": "Env"}, WITH_B) == "dev"
    assert resolve({"Ref": "B"}, WITH_B) == "ref:B"
    assert resolve({"Ref": "AWS::Region"}, WITH_B) == "eu-west-1"
    assert resolve({"Ref": "AWS::AccountId"}, WITH_B) == "123456789012"
    assert resolve({"Ref": "AWS::StackName"}, WITH_B) == "stack"
    assert resolve({"Ref": "AWS::Partition"}, WITH_B) == "aws"
    assert resolve({"Ref": "AWS::URLSuffix"}, WITH_B) == "amazonaws.com"
    assert resolve({"Ref": "AWS::NotificationARNs"}, WITH_B) == []
    assert resolve({"Ref": "AWS::StackId"}, WITH_B).startswith("arn:aws:cloudformation:")


def test_no_value_removes_the_key_and_list_items() -> None:
    assert resolve({"Ref": "AWS::NoValue"}, WITH_B) == "<removed>"
    assert resolve(["a", {"Ref": "AWS::NoValue"}, "b"], WITH_B) == ["a", "b"]
    assert resolve({"K": {"Ref": "AWS::NoValue"}, "J": 1}, WITH_B) == {"J": 1}


def test_get_att_both_forms_and_nested_attribute_names() -> None:
    assert resolve({"Fn::GetAtt": ["B", "Arn"]}, WITH_B) == "B.Arn"
    assert resolve({"Fn::GetAtt": "B.Endpoint.Address"}, WITH_B) == "B.Endpoint.Address"
    assert resolve({"Fn::GetAtt": ["B", {"Ref": "Env"}]}, WITH_B) == "B.dev"


def test_get_att_of_an_undefined_resource() -> None:
    assert error({"Fn::GetAtt": ["Env", "Arn"]}) == (
        "Template error: instance of Fn::GetAtt references undefined resource Env")


def test_sub_string_form() -> None:
    value = {"Fn::Sub": "${AWS::StackName}-${Env}-${B}-${B.Arn}-${!Literal}"}
    assert resolve(value, WITH_B) == "stack-dev-ref:B-B.Arn-${Literal}"


def test_sub_with_variables() -> None:
    value = {"Fn::Sub": ["${Name}.${Env}", {"Name": {"Fn::Join": ["", ["a", "b"]]}}]}
    assert resolve(value, WITH_B) == "ab.dev"


def test_sub_of_an_unknown_name() -> None:
    assert error({"Fn::Sub": "${Nope}"}) == (
        "Template format error: Unresolved resource dependencies [Nope] in the Resources "
        "block of the template")


def test_join_and_its_errors() -> None:
    assert resolve({"Fn::Join": [",", ["a", 1, {"Ref": "Env"}]]}, WITH_B) == "a,1,dev"
    assert resolve({"Fn::Join": ["-", {"Ref": "L"}]}, WITH_B) == "x-y-z"
    assert error({"Fn::Join": [","]}).startswith(
        "Template error: every Fn::Join object requires two parameters")


def test_select_and_out_of_range() -> None:
    assert resolve({"Fn::Select": ["1", {"Ref": "L"}]}, WITH_B) == "y"
    assert resolve({"Fn::Select": [0, {"Fn::GetAZs": ""}]}, WITH_B) == "eu-west-1a"
    assert error({"Fn::Select": [5, ["a"]]}) == (
        "Template error: Fn::Select cannot select nonexistent value at index 5")


def test_split() -> None:
    assert resolve({"Fn::Split": ["|", "a|b||c"]}, WITH_B) == ["a", "b", "", "c"]
    assert resolve({"Fn::Select": [2, {"Fn::Split": [",", {"Fn::Join": [",", ["p", "q", "r"]]}]}]},
                   WITH_B) == "r"
    assert error({"Fn::Split": [","]}).startswith(
        "Template error: every Fn::Split object requires two parameters")


def test_get_azs_uses_the_stack_region_or_the_given_one() -> None:
    assert resolve({"Fn::GetAZs": ""}, WITH_B) == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    assert resolve({"Fn::GetAZs": {"Ref": "AWS::Region"}}, WITH_B)[1] == "eu-west-1b"
    assert resolve({"Fn::GetAZs": "us-east-2"}, WITH_B)[0] == "us-east-2a"


def test_base64() -> None:
    assert resolve({"Fn::Base64": {"Fn::Sub": "hi ${Env}"}}, WITH_B) == (
        base64.b64encode(b"hi dev").decode())


def test_cidr() -> None:
    assert resolve({"Fn::Cidr": ["192.168.0.0/24", 6, 5]}, WITH_B) == [
        "192.168.0.0/27", "192.168.0.32/27", "192.168.0.64/27", "192.168.0.96/27",
        "192.168.0.128/27", "192.168.0.160/27"]
    assert resolve({"Fn::Cidr": ["10.0.0.0/16", "2", "8"]}, WITH_B) == [
        "10.0.0.0/24", "10.0.1.0/24"]
    assert error({"Fn::Cidr": ["10.0.0.0/30", 8, 1]}).startswith("Template error: Fn::Cidr")


def test_import_value_asks_the_lookup() -> None:
    e = run({"Resources": {"A": {"Type": "X", "Properties": {
        "P": {"Fn::ImportValue": {"Fn::Sub": "${AWS::Region}-Out"}}}}}})
    assert e.resolve(e.resources["A"].properties, FakeLookup({"eu-west-1-Out": "v"})) == {
        "P": "v"}


def test_find_in_map() -> None:
    template = {**WITH_B, "Mappings": {"M": {"dev": {"Size": 1, "L": ["a", "b"]}}}}
    assert resolve({"Fn::FindInMap": ["M", {"Ref": "Env"}, "Size"]}, template) == 1
    assert resolve({"Fn::FindInMap": ["M", "dev", "L"]}, template) == ["a", "b"]
    assert error({"Fn::FindInMap": ["M", "prod", "Size"]}, template) == (
        "Template error: Unable to get mapping for M::prod::Size")
    assert error({"Fn::FindInMap": ["M", "dev"]}, template).startswith(
        "Template error: every Fn::FindInMap object requires three parameters")


def test_find_in_map_default_value_needs_language_extensions() -> None:
    template = {**LE, "Mappings": {"M": {"dev": {"Size": 1}}}}
    value = {"Fn::FindInMap": ["M", "qa", "Size", {"DefaultValue": 7}]}
    assert resolve(value, template) == 7
    assert resolve({"Fn::FindInMap": ["M", "dev", "Size", {"DefaultValue": 7}]}, template) == 1
    assert error(value, {**WITH_B, "Mappings": {"M": {"dev": {"Size": 1}}}}).startswith(
        "Template error: every Fn::FindInMap")


def test_length_and_to_json_string() -> None:
    assert resolve({"Fn::Length": {"Ref": "L"}}, LE) == 3
    assert resolve({"Fn::Length": [1, {"Ref": "AWS::NoValue"}, 2]}, LE) == 2
    assert resolve({"Fn::ToJsonString": {"a": {"Ref": "Env"}, "b": [1]}}, LE) == (
        '{"a":"dev","b":[1]}')


def test_language_extension_functions_need_the_transform() -> None:
    message = error({"Fn::Length": [1]})
    assert message.startswith("Template format error: Encountered unsupported function: "
                              "Fn::Length Supported functions are: [Fn::And, Fn::Base64, ")
    assert "Fn::ToJsonString" not in message


def test_unknown_function() -> None:
    assert error({"Fn::Nope": 1}).startswith(
        "Template format error: Encountered unsupported function: Fn::Nope")


def test_macros_fail_clearly() -> None:
    assert error({"Fn::Transform": {"Name": "AWS::Include"}}).startswith("not supported")


def test_intrinsics_nest() -> None:
    value = {"Fn::Join": ["", [{"Fn::Select": [0, {"Fn::Split": ["-", {"Fn::Sub": "${Env}-x"}]}]},
                              "!"]]}
    assert resolve(value, WITH_B) == "dev!"
