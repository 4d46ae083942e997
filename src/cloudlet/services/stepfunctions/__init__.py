"""AWS Step Functions: state machines in the Amazon States Language, run durably.

https://docs.aws.amazon.com/step-functions/latest/apireference/Welcome.html
https://states-language.net/spec.html

- ``language/``: the data side of the language, pure functions: JSONPath paths, payload
  templates and intrinsics, JSONata expressions, Choice rules, each state's input/output
  processing.
- ``machines.py`` and ``operations/``: state machines, versions, aliases, activities, tags,
  validation (the control-plane records).
- ``engine/``: executions: the interpreter, its SQLite journal (every transition committed
  before the next starts), timers on the durable queue, recovery after a restart, history.
- ``integrations/``: Task resources (Lambda, optimized integrations, ``aws-sdk:*``,
  activities), reached only through ``internal.call``.
"""

from __future__ import annotations

import importlib
import logging

from cloudlet.services.stepfunctions.registry import service

log = logging.getLogger("cloudlet")

for _module in ("operations.machines", "operations.activities", "operations.executions",
                "operations.tasks", "operations.isolated", "operations.map_runs",
                "engine.workers"):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["service"]
