"""``Fn::ForEach`` of the ``AWS::LanguageExtensions`` transform, expanded before anything
else is evaluated, in Conditions, Resources (and their properties) and Outputs.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-foreach.html

    Fn::ForEach::Topics:            # a unique loop name
      - TopicName                   # the identifier
      - [Success, Failure]          # the collection (or a Ref to a list parameter)
      - SnsTopic${TopicName}:       # fragment: keys use ${Id} or &{Id} (alphanumerics only)
          Type: AWS::SNS::Topic
          Properties: {TopicName: !Ref TopicName}

In the fragment, ``Ref: Id`` and every ``${Id}`` (``&{Id}``: alphanumerics only) in its
keys and strings become the item, as the transform's documentation says; loops nest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.cloudformation.template.intrinsics import function_of

PREFIX = "Fn::ForEach::"


def expand(value: Any, collection: Callable[[Any], Any]) -> Any:
    """``value`` with every ForEach loop in it expanded; ``collection`` resolves a loop's
    collection (a list, or an intrinsic that answers one)."""
    if isinstance(value, list):
        return [expand(item, collection) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(key, str) and key.startswith(PREFIX):
            for new_key, new_value in _loop(key, item, collection).items():
                if new_key in out:
                    raise TemplateError(f"Template format error: {key} generates the key "
                                        f"{new_key}, which is already defined")
                out[new_key] = new_value
        else:
            out[key] = expand(item, collection)
    return out


def _loop(name: str, args: Any, collection: Callable[[Any], Any]) -> dict[str, Any]:
    if (not isinstance(args, list) or len(args) != 3 or not isinstance(args[0], str)
            or not isinstance(args[2], dict)):
        raise TemplateError(f"Template format error: {name} must be a list of an identifier, "
                            "a collection and an output fragment")
    identifier, items, fragment = args
    values = collection(items)
    if not isinstance(values, list) or not all(isinstance(v, (str, int)) for v in values):
        raise TemplateError(f"Template format error: {name} collection must be a list of "
                            "strings")
    out: dict[str, Any] = {}
    for item in values:
        text = str(item)
        for key, body in _substitute(fragment, identifier, text).items():
            if isinstance(key, str) and key.startswith(PREFIX):
                generated = _loop(key, body, collection)
            else:
                generated = {key: expand(body, collection)}
            for new_key, new_value in generated.items():
                if new_key in out:
                    raise TemplateError(f"Template format error: {name} generates the key "
                                        f"{new_key} more than once")
                out[new_key] = new_value
    return out


def _substitute(value: Any, identifier: str, item: str) -> Any:
    """The fragment for one item: every ``${Id}`` and ``&{Id}`` in its keys and strings
    replaced (the latter by the item's alphanumerics only), ``Ref: Id`` by the item."""
    if isinstance(value, str):
        return (value.replace("${" + identifier + "}", item)
                .replace("&{" + identifier + "}", re.sub(r"[^A-Za-z0-9]", "", item)))
    if function_of(value) == "Ref" and value["Ref"] == identifier:
        return item
    if isinstance(value, dict):
        return {_substitute(k, identifier, item): _substitute(v, identifier, item)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, identifier, item) for v in value]
    return value
