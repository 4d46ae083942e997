"""Fn::ForEach of the AWS::LanguageExtensions transform."""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.cloudformation.errors import TemplateError
from tests.unit.cloudformation.support import FakeLookup, run


def le(**sections: Any) -> dict[str, Any]:
    return {"Transform": "AWS::LanguageExtensions", **sections}


def test_foreach_expands_resources_with_both_key_forms() -> None:
    e = run(le(Resources={"Fn::ForEach::Topics": ["Name", ["Success", "fail-ure"], {
        "Topic&{Name}": {"Type": "AWS::SNS::Topic",
                         "Properties": {"TopicName": {"Ref": "Name"}}},
        "Queue&{Name}": {"Type": "AWS::SQS::Queue",
                         "Properties": {"QueueName": {"Fn::Sub": "q-${Name}"}}},
    }]}))
    assert sorted(e.resources) == ["QueueSuccess", "Queuefailure", "TopicSuccess",
                                   "Topicfailure"]
    lookup = FakeLookup()
    assert e.resolve(e.resources["TopicSuccess"].properties, lookup) == {"TopicName": "Success"}
    assert e.resolve(e.resources["Queuefailure"].properties, lookup) == {
        "QueueName": "q-fail-ure"}


def test_plain_identifier_keys_must_stay_alphanumeric() -> None:
    with pytest.raises(TemplateError, match="Resource name Topicfail-ure is non alphanumeric"):
        run(le(Resources={"Fn::ForEach::Topics": ["Name", ["fail-ure"], {
            "Topic${Name}": {"Type": "AWS::SNS::Topic"}}]}))


def test_foreach_collection_from_a_list_parameter() -> None:
    e = run(le(Parameters={"Names": {"Type": "CommaDelimitedList", "Default": "a,b,c"}},
               Resources={"Fn::ForEach::Loop": ["N", {"Ref": "Names"}, {
                   "T${N}": {"Type": "AWS::SNS::Topic"}}]}))
    assert list(e.resources) == ["Ta", "Tb", "Tc"]


def test_foreach_in_outputs_and_conditions() -> None:
    e = run(le(
        Conditions={"Fn::ForEach::C": ["X", ["a", "b"], {
            "Is${X}": {"Fn::Equals": [{"Ref": "X"}, "a"]}}]},
        Resources={"T": {"Type": "AWS::SNS::Topic"}},
        Outputs={"Fn::ForEach::O": ["X", ["a", "b"], {
            "Out${X}": {"Value": {"Fn::Sub": "${X}-${T}"}}}]}))
    assert e.conditions == {"Isa": True, "Isb": False}
    assert e.outputs(FakeLookup()) == [{"OutputKey": "Outa", "OutputValue": "a-ref:T"},
                                       {"OutputKey": "Outb", "OutputValue": "b-ref:T"}]


def test_nested_foreach() -> None:
    e = run(le(Resources={"Fn::ForEach::Outer": ["A", ["x", "y"], {
        "Fn::ForEach::Inner": ["B", ["1", "2"], {"T${A}${B}": {"Type": "AWS::SNS::Topic"}}]}]}))
    assert list(e.resources) == ["Tx1", "Tx2", "Ty1", "Ty2"]


def test_foreach_inside_properties() -> None:
    e = run(le(Resources={"T": {"Type": "X", "Properties": {"Tags": {
        "Fn::ForEach::Tags": ["K", ["a", "b"], {"${K}": {"Fn::Sub": "v-${K}"}}]}}}}))
    assert e.resolve(e.resources["T"].properties, FakeLookup()) == {
        "Tags": {"a": "v-a", "b": "v-b"}}


def test_foreach_needs_the_transform() -> None:
    with pytest.raises(TemplateError, match="Every Resources object must contain a Type"):
        run({"Resources": {"Fn::ForEach::L": ["X", ["a"], {"T${X}": {"Type": "X"}}]}})


def test_generated_resources_are_checked() -> None:
    with pytest.raises(TemplateError, match=r"\[/Resources/Ta\] Every Resources object must "
                                            "contain a Type member"):
        run(le(Resources={"Fn::ForEach::L": ["X", ["a"], {"T${X}": {"Properties": {}}}]}))


def test_identifier_is_replaced_in_every_string_of_the_fragment() -> None:
    e = run(le(Resources={"Fn::ForEach::L": ["X", ["a-1"], {"T&{X}": {
        "Type": "AWS::SNS::Topic",
        "Properties": {"DisplayName": "topic ${X} / &{X}", "Tags": [{"Ref": "X"}]}}}]}))
    assert e.resolve(e.resources["Ta1"].properties, FakeLookup()) == {
        "DisplayName": "topic a-1 / a1", "Tags": ["a-1"]}
