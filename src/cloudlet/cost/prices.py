"""The price table: data (``prices.json``, with its date and region), easy to update.

Each price is USD per unit: a request, a request unit, a GB-second, a GB-month. To update,
edit the JSON (or point ``CLOUDLET_PRICES`` at another file of the same shape).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DEFAULT = Path(__file__).with_name("prices.json")


@dataclass(frozen=True, slots=True)
class PriceTable:
    date: str
    region: str
    currency: str
    source: str
    prices: dict[str, float]

    def __getitem__(self, key: str) -> float:
        return self.prices[key]


@cache
def load(path: str | None = None) -> PriceTable:
    """The table at ``path`` (default: ``CLOUDLET_PRICES`` or the packaged one)."""
    found = Path(path or os.environ.get("CLOUDLET_PRICES") or _DEFAULT)
    data = json.loads(found.read_text())
    return PriceTable(str(data["date"]), str(data["region"]), str(data.get("currency", "USD")),
                      str(data.get("source", "")),
                      {str(k): float(v) for k, v in data["prices"].items()})
