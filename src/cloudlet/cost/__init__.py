"""What the recorded usage would cost on AWS: ``estimate(state, account, region,
window="hour"|"day")`` -> ``Estimate`` (lines per service and resource, totals, a monthly
projection), priced from ``prices.json`` (data, with its date and region)."""

from __future__ import annotations

from cloudlet.cost.estimate import Estimate, Line, estimate, price
from cloudlet.cost.prices import PriceTable, load

__all__ = ["Estimate", "Line", "PriceTable", "estimate", "load", "price"]
