"""Layer version filters (cloudlet.services.lambda_.layers)."""

from __future__ import annotations

from cloudlet.services.lambda_.layers import matches


def test_filters_match_declared_runtimes_and_architectures() -> None:
    config = {"CompatibleRuntimes": ["python3.12"], "CompatibleArchitectures": ["x86_64"]}
    assert matches(config, None, None)
    assert matches(config, "python3.12", "x86_64")
    assert not matches(config, "nodejs20.x", None)
    assert not matches(config, None, "arm64")
    assert not matches({}, "python3.12", None)
