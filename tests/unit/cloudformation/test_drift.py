"""PropertyDifferences between a template's property values and the actual ones
(``services/cloudformation/drift``)."""

from __future__ import annotations

from cloudlet.services.cloudformation.drift import differences


def test_typed_values_compare_as_text() -> None:
    assert differences(5, "5") == []
    assert differences(True, "true") == []
    assert differences(1.0, 1) == []
    assert differences("v1", "v2", "/Value") == [
        {"PropertyPath": "/Value", "ExpectedValue": "v1", "ActualValue": "v2",
         "DifferenceType": "NOT_EQUAL"}]


def test_objects_member_by_member() -> None:
    found = differences({"Variables": {"A": "1", "B": "2"}}, {"Variables": {"A": "9", "C": "3"}},
                        "/Environment")
    assert [(d["PropertyPath"], d["DifferenceType"]) for d in found] == [
        ("/Environment/Variables/A", "NOT_EQUAL"), ("/Environment/Variables/B", "REMOVE"),
        ("/Environment/Variables/C", "ADD")]
    assert found[1]["ActualValue"] == "null" and found[2]["ExpectedValue"] == "null"


def test_lists_item_by_item_and_json_text_as_objects() -> None:
    assert [(d["PropertyPath"], d["DifferenceType"]) for d in differences(
        ["a", "b"], ["a", "c", "d"], "/Layers")] == [("/Layers/1", "NOT_EQUAL"),
                                                     ("/Layers/2", "ADD")]
    assert differences('{"maxReceiveCount": 3}', {"maxReceiveCount": "3"}) == []
    assert differences({"k": 1}, "not json", "/P")[0]["ExpectedValue"] == '{"k":1}'
