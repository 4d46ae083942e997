"""The percentile sketch: within 1 % of the true percentile, mergeable, serializable."""

from __future__ import annotations

import random

import pytest

from cloudlet.metrics import sketch
from cloudlet.metrics.aggregate import Aggregate


def _true(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered)))
    return ordered[rank - 1]


@pytest.mark.parametrize("p", [1, 50, 90, 99, 99.9])
def test_percentiles_within_one_percent(p: float) -> None:
    rng = random.Random(7)
    values = [rng.lognormvariate(3, 1.5) for _ in range(20_000)]
    agg = Aggregate()
    for v in values:
        agg.add(v)
    assert agg.sketch is not None
    got = sketch.percentile(agg.sketch, p, agg.min, agg.max)
    assert got == pytest.approx(_true(values, p), rel=0.01)


def test_zero_and_merge_and_round_trip() -> None:
    a, b = Aggregate(), Aggregate()
    a.add(0.0, 3)
    b.add(10.0)
    a.merge(b)
    assert (a.count, a.sum, a.min, a.max) == (4, 10, 0, 10)
    decoded = sketch.decode(sketch.encode(a.sketch))
    assert decoded == a.sketch
    assert decoded is not None and sketch.percentile(decoded, 50, a.min, a.max) == 0.0


def test_negative_values_and_mixed_statistic_sets_have_no_percentiles() -> None:
    a = Aggregate()
    a.add(-1.0)
    assert a.sketch is None
    b = Aggregate()
    b.add_set(3, 11, 2, 5)
    assert b.sketch is None
    c = Aggregate()
    c.add_set(4, 8, 2, 2)
    assert c.sketch is not None and sketch.percentile(c.sketch, 99, 2, 2) == 2
