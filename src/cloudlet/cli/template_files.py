"""Reading and writing CloudFormation/SAM template files on the client side.

The CLI only needs a template as data to find local code paths (and the ``Transform``):
JSON, or YAML with CloudFormation's short forms (``!Ref``, ``!GetAtt A.B``, ``!Sub``, ...)
turned into their long forms, as CloudFormation reads them. A template the CLI does not
rewrite is sent as the user wrote it, so the server's errors keep its line numbers.

A light loader (PyYAML's C loader) rather than cfn-lint's decoder: cfn-lint takes ~0.8 s
to import, which would be most of an unchanged redeploy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Short-form tags whose long form is not "Fn::" + the tag.
_SPECIAL = {"Ref": "Ref", "Condition": "Condition"}
_TAGS = ("Ref", "Condition", "GetAtt", "Sub", "Join", "If", "Equals", "And", "Or", "Not",
         "Select", "Split", "FindInMap", "GetAZs", "Base64", "Cidr", "ImportValue", "Length",
         "ToJsonString", "Transform", "ForEach")


class TemplateLoader(_Loader):  # type: ignore[misc, valid-type]
    """YAML with CloudFormation's short-form intrinsic tags."""


def _construct(tag: str) -> Any:
    key = _SPECIAL.get(tag, f"Fn::{tag}")

    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        value: Any
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
            if tag == "GetAtt" and isinstance(value, str):
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        return {key: value}

    return construct


for _tag in _TAGS:
    TemplateLoader.add_constructor(f"!{_tag}", _construct(_tag))


def parse(text: str) -> dict[str, Any]:
    """A template's text (JSON or YAML) as a dict; a ``ValueError`` when it is neither."""
    stripped = text.lstrip()
    try:
        data = json.loads(text) if stripped.startswith("{") else yaml.load(text, TemplateLoader)  # noqa: S506
    except (ValueError, yaml.YAMLError) as error:
        raise ValueError(f"not a JSON or YAML template: {error}") from None
    if not isinstance(data, dict):
        raise ValueError("a template is a mapping at the top level")
    return data


def load(path: Path) -> dict[str, Any]:
    """The template in ``path``."""
    try:
        return parse(path.read_text())
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None


def is_sam(template: dict[str, Any]) -> bool:
    """Whether the template asks for the SAM transform."""
    transform = template.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    return any(isinstance(n, str) and n.startswith("AWS::Serverless") for n in names)


def dump(template: dict[str, Any]) -> str:
    """The template as JSON text (what the CLI sends and ``cloudlet package`` writes)."""
    return json.dumps(template, indent=2, default=str)
