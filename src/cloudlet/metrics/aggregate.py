"""One minute of one metric: SampleCount, Sum, Minimum, Maximum and a value sketch."""

from __future__ import annotations

from dataclasses import dataclass, field

from cloudlet.metrics import sketch as sketches
from cloudlet.metrics.sketch import Sketch


@dataclass(slots=True)
class Aggregate:
    count: float = 0.0
    sum: float = 0.0
    min: float = float("inf")
    max: float = float("-inf")
    # None once a value it cannot hold arrived (see ``sketch``): no percentiles then.
    sketch: Sketch | None = field(default_factory=dict)

    def add(self, value: float, count: float = 1.0) -> None:
        """``count`` observations of ``value``."""
        self.count += count
        self.sum += value * count
        if value < self.min:
            self.min = value
        if value > self.max:
            self.max = value
        if self.sketch is not None:
            if value < 0:
                self.sketch = None
            else:
                sketches.add(self.sketch, value, count)

    def add_set(self, count: float, total: float, low: float, high: float) -> None:
        """A statistic set (SampleCount, Sum, Minimum, Maximum). Its values are unknown,
        so it keeps percentiles only when it is one value repeated."""
        self.count += count
        self.sum += total
        self.min = min(self.min, low)
        self.max = max(self.max, high)
        if self.sketch is not None:
            if low == high and low >= 0:
                sketches.add(self.sketch, low, count)
            else:
                self.sketch = None

    def merge(self, other: Aggregate) -> None:
        self.count += other.count
        self.sum += other.sum
        self.min = min(self.min, other.min)
        self.max = max(self.max, other.max)
        self.sketch = sketches.merge(self.sketch, other.sketch)
