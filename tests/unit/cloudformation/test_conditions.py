"""Conditions: the boolean functions, Condition references, Fn::If and conditional
resources and outputs."""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.cloudformation.errors import TemplateError
from tests.unit.cloudformation.support import FakeLookup, run


def with_conditions(conditions: dict[str, Any], env: str = "prod") -> dict[str, bool]:
    template = {"Parameters": {"Env": {"Type": "String"}},
                "Conditions": conditions, "Resources": {"T": {"Type": "AWS::SNS::Topic"}}}
    return run(template, {"Env": env}).conditions


def test_equals_and_or_not_and_condition_references() -> None:
    values = with_conditions({
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "IsDev": {"Fn::Equals": ["dev", {"Ref": "Env"}]},
        "Either": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsDev"}]},
        "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Not": [{"Condition": "IsDev"}]}]},
        "Neither": {"Fn::Not": [{"Condition": "Either"}]},
    })
    assert values == {"IsProd": True, "IsDev": False, "Either": True, "Both": True,
                      "Neither": False}


def test_conditions_may_refer_forward() -> None:
    values = with_conditions({"Later": {"Condition": "First"},
                              "First": {"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-west-1"]}})
    assert values == {"Later": True, "First": True}


def test_conditions_cannot_reference_resources() -> None:
    with pytest.raises(TemplateError) as err:
        with_conditions({"C": {"Fn::Equals": [{"Ref": "T"}, "x"]}})
    assert str(err.value) == ("Template format error: Unresolved dependencies [T]. Cannot "
                              "reference resources in the Conditions block of the template")


def test_circular_conditions() -> None:
    with pytest.raises(TemplateError, match="Circular condition dependency"):
        with_conditions({"A": {"Condition": "B"}, "B": {"Fn::Not": [{"Condition": "A"}]}})


def test_and_needs_two_to_ten_conditions() -> None:
    with pytest.raises(TemplateError, match="Fn::And"):
        with_conditions({"A": {"Fn::And": [{"Fn::Equals": ["a", "a"]}]}})


def test_conditional_resources_and_outputs() -> None:
    template = {
        "Parameters": {"Env": {"Type": "String"}},
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
        "Resources": {"Always": {"Type": "AWS::SNS::Topic"},
                      "Prod": {"Type": "AWS::SNS::Topic", "Condition": "IsProd"}},
        "Outputs": {"P": {"Value": {"Ref": "Prod"}, "Condition": "IsProd"},
                    "A": {"Value": {"Fn::If": ["IsProd", {"Ref": "Prod"}, "none"]}}},
    }
    dev = run(template, {"Env": "dev"})
    assert list(dev.resources) == ["Always"]
    assert dev.outputs(FakeLookup()) == [{"OutputKey": "A", "OutputValue": "none"}]
    prod = run(template, {"Env": "prod"})
    assert list(prod.resources) == ["Always", "Prod"]
    assert prod.resources["Prod"].condition == "IsProd"
    assert [o["OutputValue"] for o in prod.outputs(FakeLookup())] == ["ref:Prod", "ref:Prod"]


def test_if_with_no_value_removes_the_property() -> None:
    template = {
        "Conditions": {"No": {"Fn::Equals": ["a", "b"]}},
        "Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {
            "DisplayName": {"Fn::If": ["No", "x", {"Ref": "AWS::NoValue"}]}, "TopicName": "t"}}},
    }
    e = run(template)
    assert e.resolve(e.resources["T"].properties, FakeLookup()) == {"TopicName": "t"}


def test_reference_to_an_excluded_resource_is_unresolved() -> None:
    template = {
        "Conditions": {"No": {"Fn::Equals": ["a", "b"]}},
        "Resources": {"Gone": {"Type": "AWS::SNS::Topic", "Condition": "No"},
                      "User": {"Type": "AWS::SNS::Topic",
                               "Properties": {"DisplayName": {"Ref": "Gone"}}}},
    }
    with pytest.raises(TemplateError) as err:
        run(template)
    assert str(err.value) == ("Template format error: Unresolved resource dependencies [Gone] "
                              "in the Resources block of the template")


def test_reference_in_the_branch_not_taken_is_fine() -> None:
    template = {
        "Conditions": {"No": {"Fn::Equals": ["a", "b"]}},
        "Resources": {"Gone": {"Type": "AWS::SNS::Topic", "Condition": "No"},
                      "User": {"Type": "AWS::SNS::Topic", "Properties": {
                          "DisplayName": {"Fn::If": ["No", {"Ref": "Gone"}, "x"]}}}},
    }
    e = run(template)
    assert e.resources["User"].depends_on == set()


def test_unknown_condition_on_a_resource() -> None:
    with pytest.raises(TemplateError) as err:
        run({"Resources": {"T": {"Type": "AWS::SNS::Topic", "Condition": "Nope"}}})
    assert str(err.value) == ("Template format error: Unresolved condition dependencies "
                              "[Nope] in the Resources block of the template")


def test_unknown_condition_in_if() -> None:
    with pytest.raises(TemplateError, match="unresolved condition dependency Nope in Fn::If"):
        run({"Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {
            "DisplayName": {"Fn::If": ["Nope", "a", "b"]}}}}})


def test_outputs_carry_description_and_export_name() -> None:
    e = run({"Resources": {"T": {"Type": "AWS::SNS::Topic"}},
             "Outputs": {"Arn": {"Value": {"Ref": "T"}, "Description": "the topic",
                                 "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-Arn"}}},
                         "Zones": {"Value": {"Fn::GetAZs": ""}}}})
    assert e.outputs(FakeLookup()) == [
        {"OutputKey": "Arn", "OutputValue": "ref:T", "Description": "the topic",
         "ExportName": "stack-Arn"},
        {"OutputKey": "Zones", "OutputValue": "eu-west-1a,eu-west-1b,eu-west-1c"}]
