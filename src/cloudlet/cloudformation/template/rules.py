"""The Rules section: assertions on parameter values, checked before anything is made.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html

A rule whose ``RuleCondition`` is false is skipped; otherwise each ``Assert`` must hold,
or the operation is refused with the assertion's ``AssertDescription``. Rule functions:
Fn::And, Fn::Or, Fn::Not, Fn::Equals, Fn::If (via the intrinsics), Fn::Contains,
Fn::EachMemberEquals, Fn::EachMemberIn, Ref to parameters.

LIMITATIONS: Fn::RefAll, Fn::ValueOf and Fn::ValueOfAll (which read the account's
resources by parameter type) are not supported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.cloudformation.template.intrinsics import Resolver
from cloudlet.cloudformation.template.parameters import scalar


def _pair(name: str, args: Any) -> tuple[Any, Any]:
    if not isinstance(args, list) or len(args) != 2:
        raise TemplateError(f"Template format error: every {name} object requires a list of "
                            "2 parameters")
    return args[0], args[1]


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [scalar(v) for v in items]


@dataclass
class RuleResolver(Resolver):
    """The intrinsics plus the functions only Rules may use."""

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and len(value) == 1:
            name = str(next(iter(value)))
            rule = _RULE_FUNCTIONS.get(name)
            if rule is not None:
                return rule(self, value[name])
        return super().resolve(value)

    def contains(self, args: Any) -> bool:
        items, item = _pair("Fn::Contains", args)
        return scalar(self.resolve(item)) in _strings(self.resolve(items))

    def each_member_equals(self, args: Any) -> bool:
        items, item = _pair("Fn::EachMemberEquals", args)
        wanted = scalar(self.resolve(item))
        return all(value == wanted for value in _strings(self.resolve(items)))

    def each_member_in(self, args: Any) -> bool:
        items, allowed = _pair("Fn::EachMemberIn", args)
        permitted = set(_strings(self.resolve(allowed)))
        return all(value in permitted for value in _strings(self.resolve(items)))


def _unsupported(name: str) -> Callable[[RuleResolver, Any], Any]:
    def fail(resolver: RuleResolver, args: Any) -> Any:
        raise TemplateError(f"not supported: {name} in Rules")
    return fail


_RULE_FUNCTIONS: dict[str, Callable[[RuleResolver, Any], Any]] = {
    "Fn::Contains": RuleResolver.contains,
    "Fn::EachMemberEquals": RuleResolver.each_member_equals,
    "Fn::EachMemberIn": RuleResolver.each_member_in,
    "Fn::RefAll": _unsupported("Fn::RefAll"),
    "Fn::ValueOf": _unsupported("Fn::ValueOf"),
    "Fn::ValueOfAll": _unsupported("Fn::ValueOfAll"),
}


def check_rules(template: dict[str, Any], base: Resolver) -> None:
    """Raise the first failing assertion's description (rules in template order)."""
    rules = template.get("Rules") or {}
    if not isinstance(rules, dict):
        raise TemplateError("Template format error: Rules must be an object.")
    resolver = RuleResolver(base.parameters, base.pseudo, base.mappings,
                            extensions=base.extensions, block="Rules")
    for name, rule in rules.items():
        if not isinstance(rule, dict) or not isinstance(rule.get("Assertions"), list):
            raise TemplateError(f"Template format error: Every Rules member {name} must "
                                "contain an Assertions list")
        if "RuleCondition" in rule and not _truth(resolver, rule["RuleCondition"], name):
            continue
        for assertion in rule["Assertions"]:
            if not isinstance(assertion, dict) or "Assert" not in assertion:
                raise TemplateError(f"Template format error: Every Assertions member of rule "
                                    f"{name} must contain an Assert")
            if not _truth(resolver, assertion["Assert"], name):
                raise TemplateError(str(assertion.get("AssertDescription")
                                        or f"Template error: rule {name} assertion failed"))


def _truth(resolver: RuleResolver, value: Any, name: str) -> bool:
    result = resolver.resolve(value)
    if not isinstance(result, bool):
        raise TemplateError(f"Template format error: rule {name} must evaluate to true or "
                            "false")
    return result
