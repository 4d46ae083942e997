"""The Rules section: assertions on parameter values."""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.cloudformation.errors import TemplateError
from tests.unit.cloudformation.support import run

TEMPLATE: dict[str, Any] = {
    "Parameters": {"Env": {"Type": "String"}, "Size": {"Type": "String", "Default": "small"},
                   "Zones": {"Type": "CommaDelimitedList", "Default": "a,b"}},
    "Rules": {
        "ProdIsLarge": {
            "RuleCondition": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
            "Assertions": [{"Assert": {"Fn::Contains": [["large", "xlarge"], {"Ref": "Size"}]},
                            "AssertDescription": "prod needs a large size"}]},
        "KnownZones": {
            "Assertions": [{"Assert": {"Fn::EachMemberIn": [{"Ref": "Zones"}, ["a", "b", "c"]]},
                            "AssertDescription": "unknown zone"},
                           {"Assert": {"Fn::Not": [{"Fn::EachMemberEquals": [
                               {"Ref": "Zones"}, "c"]}]}}]},
    },
    "Resources": {"T": {"Type": "AWS::SNS::Topic"}},
}


def test_rule_with_false_condition_is_skipped() -> None:
    run(TEMPLATE, {"Env": "dev"})


def test_failing_assertion_gives_its_description() -> None:
    with pytest.raises(TemplateError) as err:
        run(TEMPLATE, {"Env": "prod"})
    assert str(err.value) == "prod needs a large size"
    run(TEMPLATE, {"Env": "prod", "Size": "large"})


def test_each_member_functions() -> None:
    with pytest.raises(TemplateError, match="unknown zone"):
        run(TEMPLATE, {"Env": "dev", "Zones": "a,d"})
    with pytest.raises(TemplateError, match="rule KnownZones assertion failed"):
        run(TEMPLATE, {"Env": "dev", "Zones": "c,c"})
