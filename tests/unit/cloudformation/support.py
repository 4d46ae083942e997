"""Helpers for the template unit tests: evaluate a template synchronously with a fake
lookup that names what it was asked for."""

from __future__ import annotations

import asyncio
from typing import Any

from cloudlet.cloudformation.template import Evaluated, Pseudo, evaluate, parse_template

PSEUDO = Pseudo(account="123456789012", region="eu-west-1", stack_name="stack",
                stack_id="arn:aws:cloudformation:eu-west-1:123456789012:stack/stack/abc")


class FakeLookup:
    """Answers Ref with ``ref:{id}``, GetAtt with ``{id}.{attribute}``, and exports from
    a dict."""

    def __init__(self, exports: dict[str, str] | None = None) -> None:
        self.exports = exports or {}

    def ref(self, logical_id: str) -> Any:
        return f"ref:{logical_id}"

    def get_att(self, logical_id: str, attribute: str) -> Any:
        return f"{logical_id}.{attribute}"

    def import_value(self, export_name: str) -> str:
        return self.exports[export_name]


def run(template: dict[str, Any] | str, parameters: dict[str, str] | None = None,
        **kwargs: Any) -> Evaluated:
    if isinstance(template, str):
        template = parse_template(template, "template.yaml")
    return asyncio.run(evaluate(template, parameters or {}, PSEUDO, **kwargs))


def resolve(value: Any, template: dict[str, Any] | None = None,
            parameters: dict[str, str] | None = None, **kwargs: Any) -> Any:
    """``value`` resolved as the property ``P`` of a resource in ``template``."""
    base = dict(template or {})
    resources = dict(base.get("Resources") or {})
    resources["Subject"] = {"Type": "AWS::SNS::Topic", "Properties": {"P": value}}
    base["Resources"] = resources
    evaluated = run(base, parameters, **kwargs)
    props = evaluated.resolve(evaluated.resources["Subject"].properties, FakeLookup())
    return props.get("P", "<removed>")
