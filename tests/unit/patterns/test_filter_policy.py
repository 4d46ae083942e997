"""SNS subscription filter policies (cloudlet.patterns.filter_policy), from AWS's examples.

https://docs.aws.amazon.com/sns/latest/dg/example-filter-policies.html
https://docs.aws.amazon.com/sns/latest/dg/string-value-matching.html
https://docs.aws.amazon.com/sns/latest/dg/numeric-value-matching.html
https://docs.aws.amazon.com/sns/latest/dg/attribute-key-matching.html
https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from cloudlet.patterns import PatternError, compile_filter_policy

ATTRIBUTES = {
    "customer_interests": {"Type": "String.Array", "Value": '["soccer", "rugby", "hockey"]'},
    "store": {"Type": "String", "Value": "example_corp"},
    "event": {"Type": "String", "Value": "order_placed"},
    "price_usd": {"Type": "Number", "Value": "210.75"},
}


def attr(kind: str, value: str) -> dict[str, Any]:
    return {"Type": kind, "Value": value}


def test_documented_policy_accepts_the_example_message() -> None:
    policy = compile_filter_policy({
        "store": ["example_corp"],
        "event": [{"anything-but": "order_cancelled"}],
        "customer_interests": ["rugby", "football", "baseball"],
        "price_usd": [{"numeric": [">=", 100]}],
    })
    assert policy.matches(ATTRIBUTES)


def test_documented_policy_rejects_the_example_message() -> None:
    """The missing 'encrypted' attribute alone is enough to reject."""
    policy = compile_filter_policy({
        "store": ["example_corp"],
        "event": ["order_cancelled"],
        "encrypted": [False],
        "customer_interests": ["basketball", "baseball"],
    })
    assert not policy.matches(ATTRIBUTES)
    assert not compile_filter_policy({"encrypted": [False]}).matches(ATTRIBUTES)


def test_string_matching_operators() -> None:
    exact = compile_filter_policy({"customer_interests": ["rugby", "tennis"]})
    assert exact.matches({"customer_interests": attr("String", "tennis")})
    assert not exact.matches({"customer_interests": attr("String", "baseball")})
    prefix = compile_filter_policy({"customer_interests": [{"prefix": "bas"}]})
    assert prefix.matches({"customer_interests": attr("String", "basketball")})
    assert not prefix.matches({"customer_interests": attr("String", "rugby")})
    but = compile_filter_policy({"customer_interests": [{"anything-but": ["rugby", "tennis"]}]})
    assert but.matches({"customer_interests": attr("String", "football")})
    assert but.matches({"customer_interests": attr("String.Array", '["rugby", "baseball"]')})
    assert not but.matches({"customer_interests": attr("String", "rugby")})
    but_prefix = compile_filter_policy({"event": [{"anything-but": {"prefix": "order-"}}]})
    assert but_prefix.matches({"event": attr("String", "order_number")})
    assert not but_prefix.matches({"event": attr("String", "order-cancelled")})


def test_ip_address_matching() -> None:
    policy = compile_filter_policy({"source_ip": [{"cidr": "10.0.0.0/24"}]})
    assert policy.matches({"source_ip": attr("String", "10.0.0.0")})
    assert policy.matches({"source_ip": attr("String", "10.0.0.255")})
    assert not policy.matches({"source_ip": attr("String", "10.1.1.0")})


def test_numeric_matching_on_attributes_and_body() -> None:
    equals = {"price_usd": [{"numeric": ["=", 301.5]}]}
    attributes = compile_filter_policy(equals)
    assert attributes.matches({"price_usd": attr("Number", "301.5")})
    assert attributes.matches({"price_usd": attr("Number", "3.015e2")})
    assert not attributes.matches({"price_usd": attr("String", "301.5")})
    body = compile_filter_policy(equals, scope="MessageBody")
    assert body.matches('{"price_usd": 301.5}')
    assert body.matches('{"price_usd": 3.015e2}')
    assert not body.matches('{"price_usd": "301.5"}')


def test_numeric_anything_but_and_ranges() -> None:
    policy = compile_filter_policy({"price": [{"anything-but": [100, 500]}]})
    assert policy.matches({"price": attr("Number", "101")})
    assert policy.matches({"price": attr("Number", "100.1")})
    assert policy.matches({"price": attr("Number.Array", "[100, 50]")})
    assert not policy.matches({"price": attr("Number", "100")})
    body = compile_filter_policy({"price": [{"anything-but": [100, 500]}]}, "MessageBody")
    assert body.matches({"price": [100, 50]})
    assert not body.matches({"price": 100})
    negative = compile_filter_policy({"price_usd": [{"numeric": ["<", 0]}]})
    assert negative.matches({"price_usd": attr("Number", "-1")})
    assert not negative.matches({"price_usd": attr("Number", "0")})


def test_key_matching_with_exists() -> None:
    present = compile_filter_policy({"store": [{"exists": True}]})
    absent = compile_filter_policy({"store": [{"exists": False}]})
    with_store = {"store": attr("String", "fans"),
                  "customer_interests": attr("String.Array", '["baseball", "basketball"]')}
    without = {"customer_interests": attr("String.Array", '["baseball", "basketball"]')}
    assert present.matches(with_store) and not present.matches(without)
    assert absent.matches(without) and not absent.matches(with_store)
    body_present = compile_filter_policy({"store": [{"exists": True}]}, "MessageBody")
    assert body_present.matches('{"store": "fans", "customer_interests": ["baseball"]}')
    assert not body_present.matches('{"customer_interests": ["baseball"]}')


def test_binary_attributes_are_ignored() -> None:
    assert not compile_filter_policy({"b": [{"exists": True}]}).matches(
        {"b": attr("Binary", "AAEC")})
    assert compile_filter_policy({"b": [{"exists": False}]}).matches(
        {"b": attr("Binary", "AAEC")})


def test_boto_style_attributes_are_understood() -> None:
    """Publish's MessageAttributes use DataType/StringValue."""
    policy = compile_filter_policy({"store": ["example_corp"], "n": [{"numeric": [">", 1]}]})
    assert policy.matches({"store": {"DataType": "String", "StringValue": "example_corp"},
                           "n": {"DataType": "Number.float", "StringValue": "1.5"}})


def test_equals_ignore_case_and_suffix() -> None:
    policy = compile_filter_policy({"store": [{"equals-ignore-case": "EXAMPLE_CORP"}],
                                    "event": [{"suffix": "_placed"}]})
    assert policy.matches(ATTRIBUTES)
    assert not policy.matches({**ATTRIBUTES, "event": attr("String", "order_cancelled")})


def test_or_across_attributes() -> None:
    policy = compile_filter_policy({
        "source": ["aws.cloudwatch"],
        "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}],
    })
    assert policy.matches({"source": attr("String", "aws.cloudwatch"),
                           "namespace": attr("String", "AWS/EC2")})
    assert not policy.matches({"source": attr("String", "aws.cloudwatch")})


def test_message_body_policies_nest() -> None:
    policy = compile_filter_policy(
        {"store": {"name": ["example_corp"]}, "items": {"price": [{"numeric": [">", 10]}]}},
        scope="MessageBody")
    body = {"store": {"name": "example_corp"}, "items": [{"price": 5}, {"price": 20}]}
    assert policy.matches(json.dumps(body))
    assert not policy.matches(json.dumps({**body, "items": [{"price": 5}]}))


def test_non_json_body_never_matches() -> None:
    policy = compile_filter_policy({"a": [{"exists": False}]}, scope="MessageBody")
    assert policy.matches("{}")
    assert not policy.matches("plain text")
    assert not policy.matches('["a"]')


def test_empty_policy_matches_everything() -> None:
    assert compile_filter_policy("{}").matches({})
    assert compile_filter_policy({}, scope="MessageBody").matches('{"a": 1}')


@pytest.mark.parametrize(("policy", "scope", "reason"), [
    ({"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]},
     "MessageAttributes", "FilterPolicy: Filter policy can not have more than 5 keys"),
    ({"a": list(range(151))}, "MessageAttributes", "FilterPolicy: Filter policy is too complex"),
    ({"a": list(range(10)), "b": list(range(16))}, "MessageAttributes",
     "FilterPolicy: Filter policy is too complex"),
    ({"store": {"name": ["x"]}}, "MessageAttributes",
     "Filter policy scope MessageAttributes does not support nested filter policy"),
    ({"store": "x"}, "MessageAttributes", 'FilterPolicy: "store" must be an object or an array'),
    ({"store": []}, "MessageBody", "FilterPolicy: Empty arrays are not allowed"),
    ({"store": [{"wildcard": "a*"}]}, "MessageAttributes",
     "FilterPolicy: Unrecognized match type wildcard"),
    ({"p": [{"numeric": ["<", "x"]}]}, "MessageAttributes",
     "FilterPolicy: Value of < must be numeric"),
    ({"p": [{"exists": None}]}, "MessageBody",
     "FilterPolicy: exists match pattern must be either true or false."),
    ({"a": ["b"]}, "Attributes",
     "FilterPolicyScope: Invalid value [Attributes]. Please use either MessageBody or "
     "MessageAttributes"),
])
def test_invalid_policies(policy: Any, scope: str, reason: str) -> None:
    with pytest.raises(PatternError) as err:
        compile_filter_policy(policy, scope)
    assert err.value.reason == reason
    assert err.value.message == "Invalid parameter: " + reason


def test_documented_nested_complexity_is_within_limits() -> None:
    """AWS counts 3 x 4 x 2 x 3 = 72 for its nested example; 150 is the limit."""
    from cloudlet.patterns.filter_policy import combinations
    from cloudlet.patterns.tree import Grammar

    def fail(reason: str) -> Any:
        raise AssertionError(reason)

    root = Grammar(fail).compile({
        "key_a": {"key_b": {"key_c": ["value_one", "value_two", "value_three", "value_four"]}},
        "key_d": {"key_e": ["value_one", "value_two", "value_three"]},
    })
    assert combinations(root) == 72


def test_invalid_json_policy() -> None:
    with pytest.raises(PatternError) as err:
        compile_filter_policy("{not json")
    assert err.value.message.startswith("Invalid parameter: FilterPolicy: failed to parse JSON.")


def test_documented_complexity_example_and_five_keys_are_accepted() -> None:
    """{key_a: 3 values, key_b: 1, key_c: 2} is 3 x 1 x 2 = 6 combinations; 5 keys are fine."""
    from cloudlet.patterns.filter_policy import combinations

    policy = compile_filter_policy({
        "key_a": ["value_one", "value_two", "value_three"],
        "key_b": ["value_one"],
        "key_c": ["value_one", "value_two"],
    })
    assert combinations(policy.root) == 6
    compile_filter_policy({k: ["x"] for k in "abcde"})
    compile_filter_policy({"a": list(range(150))})


def test_or_branches_add_up_in_the_complexity() -> None:
    from cloudlet.patterns.filter_policy import combinations

    policy = compile_filter_policy({"s": ["a", "b"], "$or": [{"x": ["1", "2", "3"]},
                                                            {"y": ["1"]}]})
    assert combinations(policy.root) == 2 * (3 + 1)
