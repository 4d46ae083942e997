"""The pure parts of providers/cloudformation.py: TemplateURL forms, custom-resource
responses and the strings custom resources receive."""

from __future__ import annotations

import json

import pytest

from cloudlet.cloudformation.providers.base import ProviderError
from cloudlet.cloudformation.providers.cloudformation import _answer, as_strings, template_location


@pytest.mark.parametrize(("url", "expected"), [
    ("http://127.0.0.1:4566/bucket/dir/child.yaml", ("bucket", "dir/child.yaml")),
    ("https://bucket.s3.amazonaws.com/child.json", ("bucket", "child.json")),
    ("https://my.bucket.s3.eu-west-1.amazonaws.com/a%20b.json", ("my.bucket", "a b.json")),
    ("https://s3.amazonaws.com/bucket/k", ("bucket", "k")),
    ("https://s3-us-west-2.amazonaws.com/bucket/k", ("bucket", "k")),
])
def test_template_url_forms(url: str, expected: tuple[str, str]) -> None:
    assert template_location(url) == expected


def test_unsupported_template_url() -> None:
    with pytest.raises(ProviderError, match="TemplateURL must be a supported URL."):
        template_location("https://example.com/")


def test_properties_reach_custom_resources_as_strings() -> None:
    assert as_strings({"N": 1, "B": False, "L": [2.5, {"x": True}], "S": "s"}) == {
        "N": "1", "B": "false", "L": ["2.5", {"x": "true"}], "S": "s"}


def body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_success_answer_keeps_physical_id_and_data() -> None:
    answer = _answer(body(Status="SUCCESS", PhysicalResourceId="p", Data={"A": "1"}),
                     "rid", "L", None)
    assert (answer.physical_id, answer.data) == ("p", {"A": "1"})
    assert _answer(body(Status="SUCCESS"), "rid", "L", "old").physical_id == "old"


def test_failed_answer_reason() -> None:
    with pytest.raises(ProviderError) as err:
        _answer(body(Status="FAILED", Reason="nope"), "rid", "L", None)
    assert str(err.value) == ("Received response status [FAILED] from custom resource. "
                              "Message returned: nope (RequestId: rid)")


@pytest.mark.parametrize(("raw", "message"), [
    (b"not json", "Invalid response object"),
    (body(Status="MAYBE"), "Value of property Status must be one of [SUCCESS, FAILED]"),
    (body(Status="SUCCESS"), "Invalid PhysicalResourceId"),
    (body(Status="SUCCESS", PhysicalResourceId="p", Data="x"), "Data must be a JSON object"),
    (body(Status="SUCCESS", PhysicalResourceId="p", Data={"k": "v" * 5000}),
     "Response object is too long."),
])
def test_bad_answers(raw: bytes, message: str) -> None:
    with pytest.raises(ProviderError, match=message.replace("[", r"\[").replace("]", r"\]")):
        _answer(raw, "rid", "L", None)
