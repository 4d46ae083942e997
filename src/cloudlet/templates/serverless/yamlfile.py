"""Reading serverless.yml: YAML with CloudFormation's short tags (``!Ref``, ``!GetAtt``,
``!Sub`` ...), which the framework accepts and turns into their long ``Fn::`` forms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from cloudlet.templates.serverless.errors import ServerlessError

FUNCTIONS = ("Base64", "Cidr", "FindInMap", "GetAZs", "If", "ImportValue", "Join", "Select",
             "Split", "Sub", "Transform", "And", "Equals", "Not", "Or", "Length", "ToJsonString")


class _Loader(yaml.SafeLoader):
    """SafeLoader plus CloudFormation tags; one class so the tags do not leak into yaml."""


def _node_value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]


def _tag(name: str) -> Any:
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        value = _node_value(loader, node)
        if name == "Ref":
            return {"Ref": value}
        if name == "Condition":
            return {"Condition": value}
        if name == "GetAtt" and isinstance(value, str):
            return {"Fn::GetAtt": value.split(".", 1)}
        return {f"Fn::{name}": value}
    return construct


for _name in (*FUNCTIONS, "Ref", "Condition", "GetAtt"):
    _Loader.add_constructor(f"!{_name}", _tag(_name))


def read_config(path: Path) -> Any:
    """The parsed file (YAML or JSON by extension); syntax errors name the file and line."""
    text = path.read_text()
    try:
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, json.JSONDecodeError) as err:
        raise ServerlessError(f"Cannot parse \"{path.name}\": {err}", "CONFIGURATION_PARSE_ERROR") \
            from err
