"""The Conditions section: each condition evaluated once, on demand, so conditions may
name each other in any order; a condition that (indirectly) names itself is an error.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
Conditions see parameters, pseudo parameters and mappings, never resources.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.cloudformation.template.intrinsics import Resolver


class Conditions:
    """Evaluates the template's Conditions with ``resolver`` (which has no resources)."""

    def __init__(self, declared: dict[str, Any], resolver: Resolver) -> None:
        self.declared = declared
        self.values: dict[str, bool] = {}
        self._active: list[str] = []
        self.resolver = replace(resolver, conditions=self.get, block="Conditions")

    def get(self, name: str) -> bool:
        """The value of condition ``name``."""
        if name in self.values:
            return self.values[name]
        if name not in self.declared:
            raise TemplateError(f"Template error: unresolved condition dependency {name} in "
                                "Fn::If" if not self._active else
                                f"Template format error: Unresolved condition dependencies "
                                f"[{name}] in the Conditions block of the template")
        if name in self._active:
            cycle = self._active[self._active.index(name):]
            raise TemplateError("Template format error: Circular condition dependency "
                                f"between conditions: [{', '.join(cycle)}]")
        self._active.append(name)
        try:
            value = self.resolver.resolve(self.declared[name])
        finally:
            self._active.pop()
        if not isinstance(value, bool):
            raise TemplateError(f"Template format error: Conditions can only be boolean "
                                f"operations on parameters and other conditions; condition "
                                f"{name} is not")
        self.values[name] = value
        return value

    def evaluate_all(self) -> dict[str, bool]:
        for name in self.declared:
            self.get(name)
        return dict(self.values)
