"""One package per AWS service. Each exposes ``service`` (a ``cloudlet.server.service.Service``),
or ``services`` (a list, when one package serves several AWS APIs, as API Gateway's REST
and HTTP APIs share one data plane); the server finds them here, so a new service is one
more package and nothing else."""

from __future__ import annotations

import importlib
import pkgutil

from cloudlet.server.models import warm_loader
from cloudlet.server.service import Service, summarize


def discover() -> dict[str, Service]:
    found: dict[str, Service] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        declared = list(getattr(module, "services", []))
        single = getattr(module, "service", None)
        if single is not None:
            declared.append(single)
        for service in declared:
            found[service.name] = service
    summarize(found.values())
    warm_loader()
    return found
