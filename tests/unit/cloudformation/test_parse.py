"""parse_template: JSON and YAML, short forms, marks, structural errors."""

from __future__ import annotations

import pytest

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.cloudformation.template import parse_template, where


def test_yaml_short_forms_become_long_forms() -> None:
    t = parse_template("Resources:\n  A:\n    Type: X\n    Properties:\n"
                       "      P: !GetAtt B.Arn\n      Q: !Sub '${B}'\n      R: !Ref B\n"
                       "  B: {Type: Y}\n")
    props = t["Resources"]["A"]["Properties"]
    assert props == {"P": {"Fn::GetAtt": ["B", "Arn"]}, "Q": {"Fn::Sub": "${B}"},
                     "R": {"Ref": "B"}}


def test_json_template_parses() -> None:
    t = parse_template('{"Resources": {"A": {"Type": "AWS::SNS::Topic"}}}')
    assert t["Resources"]["A"]["Type"] == "AWS::SNS::Topic"


def test_malformed_yaml_names_source_line_and_column() -> None:
    with pytest.raises(TemplateError) as err:
        parse_template("Resources:\n  A: b: c\n", "template.yaml")
    assert str(err.value).startswith("Template format error: YAML not well-formed. "
                                     "(template.yaml:2:")


def test_malformed_json_is_a_format_error() -> None:
    with pytest.raises(TemplateError, match="Template format error"):
        parse_template('{"Resources": [1,}')


def test_unknown_section_is_rejected() -> None:
    with pytest.raises(TemplateError) as err:
        parse_template("Resources:\n  A: {Type: X}\nBogus: 1\n")
    assert str(err.value) == ("Template format error: Invalid template property or "
                              "properties [Bogus]")


def test_globals_allowed_only_with_the_sam_transform() -> None:
    body = "Resources:\n  A: {Type: X}\nGlobals: {}\n"
    with pytest.raises(TemplateError):
        parse_template(body)
    parse_template("Transform: AWS::Serverless-2016-10-31\n" + body)


def test_missing_resources_section() -> None:
    with pytest.raises(TemplateError) as err:
        parse_template("Description: nothing\n")
    assert str(err.value) == ("Template format error: At least one Resources member must "
                              "be defined.")


def test_resource_without_type() -> None:
    with pytest.raises(TemplateError) as err:
        parse_template("Resources:\n  B:\n    Properties: {}\n")
    assert str(err.value) == ("Template format error: [/Resources/B] Every Resources object "
                              "must contain a Type member.")


def test_unknown_resource_attribute() -> None:
    with pytest.raises(TemplateError) as err:
        parse_template("Resources:\n  B:\n    Type: X\n    Propertes: {}\n")
    assert str(err.value) == "Invalid template resource property 'Propertes'"


def test_output_without_value() -> None:
    with pytest.raises(TemplateError, match=r"\[/Outputs/O\] Every Outputs member must "
                                            "contain a Value object"):
        parse_template("Resources:\n  B: {Type: X}\nOutputs:\n  O: {Description: d}\n")


def test_template_that_is_not_a_mapping() -> None:
    with pytest.raises(TemplateError, match="unsupported structure"):
        parse_template("[1, 2]")


def test_where_points_at_file_line_and_column() -> None:
    t = parse_template("Resources:\n  Table:\n    Type: X\n    Properties:\n"
                       "      KeySchema: []\n", "template.yaml")
    assert where(t, ["Resources", "Table", "Properties", "KeySchema"]) == (
        "template.yaml:5:7 Resources.Table.Properties.KeySchema")


def test_where_without_marks_gives_the_path() -> None:
    assert where({"Resources": {}}, ["Resources", "A"]) == "Resources.A"


def test_yaml_dates_stay_text() -> None:
    t = parse_template("AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: X\n"
                       "    Properties: {D: [2020-01-01]}\n")
    assert t["AWSTemplateFormatVersion"] == "2010-09-09"
    assert t["Resources"]["A"]["Properties"]["D"] == ["2020-01-01"]


def test_where_follows_list_indexes() -> None:
    t = parse_template("Resources:\n  A:\n    Type: X\n    Properties:\n      L:\n"
                       "        - one\n        - two\n", "t.yaml")
    assert where(t, ["Resources", "A", "Properties", "L", 1]) == (
        "t.yaml:7:11 Resources.A.Properties.L.1")


def test_logical_names_must_be_alphanumeric() -> None:
    with pytest.raises(TemplateError) as err:
        parse_template("Resources:\n  my-bucket: {Type: AWS::S3::Bucket}\n")
    assert str(err.value) == "Template format error: Resource name my-bucket is non alphanumeric."
    with pytest.raises(TemplateError, match="Parameter name a_b is non alphanumeric"):
        parse_template("Parameters:\n  a_b: {Type: String}\nResources:\n  A: {Type: X}\n")


def test_section_limits() -> None:
    body = "Resources:\n" + "".join(f"  R{i}: {{Type: X}}\n" for i in range(501))
    with pytest.raises(TemplateError) as err:
        parse_template(body)
    assert str(err.value) == ("Template format error: Number of resources, 501, is greater "
                              "than maximum allowed, 500")
