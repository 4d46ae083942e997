"""PutParameter and GetParameter(s): versions, overwrite, selectors, types and limits."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from botocore.exceptions import ClientError


def _code(info: Any) -> str:
    return str(info.value.response["Error"]["Code"])


def test_put_then_get_answers_value_version_and_arn(ssm: Any, base: str) -> None:
    out = ssm.put_parameter(Name=f"{base}/db", Value="host", Type="String")
    assert out == {**out, "Version": 1, "Tier": "Standard"}
    got = ssm.get_parameter(Name=f"{base}/db")["Parameter"]
    assert (got["Value"], got["Version"], got["Type"], got["DataType"]) == \
        ("host", 1, "String", "text")
    assert got["ARN"] == f"arn:aws:ssm:us-east-1:000000000000:parameter{base}/db"


def test_existing_parameter_needs_overwrite(ssm: Any, base: str) -> None:
    ssm.put_parameter(Name=f"{base}/x", Value="1", Type="String")
    with pytest.raises(ClientError) as info:
        ssm.put_parameter(Name=f"{base}/x", Value="2", Type="String")
    assert _code(info) == "ParameterAlreadyExists"
    assert info.value.response["Error"]["Message"] == (
        "The parameter already exists. To overwrite this request's value, set the overwrite"
        " option in the request to true.")
    assert ssm.put_parameter(Name=f"{base}/x", Value="2", Overwrite=True)["Version"] == 2
    assert ssm.get_parameter(Name=f"{base}/x")["Parameter"]["Value"] == "2"


def test_version_and_label_selectors(ssm: Any, base: str) -> None:
    name = f"{base}/sel"
    ssm.put_parameter(Name=name, Value="one", Type="String")
    ssm.put_parameter(Name=name, Value="two", Overwrite=True)
    first = ssm.get_parameter(Name=f"{name}:1")["Parameter"]
    assert (first["Value"], first["Selector"], first["Name"]) == ("one", ":1", name)
    labelled = ssm.label_parameter_version(Name=name, ParameterVersion=1, Labels=["prod", "9x"])
    assert labelled["InvalidLabels"] == ["9x"]
    assert ssm.get_parameter(Name=f"{name}:prod")["Parameter"]["Value"] == "one"
    ssm.label_parameter_version(Name=name, Labels=["prod"])
    assert ssm.get_parameter(Name=f"{name}:prod")["Parameter"]["Value"] == "two"
    with pytest.raises(ClientError) as info:
        ssm.get_parameter(Name=f"{name}:7")
    assert _code(info) == "ParameterVersionNotFound"
    removed = ssm.unlabel_parameter_version(Name=name, ParameterVersion=2, Labels=["prod", "x"])
    assert (removed["RemovedLabels"], removed["InvalidLabels"]) == (["prod"], ["x"])


def test_missing_parameter_is_parameter_not_found(ssm: Any, base: str) -> None:
    with pytest.raises(ClientError) as info:
        ssm.get_parameter(Name=f"{base}/absent")
    assert _code(info) == "ParameterNotFound"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    # AWS answers GetParameter's ParameterNotFound without a message.
    assert info.value.response["Error"].get("Message", "") == ""


def test_get_parameters_reports_invalid_names(ssm: Any, base: str) -> None:
    ssm.put_parameter(Name=f"{base}/a", Value="A", Type="String")
    out = ssm.get_parameters(Names=[f"{base}/a", f"{base}/b"])
    assert [p["Value"] for p in out["Parameters"]] == ["A"]
    assert out["InvalidParameters"] == [f"{base}/b"]


def test_secure_string_is_hidden_without_decryption(ssm: Any, base: str) -> None:
    ssm.put_parameter(Name=f"{base}/secret", Value="hunter2", Type="SecureString")
    hidden = ssm.get_parameter(Name=f"{base}/secret")["Parameter"]["Value"]
    assert hidden != "hunter2" and base64.b64decode(hidden)
    shown = ssm.get_parameter(Name=f"{base}/secret", WithDecryption=True)["Parameter"]
    assert shown["Value"] == "hunter2"
    meta = ssm.describe_parameters(ParameterFilters=[
        {"Key": "Name", "Values": [f"{base}/secret"]}])["Parameters"][0]
    assert meta["KeyId"] == "alias/aws/ssm"


def test_string_list_and_allowed_pattern(ssm: Any, base: str) -> None:
    ssm.put_parameter(Name=f"{base}/list", Value="a,b,c", Type="StringList")
    assert ssm.get_parameter(Name=f"{base}/list")["Parameter"]["Type"] == "StringList"
    with pytest.raises(ClientError) as info:
        ssm.put_parameter(Name=f"{base}/num", Value="abc", Type="String", AllowedPattern=r"\d+")
    assert _code(info) == "ParameterPatternMismatchException"
    assert info.value.response["Error"]["Message"] == \
        r"Parameter value, cannot be validated against allowedPattern: \d+"


def test_name_rules(ssm: Any, base: str) -> None:
    for bad in ("/aws/x", "ssm-thing", "a/b", "bad name"):
        with pytest.raises(ClientError) as info:
            ssm.put_parameter(Name=bad, Value="v", Type="String")
        assert _code(info) == "ValidationException", bad
    deep = base + "".join(f"/l{i}" for i in range(15))
    with pytest.raises(ClientError) as info:
        ssm.put_parameter(Name=deep, Value="v", Type="String")
    assert _code(info) == "HierarchyLevelLimitExceededException"


def test_new_parameter_needs_a_type(ssm: Any, base: str) -> None:
    with pytest.raises(ClientError) as info:
        ssm.put_parameter(Name=f"{base}/untyped", Value="v")
    assert _code(info) == "ValidationException"


def test_tiers_limit_values(ssm: Any, base: str) -> None:
    big = "x" * 5000
    with pytest.raises(ClientError) as info:
        ssm.put_parameter(Name=f"{base}/big", Value=big, Type="String")
    assert _code(info) == "ValidationException"
    out = ssm.put_parameter(Name=f"{base}/big", Value=big, Type="String",
                            Tier="Intelligent-Tiering")
    assert out["Tier"] == "Advanced"
    with pytest.raises(ClientError) as info:
        ssm.put_parameter(Name=f"{base}/big", Value="small", Overwrite=True, Tier="Standard")
    assert _code(info) == "ValidationException"


def test_delete_parameter_and_parameters(ssm: Any, base: str) -> None:
    for n in ("a", "b"):
        ssm.put_parameter(Name=f"{base}/{n}", Value=n, Type="String")
    ssm.delete_parameter(Name=f"{base}/a")
    with pytest.raises(ClientError) as info:
        ssm.delete_parameter(Name=f"{base}/a")
    assert _code(info) == "ParameterNotFound"
    out = ssm.delete_parameters(Names=[f"{base}/b", f"{base}/c"])
    assert (out["DeletedParameters"], out["InvalidParameters"]) == ([f"{base}/b"], [f"{base}/c"])


def test_hundred_versions_drop_the_oldest_unless_labelled(ssm: Any, base: str) -> None:
    name = f"{base}/many"
    ssm.put_parameter(Name=name, Value="0", Type="String")
    for i in range(1, 100):
        ssm.put_parameter(Name=name, Value=str(i), Overwrite=True)
    assert ssm.put_parameter(Name=name, Value="100", Overwrite=True)["Version"] == 101
    with pytest.raises(ClientError) as info:
        ssm.get_parameter(Name=f"{name}:1")
    assert _code(info) == "ParameterVersionNotFound"
    ssm.label_parameter_version(Name=name, ParameterVersion=2, Labels=["keep"])
    with pytest.raises(ClientError) as info:
        ssm.put_parameter(Name=name, Value="101", Overwrite=True)
    assert _code(info) == "ParameterMaxVersionLimitExceeded"
