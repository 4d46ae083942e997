"""What a template fragment refers to, and the order resources must be made in.

A resource depends on every resource its properties name through ``Ref``, ``Fn::GetAtt``
or a ``${Name}`` / ``${Name.Attribute}`` in ``Fn::Sub`` (but not the Sub's own
variables), on those in the branch of ``Fn::If`` its condition picks, and on those its
``DependsOn`` lists. A name that is neither a parameter, a pseudo parameter nor a resource
is an error before anything is created, as are cycles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.cloudformation.template.intrinsics import (
    function_of,
    split_get_att,
    sub_parts,
    sub_references,
)


def referenced_names(value: Any, choose: Callable[[str], bool] | None = None) -> list[str]:
    """Every name ``value`` refers to (parameters, pseudo parameters and resources alike),
    in the order found; ``choose`` picks Fn::If branches (both when ``None``)."""
    found: list[str] = []
    _walk(value, choose, found)
    return list(dict.fromkeys(found))


def _walk(value: Any, choose: Callable[[str], bool] | None, found: list[str]) -> None:
    name = function_of(value)
    if name == "Ref":
        target = value[name]
        if isinstance(target, str):
            found.append(target)
        else:
            _walk(target, choose, found)
    elif name == "Fn::GetAtt":
        args = value[name]
        try:
            logical, attribute = split_get_att(args)
        except TemplateError:
            return
        found.append(str(logical))
        _walk(attribute, choose, found)
    elif name == "Fn::Sub":
        try:
            text, variables = sub_parts(value[name])
        except TemplateError:
            return
        for ref in sub_references(text):
            if ref not in variables:
                found.append(ref.split(".", 1)[0] if "." in ref and "::" not in ref else ref)
        _walk(list(variables.values()), choose, found)
    elif name == "Fn::If" and choose is not None:
        args = value[name]
        if isinstance(args, list) and len(args) == 3 and isinstance(args[0], str):
            _walk(args[1] if choose(args[0]) else args[2], choose, found)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, choose, found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, choose, found)


def check_references(names: Iterable[str], known: Iterable[str], block: str) -> None:
    """Raise AWS's "Unresolved resource dependencies [X]" for names not in ``known``."""
    known_set = set(known)
    missing = [name for name in dict.fromkeys(names) if name not in known_set]
    if missing:
        raise TemplateError(f"Template format error: Unresolved resource dependencies "
                            f"[{', '.join(missing)}] in the {block} block of the template")


def topological_order(graph: dict[str, set[str]]) -> list[str]:
    """Dependencies first, ties in declaration order; a cycle raises CloudFormation's
    "Circular dependency between resources: [...]" naming every resource it blocks."""
    remaining = {node: set(deps) & graph.keys() for node, deps in graph.items()}
    order: list[str] = []
    ready = [node for node in graph if not remaining[node]]
    while ready:
        node = ready.pop(0)
        order.append(node)
        for other in graph:
            deps = remaining[other]
            if node in deps:
                deps.discard(node)
                if not deps and other not in order and other not in ready:
                    ready.append(other)
    if len(order) < len(graph):
        blocked = [node for node in graph if node not in order]
        raise TemplateError(f"Circular dependency between resources: [{', '.join(blocked)}]")
    return order
