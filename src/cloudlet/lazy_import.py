"""Modules imported on first use: large libraries only a few requests need (PyJWT and
cryptography, jsonschema, PyYAML ...), so an idle server does not hold them.

    if TYPE_CHECKING:
        import jwt
    else:
        jwt = lazy_module("jwt")

The name then reads as the module does (``jwt.decode``, ``except jwt.PyJWTError``); the
import runs on the first attribute read (a submodule's too), and each attribute is kept
once read.
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        module = importlib.import_module(self._name)
        try:
            value = getattr(module, attribute)
        except AttributeError:  # a submodule not imported yet (``referencing.jsonschema``)
            value = importlib.import_module(f"{self._name}.{attribute}")
        setattr(self, attribute, value)
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> Any:
    return LazyModule(name)
