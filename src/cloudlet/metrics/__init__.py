"""Metrics as CloudWatch keeps them: per-minute aggregates in each account and region's
SQLite store, written by PutMetricData and by the services' own emissions.

- ``emit(state, account, region, namespace, name, dimensions, value, unit)``: the seam
  services call on their request paths (in memory; flushed every second, ``recorder``).
- ``stats.read(...)``/``stats.total(...)``: datapoints and totals for readers (the console,
  ``cloudlet metrics``, the cost estimate).
- ``standard``: the names, dimensions and units of AWS's own metrics, one helper per service.
"""

from __future__ import annotations

from cloudlet.metrics.recorder import emit, flush

__all__ = ["emit", "flush"]
