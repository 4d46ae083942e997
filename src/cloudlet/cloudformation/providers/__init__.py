"""Resource providers, one module per AWS service (``lambda_.py``, ``dynamodb.py``, ...),
each registering its classes with ``@provider``; ``load()`` imports them all."""

from __future__ import annotations

import importlib
import logging
import pkgutil

from cloudlet.cloudformation.providers.base import Provider, registered

log = logging.getLogger("cloudlet")


def load() -> dict[str, Provider]:
    """Every provider module imported (a module that fails to import is logged and left
    out, so one broken provider cannot take the server down: its types then fail as not
    supported); the registered providers by type."""
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base":
            continue
        try:
            importlib.import_module(f"{__name__}.{info.name}")
        except Exception:
            log.exception("cloudformation: provider module %s failed to import", info.name)
    return registered()
