"""Resource providers, one module per AWS service (``lambda_.py``, ``dynamodb.py``, ...),
each registering its classes with ``@provider``; ``load()`` imports them all."""

from __future__ import annotations

import importlib
import pkgutil

from cloudlet.cloudformation.providers.base import Provider, registered


def load() -> dict[str, Provider]:
    """Every registered provider by resource type (importing the provider modules once)."""
    for info in pkgutil.iter_modules(__path__):
        if info.name != "base":
            importlib.import_module(f"{__name__}.{info.name}")
    return registered()
