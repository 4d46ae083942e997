"""Dependencies, unresolved references and cycles, all found before anything is made."""

from __future__ import annotations

import pytest

from cloudlet.cloudformation.errors import TemplateError
from tests.unit.cloudformation.support import run


def test_dependencies_from_ref_getatt_sub_and_depends_on() -> None:
    e = run({"Resources": {
        "A": {"Type": "X"},
        "B": {"Type": "X", "Properties": {"P": {"Fn::GetAtt": ["A", "Arn"]}}},
        "C": {"Type": "X", "Properties": {"P": {"Fn::Sub": "${B}/${A.Arn}/${AWS::Region}"}}},
        "D": {"Type": "X", "DependsOn": "C", "Properties": {"P": {"Ref": "A"}}},
        "E": {"Type": "X", "DependsOn": ["A", "B"],
              "Properties": {"P": {"Fn::Sub": ["${V}", {"V": {"Ref": "D"}}]}}},
    }})
    deps = {k: r.depends_on for k, r in e.resources.items()}
    assert deps == {"A": set(), "B": {"A"}, "C": {"A", "B"}, "D": {"A", "C"},
                    "E": {"A", "B", "D"}}
    assert e.order() == ["A", "B", "C", "D", "E"]


def test_order_puts_dependencies_first_whatever_the_declaration_order() -> None:
    e = run({"Resources": {"Z": {"Type": "X", "Properties": {"P": {"Ref": "Y"}}},
                           "Y": {"Type": "X", "Properties": {"P": {"Ref": "W"}}},
                           "W": {"Type": "X"}}})
    assert e.order() == ["W", "Y", "Z"]


def test_sub_variables_are_not_dependencies() -> None:
    e = run({"Resources": {"A": {"Type": "X", "Properties": {
        "P": {"Fn::Sub": ["${Local}", {"Local": "x"}]}}}}})
    assert e.resources["A"].depends_on == set()


def test_unresolved_reference() -> None:
    with pytest.raises(TemplateError) as err:
        run({"Resources": {"A": {"Type": "X", "Properties": {"P": {"Ref": "Missing"}}}}})
    assert str(err.value) == ("Template format error: Unresolved resource dependencies "
                              "[Missing] in the Resources block of the template")


def test_depends_on_an_unknown_resource() -> None:
    with pytest.raises(TemplateError) as err:
        run({"Resources": {"A": {"Type": "X", "DependsOn": ["Ghost"]}}})
    assert str(err.value) == ("Template format error: Unresolved resource dependencies "
                              "[Ghost] in the Resources block of the template")


def test_output_reference_to_unknown_resource() -> None:
    with pytest.raises(TemplateError) as err:
        run({"Resources": {"A": {"Type": "X"}},
             "Outputs": {"O": {"Value": {"Fn::GetAtt": ["Ghost", "Arn"]}}}})
    assert str(err.value) == ("Template format error: Unresolved resource dependencies "
                              "[Ghost] in the Outputs block of the template")


def test_circular_dependency() -> None:
    with pytest.raises(TemplateError) as err:
        run({"Resources": {"A": {"Type": "X", "Properties": {"P": {"Ref": "B"}}},
                           "B": {"Type": "X", "DependsOn": "A"},
                           "C": {"Type": "X"}}})
    assert str(err.value) == "Circular dependency between resources: [A, B]"


def test_self_reference_is_circular() -> None:
    with pytest.raises(TemplateError, match=r"Circular dependency between resources: \[A\]"):
        run({"Resources": {"A": {"Type": "X", "Properties": {"P": {"Fn::GetAtt": "A.Arn"}}}}})


def test_policies_and_attributes_are_kept() -> None:
    e = run({"Resources": {"A": {"Type": "X", "DeletionPolicy": "Retain",
                                 "UpdateReplacePolicy": "Snapshot",
                                 "Metadata": {"m": 1}, "CreationPolicy": {"c": 2}}}})
    a = e.resources["A"]
    assert (a.deletion_policy, a.update_replace_policy) == ("Retain", "Snapshot")
    assert (a.metadata, a.creation_policy, a.update_policy) == ({"m": 1}, {"c": 2}, None)


def test_unknown_deletion_policy() -> None:
    with pytest.raises(TemplateError, match="DeletionPolicy"):
        run({"Resources": {"A": {"Type": "X", "DeletionPolicy": "Keep"}}})
