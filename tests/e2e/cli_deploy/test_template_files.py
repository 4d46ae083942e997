"""The CLI's template reader: YAML short forms become CloudFormation's long forms."""

from __future__ import annotations

import pytest

from cloudlet.cli import template_files

YAML = """
Transform: AWS::Serverless-2016-10-31
Resources:
  A:
    Type: T
    Properties:
      Ref: !Ref B
      Att: !GetAtt B.Arn
      AttList: !GetAtt [B, Arn]
      Sub: !Sub "${B}-x"
      If: !If [IsProd, 1, 2]
      Cond: !Condition IsProd
      Join: !Join ["-", [a, !Ref C]]
"""


def test_short_forms_become_long_forms() -> None:
    props = template_files.parse(YAML)["Resources"]["A"]["Properties"]
    assert props == {
        "Ref": {"Ref": "B"},
        "Att": {"Fn::GetAtt": ["B", "Arn"]},
        "AttList": {"Fn::GetAtt": ["B", "Arn"]},
        "Sub": {"Fn::Sub": "${B}-x"},
        "If": {"Fn::If": ["IsProd", 1, 2]},
        "Cond": {"Condition": "IsProd"},
        "Join": {"Fn::Join": ["-", ["a", {"Ref": "C"}]]},
    }


def test_the_sam_transform_is_recognised_also_in_a_list() -> None:
    assert template_files.is_sam(template_files.parse(YAML))
    assert template_files.is_sam({"Transform": ["AWS::LanguageExtensions",
                                                "AWS::Serverless-2016-10-31"]})
    assert not template_files.is_sam({"Resources": {}})


@pytest.mark.parametrize("text", ["[1, 2]", "a: [", "{nope"])
def test_what_is_not_a_template_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        template_files.parse(text)
