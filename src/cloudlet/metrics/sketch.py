"""A compact value distribution for percentiles: log-scale buckets (as DDSketch).

A positive value ``v`` falls in bucket ``ceil(log(v) / log(GAMMA))``; the bucket's
representative value is within ``RELATIVE_ERROR`` (0.8 %) of every value in it, so a
percentile read from the buckets is within 1 % of the true one (clamped to the observed
minimum and maximum). Zero has a bucket of its own. CloudWatch answers no percentile for
data with negative values (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/
cloudwatch_concepts.html#Percentiles), so a negative value makes the sketch unusable
(``None``), and so does a statistic set that is not one repeated value.
"""

from __future__ import annotations

import math

import orjson

RELATIVE_ERROR = 0.008
GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR)
_LOG_GAMMA = math.log(GAMMA)
ZERO = -(2**31)  # the key of the zero bucket

Sketch = dict[int, float]


def key_of(value: float) -> int:
    if value == 0:
        return ZERO
    return math.ceil(math.log(value) / _LOG_GAMMA)


def value_of(key: int) -> float:
    if key == ZERO:
        return 0.0
    return 2 * GAMMA**key / (GAMMA + 1)


def add(sketch: Sketch, value: float, count: float = 1.0) -> None:
    key = key_of(value)
    sketch[key] = sketch.get(key, 0.0) + count


def merge(into: Sketch | None, other: Sketch | None) -> Sketch | None:
    if into is None or other is None:
        return None
    for key, count in other.items():
        into[key] = into.get(key, 0.0) + count
    return into


def percentile(sketch: Sketch, p: float, low: float, high: float) -> float | None:
    """The ``p``th percentile (0-100) of the values, within 1 %; None when empty."""
    total = sum(sketch.values())
    if total <= 0:
        return None
    rank = p / 100.0 * total
    seen = 0.0
    keys = sorted(sketch)
    for key in keys:
        seen += sketch[key]
        if seen >= rank:
            return min(high, max(low, value_of(key)))
    return min(high, max(low, value_of(keys[-1])))


def encode(sketch: Sketch | None) -> bytes | None:
    if sketch is None:
        return None
    flat: list[float] = []
    for key, count in sketch.items():
        flat.extend((key, count))
    return orjson.dumps(flat)


def decode(blob: bytes | None) -> Sketch | None:
    if blob is None:
        return None
    flat = orjson.loads(blob)
    return {int(flat[i]): float(flat[i + 1]) for i in range(0, len(flat), 2)}
