"""Intrinsic functions: one resolver that turns a template fragment into plain values.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html

The same ``Resolver`` serves every context: conditions and ForEach collections (no
resources, no lookup), resource properties and outputs (resources answered by the
engine's ``Lookup``). ``Ref: AWS::NoValue`` resolves to ``NO_VALUE``, which removes the
key or list item that holds it. ``Fn::Length``, ``Fn::ToJsonString`` and
``Fn::FindInMap``'s ``DefaultValue`` need the ``AWS::LanguageExtensions`` transform, as
on AWS. Errors are worded as CloudFormation words them ("Template error: ...").

LIMITATIONS: ``Fn::Transform`` (macros, ``AWS::Include``) is not supported;
``Fn::GetAZs`` answers the region's a, b and c zones.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.cloudformation.template.model import Lookup, Pseudo
from cloudlet.cloudformation.template.parameters import scalar


class _NoValue:
    """``Ref: AWS::NoValue``: removes the property or list item that holds it."""

    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE: Any = _NoValue()
SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
FUNCTIONS = frozenset({
    "Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::GetAZs",
    "Fn::Base64", "Fn::Cidr", "Fn::ImportValue", "Fn::FindInMap", "Fn::If", "Fn::Equals",
    "Fn::And", "Fn::Or", "Fn::Not", "Fn::Length", "Fn::ToJsonString", "Fn::Transform",
})
_EXTENSIONS = frozenset({"Fn::Length", "Fn::ToJsonString"})


def function_of(value: Any) -> str | None:
    """The intrinsic a one-key mapping calls (``{"Fn::Join": [...]}`` -> ``Fn::Join``)."""
    if isinstance(value, dict) and len(value) == 1:
        name = next(iter(value))
        if name in FUNCTIONS or (name == "Condition" and isinstance(value[name], str)):
            return str(name)
    return None


def split_get_att(args: Any) -> tuple[Any, Any]:
    """``Fn::GetAtt``'s (logical id, attribute) from ``"A.B.C"`` or ``[A, "B.C"]``."""
    if isinstance(args, str) and "." in args:
        logical, attribute = args.split(".", 1)
        return logical, attribute
    if isinstance(args, list) and len(args) == 2 and isinstance(args[0], str):
        return args[0], args[1]
    raise TemplateError("Template error: every Fn::GetAtt object requires two non-empty "
                        "parameters, the resource name and the resource attribute")


def sub_parts(args: Any) -> tuple[str, dict[str, Any]]:
    """``Fn::Sub``'s template string and variables map, from either form."""
    if isinstance(args, str):
        return args, {}
    if (isinstance(args, list) and len(args) == 2 and isinstance(args[0], str)
            and isinstance(args[1], dict)):
        return args[0], dict(args[1])
    raise TemplateError("Template error: One or more Fn::Sub intrinsic functions don't "
                        "specify expected arguments. Specify a string as first argument, and "
                        "an optional second argument to specify a mapping of values to "
                        "replace in the string")


def sub_references(text: str) -> list[str]:
    """The variable names ``${...}`` in a Sub string (``${!Literal}`` is not one)."""
    return [name.strip() for name in SUB_VARIABLE.findall(text) if not name.startswith("!")]


def unsupported_function(name: str, extensions: bool) -> TemplateError:
    """CloudFormation's answer to a function it does not have (or not without the
    AWS::LanguageExtensions transform)."""
    known = sorted(FUNCTIONS - {"Ref", "Fn::Transform"} - (set() if extensions else _EXTENSIONS))
    return TemplateError(f"Template format error: Encountered unsupported function: {name} "
                         f"Supported functions are: [{', '.join(known)}]")


def _join_error() -> TemplateError:
    return TemplateError(
        "Template error: every Fn::Join object requires two parameters, (1) a string "
        "delimiter and (2) a list of strings to be joined or a function that returns a list "
        "of strings (such as Fn::GetAZs) to be joined.")


@dataclass
class Resolver:
    """Evaluates intrinsics against parameters, pseudo parameters, mappings, conditions
    and (when given) the engine's lookup for resources."""

    parameters: Mapping[str, Any]
    pseudo: Pseudo
    mappings: Mapping[str, Any] = field(default_factory=dict)
    conditions: Callable[[str], bool] | None = None
    resources: frozenset[str] = frozenset()
    lookup: Lookup | None = None
    extensions: bool = False
    # Where the value comes from, for errors ("Resources", "Conditions", "Outputs").
    block: str = "Resources"

    def resolve(self, value: Any) -> Any:
        """``value`` with every intrinsic evaluated and ``AWS::NoValue`` removed."""
        name = function_of(value)
        if name is not None:
            return self.call(name, value[name])
        if isinstance(value, dict):
            if len(value) == 1 and str(next(iter(value))).startswith("Fn::"):
                raise unsupported_function(str(next(iter(value))), self.extensions)
            out: dict[str, Any] = {}
            for key, item in value.items():
                resolved = self.resolve(item)
                if resolved is not NO_VALUE:
                    out[str(key)] = resolved
            return out
        if isinstance(value, list):
            items = [self.resolve(item) for item in value]
            return [item for item in items if item is not NO_VALUE]
        if isinstance(value, str):
            return str(value)
        return value

    def call(self, name: str, args: Any) -> Any:
        if name in _EXTENSIONS and not self.extensions:
            raise unsupported_function(name, self.extensions)
        return _HANDLERS[name](self, args)

    # -- references ---------------------------------------------------------------------

    def ref(self, args: Any) -> Any:
        target = self.resolve(args) if function_of(args) else args
        if not isinstance(target, str):
            raise TemplateError("Template error: every Ref object must have a single String "
                                "value.")
        if target == "AWS::NoValue":
            return NO_VALUE
        pseudo = self.pseudo.values()
        if target in pseudo:
            return pseudo[target]
        if target in self.parameters:
            return self.parameters[target]
        if target in self.resources and self.lookup is not None:
            return self.lookup.ref(target)
        raise self.unresolved(target)

    def get_att(self, args: Any) -> Any:
        logical, attribute = split_get_att(args)
        attribute = self.resolve(attribute)
        if not isinstance(attribute, str) or not attribute:
            raise TemplateError("Template error: every Fn::GetAtt object requires two "
                                "non-empty parameters, the resource name and the resource "
                                "attribute")
        if logical not in self.resources:
            raise TemplateError(f"Template error: instance of Fn::GetAtt references undefined "
                                f"resource {logical}")
        if self.lookup is None:
            raise self.unresolved(logical)
        return self.lookup.get_att(logical, attribute)

    def unresolved(self, name: str) -> TemplateError:
        if self.block == "Conditions":
            return TemplateError(f"Template format error: Unresolved dependencies [{name}]. "
                                 "Cannot reference resources in the Conditions block of the "
                                 "template")
        return TemplateError(f"Template format error: Unresolved resource dependencies "
                             f"[{name}] in the {self.block} block of the template")

    def sub(self, args: Any) -> str:
        text, variables = sub_parts(args)
        values = {key: self.resolve(item) for key, item in variables.items()}

        def replace(found: re.Match[str]) -> str:
            name = found[1]
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            name = name.strip()
            if name in values:
                value = values[name]
            elif "." in name and name.split(".", 1)[0] in self.resources:
                value = self.get_att(name)
            else:
                value = self.ref(name)
            if isinstance(value, list) and name in ("AWS::NotificationARNs",):
                value = ",".join(value)
            if isinstance(value, (dict, list)) or value is NO_VALUE:
                raise TemplateError(f"Template error: variable {name} in Fn::Sub expression "
                                    "does not resolve to a string")
            return scalar(value)

        return SUB_VARIABLE.sub(replace, text)

    def import_value(self, args: Any) -> str:
        name = self.resolve(args)
        if not isinstance(name, str):
            raise TemplateError("Template error: the Fn::ImportValue function requires a "
                                "string export name")
        if self.lookup is None:
            raise TemplateError("Template error: Fn::ImportValue cannot be used here")
        return self.lookup.import_value(name)

    # -- strings and lists ----------------------------------------------------------------

    def join(self, args: Any) -> str:
        if not isinstance(args, list) or len(args) != 2:
            raise _join_error()
        delimiter, items = self.resolve(args[0]), self.resolve(args[1])
        if not isinstance(delimiter, str) or not isinstance(items, list):
            raise _join_error()
        if any(isinstance(item, (dict, list)) for item in items):
            raise _join_error()
        return delimiter.join(scalar(item) for item in items)

    def select(self, args: Any) -> Any:
        if not isinstance(args, list) or len(args) != 2:
            raise TemplateError("Template error: Fn::Select requires a list argument with two "
                                "elements: an integer index and a list")
        index, items = self.resolve(args[0]), self.resolve(args[1])
        try:
            position = int(scalar(index))
        except ValueError:
            raise TemplateError("Template error: Fn::Select requires a list argument with two "
                                "elements: an integer index and a list") from None
        if not isinstance(items, list):
            raise TemplateError("Template error: Fn::Select requires a list argument with two "
                                "elements: an integer index and a list")
        if not 0 <= position < len(items):
            raise TemplateError(f"Template error: Fn::Select cannot select nonexistent value "
                                f"at index {position}")
        return items[position]

    def split(self, args: Any) -> list[str]:
        wrong = TemplateError(
            "Template error: every Fn::Split object requires two parameters, (1) a string "
            "delimiter and (2) a string to be split or a function that returns a string to be "
            "split.")
        if not isinstance(args, list) or len(args) != 2:
            raise wrong
        delimiter, text = self.resolve(args[0]), self.resolve(args[1])
        if not isinstance(delimiter, str) or not delimiter or not isinstance(text, str):
            raise wrong
        return text.split(delimiter)

    def get_azs(self, args: Any) -> list[str]:
        region = self.resolve(args) if args is not None else ""
        if not isinstance(region, str):
            raise TemplateError("Template error: Fn::GetAZs requires a region name string")
        region = region or self.pseudo.region
        return [f"{region}{zone}" for zone in "abc"]

    def base64(self, args: Any) -> str:
        text = self.resolve(args)
        if isinstance(text, (dict, list)):
            raise TemplateError("Template error: every Fn::Base64 object requires a string "
                                "parameter")
        return base64.b64encode(scalar(text).encode()).decode()

    def cidr(self, args: Any) -> list[str]:
        wrong = TemplateError("Template error: Fn::Cidr requires a list argument with an IP "
                              "block, a count and a number of subnet bits")
        values = self.resolve(args)
        if not isinstance(values, list) or len(values) not in (2, 3):
            raise wrong
        try:
            network = ipaddress.ip_network(scalar(values[0]), strict=False)
            count = int(scalar(values[1]))
            bits = int(scalar(values[2])) if len(values) == 3 else network.max_prefixlen // 4
        except ValueError:
            raise wrong from None
        prefix = network.max_prefixlen - bits
        if not network.prefixlen <= prefix <= network.max_prefixlen or not 1 <= count <= 256:
            raise wrong
        subnets: list[str] = []
        for subnet in network.subnets(new_prefix=prefix):
            if len(subnets) == count:
                break
            subnets.append(str(subnet))
        if len(subnets) < count:
            raise wrong
        return subnets

    def find_in_map(self, args: Any) -> Any:
        wrong = TemplateError("Template error: every Fn::FindInMap object requires three "
                              "parameters, the map name, map key and the attribute for return "
                              "value")
        if not isinstance(args, list) or len(args) not in (3, 4):
            raise wrong
        default: Any = None
        has_default = False
        if len(args) == 4:
            option = args[3]
            if (not self.extensions or not isinstance(option, dict)
                    or set(option) != {"DefaultValue"}):
                raise wrong
            has_default, default = True, option["DefaultValue"]
        keys = [self.resolve(arg) for arg in args[:3]]
        if not all(isinstance(key, (str, int)) for key in keys):
            raise wrong
        name, top, second = (scalar(key) for key in keys)
        mapping = self.mappings.get(name)
        if mapping is None and not has_default:
            raise TemplateError(f"Template error: Mapping named '{name}' is not present in the "
                                "'Mappings' section of template")
        level = mapping.get(top) if isinstance(mapping, dict) else None
        found = level.get(second) if isinstance(level, dict) else None
        if found is None:
            if has_default:
                return self.resolve(default)
            raise TemplateError(f"Template error: Unable to get mapping for "
                                f"{name}::{top}::{second}")
        return self.resolve(found)

    # -- conditions -------------------------------------------------------------------

    def condition(self, args: Any) -> bool:
        if not isinstance(args, str):
            raise TemplateError("Template error: Condition must be a string")
        if self.conditions is None:
            raise TemplateError(f"Template error: unresolved condition dependency {args}")
        return self.conditions(args)

    def if_(self, args: Any) -> Any:
        if not isinstance(args, list) or len(args) != 3 or not isinstance(args[0], str):
            raise TemplateError("Template error: Fn::If requires a list argument with three "
                                "elements")
        if self.conditions is None:
            raise TemplateError(f"Template error: unresolved condition dependency {args[0]} "
                                "in Fn::If")
        chosen = args[1] if self.conditions(args[0]) else args[2]
        return self.resolve(chosen)

    def equals(self, args: Any) -> bool:
        if not isinstance(args, list) or len(args) != 2:
            raise TemplateError("Template error: every Fn::Equals object requires a list of 2 "
                                "string parameters.")
        left, right = (self.resolve(arg) for arg in args)
        return bool(_comparable(left) == _comparable(right))

    def boolean(self, name: str, args: Any) -> list[bool]:
        low = 1 if name == "Fn::Not" else 2
        high = 1 if name == "Fn::Not" else 10
        if not isinstance(args, list) or not low <= len(args) <= high:
            what = ("a list of 1 condition" if name == "Fn::Not"
                    else "a list of at least 2 and at most 10 conditions")
            raise TemplateError(f"Template error: every {name} object requires {what}")
        values = [self.resolve(arg) for arg in args]
        if not all(isinstance(v, bool) for v in values):
            raise TemplateError(f"Template error: every {name} object requires conditions "
                                "(Condition, Fn::Equals, Fn::And, Fn::Or or Fn::Not)")
        return values

    # -- language extensions ---------------------------------------------------------

    def length(self, args: Any) -> int:
        items = self.resolve(args)
        if not isinstance(items, list):
            raise TemplateError("Template error: Fn::Length requires a list argument")
        return len(items)

    def to_json_string(self, args: Any) -> str:
        value = self.resolve(args)
        if not isinstance(value, (dict, list)):
            raise TemplateError("Template error: Fn::ToJsonString requires an object or a "
                                "list argument")
        return json.dumps(value, separators=(",", ":"))


def _comparable(value: Any) -> Any:
    """Fn::Equals compares scalars as the strings CloudFormation reads them as."""
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return scalar(value)


def _transform(resolver: Resolver, args: Any) -> Any:
    raise TemplateError("not supported: Fn::Transform (template macros)")


_HANDLERS: dict[str, Callable[[Resolver, Any], Any]] = {
    "Ref": Resolver.ref,
    "Fn::GetAtt": Resolver.get_att,
    "Fn::Sub": Resolver.sub,
    "Fn::Join": Resolver.join,
    "Fn::Select": Resolver.select,
    "Fn::Split": Resolver.split,
    "Fn::GetAZs": Resolver.get_azs,
    "Fn::Base64": Resolver.base64,
    "Fn::Cidr": Resolver.cidr,
    "Fn::ImportValue": Resolver.import_value,
    "Fn::FindInMap": Resolver.find_in_map,
    "Condition": Resolver.condition,
    "Fn::If": Resolver.if_,
    "Fn::Equals": Resolver.equals,
    "Fn::And": lambda r, args: all(r.boolean("Fn::And", args)),
    "Fn::Or": lambda r, args: any(r.boolean("Fn::Or", args)),
    "Fn::Not": lambda r, args: not r.boolean("Fn::Not", args)[0],
    "Fn::Length": Resolver.length,
    "Fn::ToJsonString": Resolver.to_json_string,
    "Fn::Transform": _transform,
}
