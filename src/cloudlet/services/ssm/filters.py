"""ParameterFilters and the older Filters, as DescribeParameters and GetParametersByPath
apply them.

https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ParameterStringFilter.html
- Keys: ``Name``, ``Type``, ``KeyId``, ``Path``, ``Tier``, ``DataType``, ``Label`` and
  ``tag:KEY`` (DescribeParameters); GetParametersByPath takes only ``Type``, ``KeyId``,
  ``Label`` and ``tag:KEY``.
- Options: ``Equals`` (the default) for every key, ``BeginsWith`` for Name and Type,
  ``Contains`` for Name, ``Recursive``/``OneLevel`` (the default) for Path. A value
  matches when any of ``Values`` matches; ``tag:KEY`` without values matches any value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cloudlet.services.ssm.errors import InvalidFilterKey, InvalidFilterOption, InvalidFilterValue

Match = Callable[[dict[str, Any], dict[str, Any]], bool]

_OPTIONS = {"Name": ("Equals", "BeginsWith", "Contains"), "Type": ("Equals", "BeginsWith"),
            "KeyId": ("Equals",), "Tier": ("Equals",), "DataType": ("Equals",),
            "Label": ("Equals",), "Path": ("Recursive", "OneLevel")}
BY_PATH_KEYS = ("Type", "KeyId", "Label")


def _field(key: str, param: dict[str, Any], version: dict[str, Any]) -> list[str]:
    if key == "Name":
        return [param["Name"]]
    if key == "Label":
        return list(version.get("Labels") or [])
    if key.startswith("tag:"):
        tags = param.get("Tags") or {}
        return [tags[key[4:]]] if key[4:] in tags else []
    value = version.get(key)
    return [] if value is None else [str(value)]


def _compare(option: str, have: str, want: str) -> bool:
    if option == "BeginsWith":
        return have.startswith(want)
    if option == "Contains":
        return want in have
    return have == want


def _in_path(name: str, path: str, option: str) -> bool:
    base = path.rstrip("/") + "/" if path != "/" else "/"
    if path == "/" and option == "Recursive":
        return True
    if not name.startswith(base):
        return False
    return option == "Recursive" or "/" not in name[len(base):]


def compile_filters(filters: list[dict[str, Any]], *, keys: tuple[str, ...] | None = None
                    ) -> list[Match]:
    """Each ParameterStringFilter as a predicate over (parameter, its current version)."""
    matches: list[Match] = []
    for spec in filters:
        key, values = spec["Key"], list(spec.get("Values") or [])
        is_tag = key.startswith("tag:")
        if (keys is not None and key not in keys and not is_tag) or \
                (not is_tag and key not in _OPTIONS):
            raise InvalidFilterKey(f"The following filter key is not valid: {key}. Valid"
                                   f" filter keys include: [{', '.join(keys or _OPTIONS)}].")
        option = spec.get("Option") or ("OneLevel" if key == "Path" else "Equals")
        if option not in _OPTIONS.get(key, ("Equals",)):
            raise InvalidFilterOption(f"The following filter option is not valid: {option}."
                                      f" Valid options include: {list(_OPTIONS.get(key, []))}.")
        if not values and not is_tag:
            raise InvalidFilterValue(f"The following filter values are missing : null for"
                                     f" filter key {key}.")
        matches.append(_matcher(key, option, values))
    return matches


def _matcher(key: str, option: str, values: list[str]) -> Match:
    if key == "Path":
        return lambda p, _v: any(_in_path(p["Name"], path, option) for path in values)
    if key.startswith("tag:") and not values:
        return lambda p, v: bool(_field(key, p, v))
    return lambda p, v: any(_compare(option, have, want)
                            for have in _field(key, p, v) for want in values)


def compile_legacy(filters: list[dict[str, Any]]) -> list[Match]:
    """DescribeParameters' older ``Filters`` (Name, Type, KeyId; Name matches by prefix)."""
    return [_matcher(f["Key"], "BeginsWith" if f["Key"] == "Name" else "Equals",
                     list(f["Values"])) for f in filters]
