"""Event pattern matching (cloudlet.patterns.event_pattern), from AWS's documented examples.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from cloudlet.patterns import compile_event_pattern, matches_event_pattern

EC2_EVENT: dict[str, Any] = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "111122223333",
    "time": "2017-12-22T18:43:48Z",
    "region": "us-west-1",
    "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"},
}

RULER_EVENT: dict[str, Any] = {
    "version": "0",
    "id": "ddddd4-aaaa-7777-4444-345dd43cc333",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "012345679012",
    "time": "2017-10-02T16:24:49Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
    "detail": {
        "c-count": 5, "d-count": 3, "x-limit": 301.8, "source-ip": "10.0.0.33",
        "instance-id": "i-000000aaaaaa00000", "state": "running",
    },
}


def with_detail(**detail: Any) -> dict[str, Any]:
    return {**RULER_EVENT, "detail": {**RULER_EVENT["detail"], **detail}}


def test_documented_ec2_pattern_matches_only_its_state() -> None:
    """source, detail-type and detail.state all have to match; other fields are ignored."""
    pattern = compile_event_pattern({
        "source": ["aws.ec2"],
        "detail-type": ["EC2 Instance State-change Notification"],
        "detail": {"state": ["terminated"]},
    })
    assert pattern.matches(EC2_EVENT)
    assert not pattern.matches({**EC2_EVENT, "detail": {"state": "running"}})
    assert not pattern.matches({k: v for k, v in EC2_EVENT.items() if k != "detail"})


def test_a_string_pattern_is_parsed_as_json() -> None:
    assert compile_event_pattern('{"source": ["aws.ec2", "aws.fargate"]}').matches(EC2_EVENT)
    assert not compile_event_pattern('{"source": ["aws.fargate"]}').matches(EC2_EVENT)


def test_event_array_matches_when_the_intersection_is_not_empty() -> None:
    """eb-event-patterns-arrays: the first pattern value matches the event's second item."""
    pattern = compile_event_pattern({"resources": [
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
    ]})
    event = {"resources": [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-"
        "d5978ed4a025:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
    ]}
    assert pattern.matches(event)
    assert not pattern.matches({"resources": event["resources"][:1]})
    assert not pattern.matches({"resources": []})


def test_null_and_empty_string_are_distinct_values() -> None:
    """eb-event-patterns-null-values: [""] matches "", [null] matches null, not each other."""
    event = {"detail": {"eventVersion": "", "responseElements": None}}
    assert compile_event_pattern({"detail": {"eventVersion": [""]}}).matches(event)
    assert compile_event_pattern({"detail": {"responseElements": [None]}}).matches(event)
    assert not compile_event_pattern({"detail": {"eventVersion": [None]}}).matches(event)
    assert not compile_event_pattern({"detail": {"responseElements": [""]}}).matches(event)


@pytest.mark.parametrize(("values", "event_value", "expected"), [
    ([True], True, True),
    ([True], 1, False),
    ([1], True, False),
    ([False], False, True),
    ([5], 5.0, True),
    ([5], "5", False),
    (["5"], 5, False),
    ([3.018e2], 301.8, True),
    ([123456789012], 123456789012, True),
    ([5], Decimal("5"), True),
])
def test_exact_values_keep_their_json_types(values: list[Any], event_value: Any,
                                            expected: bool) -> None:
    assert compile_event_pattern({"v": values}).matches({"v": event_value}) is expected


def test_prefix_matching() -> None:
    pattern = compile_event_pattern({"time": [{"prefix": "2017-10-02"}]})
    assert pattern.matches(RULER_EVENT)
    assert not pattern.matches({**RULER_EVENT, "time": "2017-10-03T00:00:00Z"})
    assert not pattern.matches({"time": 20171002})


def test_empty_prefix_matches_every_string() -> None:
    """LocalStack #12148: {"prefix": ""} is the documented match-all-sources pattern."""
    pattern = compile_event_pattern({"source": [{"prefix": ""}]})
    assert pattern.matches(EC2_EVENT)
    assert pattern.matches({"source": ""})
    assert not pattern.matches({"detail": {}})


def test_prefix_and_suffix_ignoring_case() -> None:
    """{"service": [{"prefix": {"equals-ignore-case": "eventb"}}]} and the suffix form."""
    prefix = compile_event_pattern({"service": [{"prefix": {"equals-ignore-case": "eventb"}}]})
    assert prefix.matches({"service": "EventBridge"})
    assert not prefix.matches({"service": "SNS"})
    suffix = compile_event_pattern({"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]})
    assert suffix.matches({"FileName": "image.PNG"})
    assert not suffix.matches({"FileName": "image.jpg"})


def test_suffix_matching() -> None:
    pattern = compile_event_pattern({"FileName": [{"suffix": ".png"}]})
    assert pattern.matches({"FileName": "image.png"})
    assert not pattern.matches({"FileName": "image.PNG"})


def test_equals_ignore_case() -> None:
    pattern = compile_event_pattern({"source": [{"equals-ignore-case": "EC2"}]})
    assert pattern.matches({"source": "ec2"})
    assert pattern.matches({"source": "Ec2"})
    assert not pattern.matches({"source": "aws.ec2"})


@pytest.mark.parametrize(("wildcard", "value", "expected"), [
    ("Simple*Service", "SimpleNotificationService", True),
    ("Simple*Service", "SimpleService", True),
    ("Simple*Service", "SimpleServices", False),
    ("*/lib/*", "/usr/lib/x", True),
    ("*/lib/*", "/usr/bin/x", False),
    ("a\\*b", "a*b", True),
    ("a\\*b", "axb", False),
    ("a\\\\b", "a\\b", True),
    ("*", "", True),
    ("a.c", "abc", False),
])
def test_wildcard(wildcard: str, value: str, expected: bool) -> None:
    """* is any run; \\* a star and \\\\ a backslash; other regex characters are literal."""
    pattern = compile_event_pattern({"FilePath": [{"wildcard": wildcard}]})
    assert pattern.matches({"FilePath": value}) is expected


@pytest.mark.parametrize(("anything_but", "value", "expected"), [
    ("initializing", "running", True),
    ("initializing", "initializing", False),
    (123, 124, True),
    (123, 123, False),
    (123, 123.0, False),
    (["stopped", "overloaded"], "running", True),
    (["stopped", "overloaded"], "stopped", False),
    ([100, 200, 300], 301.8, True),
    ([100, 200, 300], 200, False),
    ({"prefix": "init"}, "running", True),
    ({"prefix": "init"}, "initializing", False),
    ({"prefix": "us-"}, "eu-west-1", True),
    ({"suffix": ".png"}, "image.jpg", True),
    ({"suffix": ".png"}, "image.png", False),
    ({"equals-ignore-case": "initializing"}, "INITIALIZING", False),
    ({"equals-ignore-case": ["a", "b"]}, "B", False),
    ({"equals-ignore-case": ["a", "b"]}, "c", True),
    ({"wildcard": "*/lib/*"}, "/usr/lib/x", False),
    ({"wildcard": "*/lib/*"}, "/usr/bin/x", True),
    ({"wildcard": ["*/lib/*", "*.so"]}, "x.so", False),
    ({"prefix": ["us-", "eu-"]}, "eu-west-1", False),
    ({"prefix": ["us-", "eu-"]}, "ap-south-1", True),
    ({"suffix": [".png", ".jpg"]}, "a.jpg", False),
    ({"prefix": "init"}, 5, True),
    ({"equals-ignore-case": "x"}, None, True),
])
def test_anything_but(anything_but: Any, value: Any, expected: bool) -> None:
    pattern = compile_event_pattern({"detail": {"f": [{"anything-but": anything_but}]}})
    assert pattern.matches({"detail": {"f": value}}) is expected


def test_anything_but_matches_null_but_not_a_missing_field() -> None:
    """LocalStack #9711: on AWS {"foo": null} matches anything-but ["baz"]; absent never does."""
    pattern = compile_event_pattern({"detail": {"foo": [{"anything-but": ["baz"]}]}})
    assert pattern.matches({"detail": {"foo": "a"}})
    assert pattern.matches({"detail": {"foo": None}})
    assert not pattern.matches({"detail": {"foo": "baz"}})
    assert not pattern.matches({"detail": {}})


def test_anything_but_on_an_array_matches_when_one_value_is_not_excluded() -> None:
    pattern = compile_event_pattern({"f": [{"anything-but": ["rugby", "tennis"]}]})
    assert pattern.matches({"f": ["rugby", "baseball"]})
    assert not pattern.matches({"f": ["rugby", "tennis"]})


def test_documented_numeric_example() -> None:
    """c-count in (0, 5], d-count < 10, x-limit = 3.018e2, against Ruler's example event."""
    pattern = compile_event_pattern({"detail": {
        "c-count": [{"numeric": [">", 0, "<=", 5]}],
        "d-count": [{"numeric": ["<", 10]}],
        "x-limit": [{"numeric": ["=", 3.018e2]}],
    }})
    assert pattern.matches(RULER_EVENT)
    assert not pattern.matches(with_detail(**{"c-count": 0}))
    assert not pattern.matches(with_detail(**{"c-count": 5.000001}))
    assert not pattern.matches(with_detail(**{"d-count": 10}))
    assert not pattern.matches(with_detail(**{"x-limit": 301.9}))
    assert not pattern.matches(with_detail(**{"c-count": "5"}))


@pytest.mark.parametrize(("numeric", "value", "expected"), [
    ([">=", 5], 5, True), ([">", 5], 5, False), (["<=", 5], 5, True), (["<", 5], 5, False),
    ([">=", 0, "<", 1], 0, True), ([">=", 0, "<", 1], 1, False), (["=", 0], -0.0, True),
    ([">", 0], True, False),
])
def test_numeric_bounds(numeric: list[Any], value: Any, expected: bool) -> None:
    assert compile_event_pattern({"n": [{"numeric": numeric}]}).matches({"n": value}) is expected


def test_cidr_matching_ipv4_and_ipv6() -> None:
    pattern = compile_event_pattern({"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}})
    assert pattern.matches({"detail": {"sourceIPAddress": "10.0.0.255"}})
    assert not pattern.matches({"detail": {"sourceIPAddress": "10.0.1.0"}})
    assert not pattern.matches({"detail": {"sourceIPAddress": "not an ip"}})
    six = compile_event_pattern({"ip": [{"cidr": "2001:db8::/32"}]})
    assert six.matches({"ip": "2001:db8::1"})
    assert not six.matches({"ip": "2001:db9::1"})


def test_exists_false_matches_a_missing_field() -> None:
    """The documented pattern matches an event without detail.c-count."""
    pattern = compile_event_pattern({"detail": {"c-count": [{"exists": False}]}})
    event = {"detail-type": ["EC2 Instance State-change Notification"],
             "detail": {"state": ["initializing", "running"]}}
    assert pattern.matches(event)
    assert not pattern.matches({"detail": {"c-count": 5}})


def test_exists_false_matches_an_intermediate_node() -> None:
    """Exists only works on leaf nodes: an object c-count counts as absent."""
    pattern = compile_event_pattern({"detail": {"c-count": [{"exists": False}]}})
    assert pattern.matches({"detail": {"state": ["initializing"], "c-count": {"c1": 100}}})
    exists = compile_event_pattern({"detail": {"c-count": [{"exists": True}]}})
    assert not exists.matches({"detail": {"c-count": {"c1": 100}}})


def test_exists_true_matches_any_leaf_value_null_included() -> None:
    pattern = compile_event_pattern({"detail": {"key": [{"exists": True}]}})
    assert pattern.matches({"detail": {"key": "value", "payload": "baz"}})
    assert pattern.matches({"detail": {"key": None}})
    assert pattern.matches({"detail": {"key": [1]}})
    assert not pattern.matches({"detail": {"key": []}})
    assert not pattern.matches({"detail": {"no-key": "n"}})


def test_exists_false_under_a_scalar_parent_matches() -> None:
    """LocalStack #7305: {test_field: {is_background_job: [{exists: false}]}} vs test_field=false."""
    pattern = compile_event_pattern({"detail": {
        "event_name": ["test_event_name"],
        "test_field": {"is_background_job": [{"exists": False}]},
    }})
    assert pattern.matches({"detail": {"event_name": "test_event_name", "test_field": False}})
    assert pattern.matches({"detail": {"event_name": "test_event_name"}})
    assert not pattern.matches({"detail": {"event_name": "test_event_name",
                                           "test_field": {"is_background_job": True}}})


def test_nested_pattern_does_not_match_an_event_without_the_object() -> None:
    pattern = compile_event_pattern({"detail": {"event": {"data": {"type": ["1"]}}}})
    assert pattern.matches({"detail": {"event": {"data": {"type": "1"}}}})
    assert not pattern.matches({"detail": {"event": "x"}})
    assert not pattern.matches({"detail": {"event": {"data": {"type": "2"}}}})


def test_objects_inside_arrays_must_match_within_one_element() -> None:
    """Ruler's array consistency: Anna matches; Anna + Jones (two elements) does not."""
    event = {"employees": [
        {"firstName": "John", "lastName": "Doe"},
        {"firstName": "Anna", "lastName": "Smith"},
        [{"firstName": "Peter", "lastName": "Jones"}],
    ]}
    assert compile_event_pattern({"employees": {"firstName": ["Anna"]}}).matches(event)
    assert compile_event_pattern({"employees": {"firstName": ["Peter"]}}).matches(event)
    assert not compile_event_pattern(
        {"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}}).matches(event)
    assert compile_event_pattern(
        {"employees": {"firstName": ["Anna"], "lastName": ["Smith"]}}).matches(event)


def test_complex_documented_example() -> None:
    pattern = compile_event_pattern({
        "time": [{"prefix": "2017-10-02"}],
        "detail": {
            "state": [{"anything-but": "initializing"}],
            "c-count": [{"numeric": [">", 0, "<=", 5]}],
            "d-count": [{"numeric": ["<", 10]}],
            "x-limit": [{"anything-but": [100, 200, 300]}],
            "source-ip": [{"cidr": "10.0.0.0/8"}],
        },
    })
    assert pattern.matches(RULER_EVENT)
    assert not pattern.matches(with_detail(state="initializing"))
    assert not pattern.matches(with_detail(**{"x-limit": 200}))
    assert not pattern.matches(with_detail(**{"source-ip": "11.0.0.1"}))


def test_or_between_fields() -> None:
    """source && (metricName || namespace)."""
    pattern = compile_event_pattern({
        "source": ["aws.cloudwatch"],
        "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]},
                {"namespace": ["AWS/EC2", "AWS/ES"]}],
    })
    assert pattern.matches({"source": "aws.cloudwatch", "metricName": "ReadLatency"})
    assert pattern.matches({"source": "aws.cloudwatch", "namespace": "AWS/ES"})
    assert not pattern.matches({"source": "aws.cloudwatch", "namespace": "AWS/S3"})
    assert not pattern.matches({"source": "aws.ec2", "namespace": "AWS/ES"})


def test_parallel_and_nested_or() -> None:
    parallel = compile_event_pattern({
        "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}],
        "detail": {"$or": [{"source": ["aws.cloudwatch"]},
                           {"detail-type": ["CloudWatch Alarm State Change"]}]},
    })
    assert parallel.matches({"namespace": "AWS/EC2", "detail": {"source": "aws.cloudwatch"}})
    assert not parallel.matches({"namespace": "AWS/EC2", "detail": {"source": "aws.s3"}})
    nested = compile_event_pattern({
        "source": ["aws.cloudwatch"],
        "$or": [
            {"metricName": ["CPUUtilization", "ReadLatency"]},
            {"metricType": ["MetricType"], "namespace": ["AWS/EC2", "AWS/ES"],
             "$or": [{"metricId": [1234]}, {"spaceId": [1000]}]},
            {"scope": ["Service"]},
        ],
    })
    base = {"source": "aws.cloudwatch", "metricType": "MetricType", "namespace": "AWS/EC2"}
    assert nested.matches({**base, "spaceId": 1000})
    assert not nested.matches({**base, "spaceId": 1001})
    assert nested.matches({"source": "aws.cloudwatch", "scope": "Service"})


def test_several_operators_in_one_field_are_alternatives() -> None:
    pattern = compile_event_pattern({"f": [{"exists": False}, "x", {"prefix": "y"}]})
    assert pattern.matches({})
    assert pattern.matches({"f": "x"})
    assert pattern.matches({"f": "yes"})
    assert not pattern.matches({"f": "z"})


def test_non_object_events_never_match() -> None:
    pattern = compile_event_pattern({"f": [{"exists": False}]})
    assert not pattern.matches("text")
    assert not pattern.matches(None)


def test_matches_event_pattern_caches_by_text() -> None:
    assert matches_event_pattern('{"source": ["aws.ec2"]}', EC2_EVENT)
    assert matches_event_pattern({"source": ["aws.ec2"]}, EC2_EVENT)
    assert not matches_event_pattern(json.dumps({"source": ["x"]}), EC2_EVENT)


def test_numbers_compare_to_six_decimal_places() -> None:
    """Numeric matching is precise to six digits right of the decimal point."""
    equals = compile_event_pattern({"n": [{"numeric": ["=", 5]}]})
    assert equals.matches({"n": 5.0000001})
    assert not equals.matches({"n": 5.00001})
    assert compile_event_pattern({"n": [5]}).matches({"n": 5.0000001})
    assert not compile_event_pattern({"n": [{"numeric": [">", 0]}]}).matches({"n": 6e9})


def test_an_exact_ip_address_matches_other_spellings_of_it() -> None:
    pattern = compile_event_pattern({"ip": ["::1"]})
    assert pattern.matches({"ip": "0:0:0:0:0:0:0:1"})
    assert not pattern.matches({"ip": "::2"})


def test_cidr_counts_from_the_address_given() -> None:
    """Ruler's range runs from the written address to the top of its block."""
    pattern = compile_event_pattern({"ip": [{"cidr": "10.0.0.5/24"}]})
    assert pattern.matches({"ip": "10.0.0.7"})
    assert pattern.matches({"ip": "10.0.0.255"})
    assert not pattern.matches({"ip": "10.0.0.3"})


def test_exists_false_under_an_array_needs_every_element_to_lack_the_field() -> None:
    """Ruler checks absence against every event field consistent with what matched so far."""
    pattern = compile_event_pattern({"a": {"b": [{"exists": False}]}})
    assert pattern.matches({"a": [{"c": 1}, {"c": 2}]})
    assert not pattern.matches({"a": [{"c": 1}, {"b": 1}]})
    assert pattern.matches({"a": []})


def test_exists_false_after_a_matched_field_looks_at_that_element_only() -> None:
    """Fields go in sorted-path order: once a.c matched element 0, a.z is absent there."""
    after = compile_event_pattern({"a": {"c": [1], "z": [{"exists": False}]}})
    assert after.matches({"a": [{"c": 1}, {"z": 1}]})
    assert not after.matches({"a": [{"c": 1, "z": 1}]})
    before = compile_event_pattern({"a": {"b": [{"exists": False}], "c": [1]}})
    assert not before.matches({"a": [{"c": 1}, {"b": 1}]})
    assert before.matches({"a": [{"c": 1}, {"d": 1}]})


def test_exists_true_and_false_in_one_element() -> None:
    pattern = compile_event_pattern({"d": {"a": [{"exists": True}], "b": [{"exists": False}]}})
    assert pattern.matches({"d": [{"a": 1}]})
    assert not pattern.matches({"d": [{"a": 1, "b": 2}]})
    assert not pattern.matches({"d": []})


def test_any_mapping_is_an_event() -> None:
    from types import MappingProxyType

    assert compile_event_pattern({"source": ["aws.ec2"]}).matches(MappingProxyType(EC2_EVENT))
