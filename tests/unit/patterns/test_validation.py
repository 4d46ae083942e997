"""Invalid event patterns: EventBridge's InvalidEventPatternException wording.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html (the reasons are
Event Ruler's, https://github.com/aws/event-ruler, passed on after "Event pattern is not valid.
Reason: ").
"""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.patterns import PatternError, compile_event_pattern


@pytest.mark.parametrize(("pattern", "reason"), [
    ([], "Filter is not an object"),
    ("[1]", "Filter is not an object"),
    ({}, "Empty objects are not allowed"),
    ({"detail": {}}, "Empty objects are not allowed"),
    ({"source": "aws.ec2"}, '"source" must be an object or an array'),
    ({"source": 5}, '"source" must be an object or an array'),
    ({"source": []}, "Empty arrays are not allowed"),
    ({"source": [["a"]]}, "Match value must be String, number, true, false, or null"),
    ({"source": [{}]}, "Match expression name not found"),
    ({"source": [{"prefix": "a", "suffix": "b"}]}, "Only one key allowed in match expression"),
    ({"source": [{"prefix": 5, "suffix": "b"}]}, "prefix match pattern must be a string"),
    ({"n": [{"numeric": [">", 1], "x": 1}]}, "Too many elements in numeric expression"),
    ({"n": [{"anything-but": "a", "x": 1}]}, "Too many elements in numeric expression"),
    ({"n": [{"exists": True, "x": 1}]}, "Only one key allowed in match expression"),
    ({"source": [{"prefixx": "a"}]}, "Unrecognized match type prefixx"),
    ({"source": [{"prefix": 5}]}, "prefix match pattern must be a string"),
    ({"source": [{"suffix": None}]}, "suffix match pattern must be a string"),
    ({"source": [{"equals-ignore-case": 1}]},
     "equals-ignore-case match pattern must be a string"),
    ({"source": [{"wildcard": ["a*"]}]}, "wildcard match pattern must be a string"),
    ({"source": [{"wildcard": "a**b"}]}, "Consecutive wildcard characters at pos 2"),
    ({"source": [{"wildcard": "a\\b"}]}, "Invalid escape character at pos 2"),
    ({"source": [{"wildcard": "é**"}]}, "Consecutive wildcard characters at pos 3"),
    ({"source": [{"wildcard": "ab\\"}]}, "Invalid escape character at pos 3"),
    ({"source": [{"exists": "true"}]}, "exists match pattern must be either true or false."),
    ({"source": [{"exactly": 1}]}, "exact match pattern must be a string"),
    ({"n": [{"numeric": 5}]}, "Value of numeric must be an array."),
    ({"n": [{"numeric": [5]}]}, "Invalid member in numeric match: 5"),
    ({"n": [{"numeric": ["!=", 5]}]}, "Unrecognized numeric range operator: !="),
    ({"n": [{"numeric": ["=", "5"]}]}, "Value of equals must be numeric"),
    ({"n": [{"numeric": [">", "a"]}]}, "Value of > must be numeric"),
    ({"n": [{"numeric": ["=", 5, "<", 6]}]}, "Too many elements in numeric expression"),
    ({"n": [{"numeric": ["<", 5, ">", 1]}]}, "Too many elements in numeric expression"),
    ({"n": [{"numeric": [">", 0, 5]}]}, "Bad value in numeric range: 5"),
    ({"n": [{"numeric": [">", 0, ">", 5]}]}, "Bad numeric range operator: >"),
    ({"n": [{"numeric": [">", 0, "<", "x"]}]}, "Value of < must be numeric"),
    ({"n": [{"numeric": [">", 5, "<", 1]}]}, "Bottom must be less than top"),
    ({"n": [{"numeric": [">", 0, "<", 5, 6]}]}, "Too many terms in numeric range expression"),
    ({"n": [{"numeric": [">", 6e9]}]}, "Value must be between -5.0E9 and 5.0E9, inclusive"),
    ({"s": [{"anything-but": True}]},
     "Value of anything-but must be an array or single string/number value."),
    ({"s": [{"anything-but": ["a", 1]}]},
     "Inside anything but list, either all values are number or string, "
     "mixed type is not supported"),
    ({"s": [{"anything-but": [None]}]},
     "Inside anything but list, start|null|boolean is not supported."),
    ({"s": [{"anything-but": {"prefix": ""}}]}, "Null prefix/suffix not allowed"),
    ({"s": [{"anything-but": {"prefix": 1}}]}, "prefix/suffix match pattern must be a string"),
    ({"s": [{"anything-but": {"contains": "a"}}]}, "Unsupported anything-but pattern: contains"),
    ({"s": [{"anything-but": {"equals-ignore-case": 5}}]},
     "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."),
    ({"s": [{"anything-but": {"equals-ignore-case": ["a", None]}}]},
     "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."),
    ({"s": [{"anything-but": {"prefix": True}}]},
     "Value of anything-but must be an array or single string/number value."),
    ({"s": [{"anything-but": {"prefix": ["a", ""]}}]}, "Null prefix/suffix not allowed"),
    ({"s": [{"anything-but": {"suffix": [1]}}]}, "prefix/suffix match pattern must be a string"),
    ({"s": [{"anything-but": {"wildcard": 1}}]}, "wildcard match pattern must be a string"),
    ({"s": [{"anything-but": {"wildcard": "a**"}}]}, "Consecutive wildcard characters at pos 2"),
    ({"s": [{"anything-but": {"prefix": "a", "suffix": "b"}}]},
     "Too many elements in numeric expression"),
    ({"s": [{"prefix": {}}]}, "Prefix expression name not found"),
    ({"s": [{"suffix": {}}]}, "Suffix expression name not found"),
    ({"s": [{"prefix": {"wildcard": "a"}}]}, "Unsupported prefix pattern: wildcard"),
    ({"s": [{"suffix": {"equals-ignore-case": 1}}]},
     "equals-ignore-case match pattern must be a string"),
    ({"s": [{"prefix": {"equals-ignore-case": "a", "x": 1}}]},
     "Only one key allowed in match expression"),
    ({"ip": [{"cidr": "10.0.0.0"}]}, "Malformed CIDR, one '/' required"),
    ({"ip": [{"cidr": "10.0.0.0/x"}]}, "Malformed CIDR, mask bits must be an integer"),
    ({"ip": [{"cidr": "10.0.0.0/-1"}]}, "Malformed CIDR, mask bits must not be negative"),
    ({"ip": [{"cidr": "10.0.0.0/32"}]}, "IPv4 mask bits must be < 32"),
    ({"ip": [{"cidr": "host/24"}]}, "Nonstandard IP address: host"),
    ({"ip": [{"cidr": 5}]}, "prefix match pattern must be a string"),
    ({"$or": {"a": ["b"]}}, "It must be an Array followed with $or."),
    ({"$or": [{"a": ["b"]}]}, "There must have at least 2 Objects in $or relationship."),
    ({"$or": [{"a": ["b"]}, "c"]}, "Only JSON object is allowed in array of $or relationship."),
    ({"$or": [{"a": ["b"]}, {"numeric": [1]}]},
     "numeric is Ruler reserved fieldName which cannot be used inside $or."),
])
def test_invalid_pattern_reason(pattern: Any, reason: str) -> None:
    with pytest.raises(PatternError) as err:
        compile_event_pattern(pattern)
    assert err.value.reason == reason
    assert err.value.message == f"Event pattern is not valid. Reason: {reason}"
    assert str(err.value) == err.value.message


def test_invalid_json_is_an_invalid_pattern() -> None:
    with pytest.raises(PatternError) as err:
        compile_event_pattern('{"source": ["aws.ec2"]')
    assert err.value.message.startswith("Event pattern is not valid. Reason: ")


def test_nan_is_not_json() -> None:
    with pytest.raises(PatternError):
        compile_event_pattern('{"n": [NaN]}')


def test_pattern_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="Event pattern is not valid"):
        compile_event_pattern({"a": "b"})
