"""Alias rules (cloudlet.services.lambda_.aliases)."""

from __future__ import annotations

import pytest

from cloudlet.services.lambda_.aliases import pick, routing, versions_of
from cloudlet.services.lambda_.errors import InvalidParameterValueException


def test_no_weights_means_no_routing() -> None:
    assert routing("1", None) is None
    assert routing("1", {"AdditionalVersionWeights": {}}) is None
    assert routing("1", {"AdditionalVersionWeights": {"2": 0.5}}) == {"AdditionalVersionWeights": {"2": 0.5}}


@pytest.mark.parametrize(("version", "weights"), [
    ("1", {"1": 0.5}), ("$LATEST", {"1": 0.5}), ("1", {"2": 0.1, "3": 0.1})])
def test_invalid_routing_is_refused(version: str, weights: dict[str, float]) -> None:
    with pytest.raises(InvalidParameterValueException):
        routing(version, {"AdditionalVersionWeights": weights})


def test_pick_follows_the_draw() -> None:
    alias = {"FunctionVersion": "1", "RoutingConfig": {"AdditionalVersionWeights": {"2": 0.3}}}
    assert pick(alias, lambda: 0.29) == "2"
    assert pick(alias, lambda: 0.3) == "1"
    assert pick({"FunctionVersion": "$LATEST"}, lambda: 0.0) == "$LATEST"


def test_versions_of_lists_the_weighted_version_too() -> None:
    alias = {"FunctionVersion": "1", "RoutingConfig": {"AdditionalVersionWeights": {"2": 0.3}}}
    assert versions_of(alias) == ["1", "2"]
