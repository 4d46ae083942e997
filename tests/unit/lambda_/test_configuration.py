"""Function configuration rules (cloudlet.services.lambda_.configuration)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from cloudlet.server.errors import ValidationException
from cloudlet.services.lambda_ import configuration, runtimes
from cloudlet.services.lambda_.errors import InvalidParameterValueException

ARN = "arn:aws:lambda:us-east-1:000000000000:function:f"


def _new(**req: Any) -> dict[str, Any]:
    base = {"FunctionName": "f", "Role": "arn:aws:iam::000000000000:role/r",
            "Runtime": "python3.12", "Handler": "app.handler"}
    base.update(req)
    return configuration.new_configuration(base, arn=ARN, code_sha256="sha", code_size=10,
                                           now=1795401600.5, revision="rev")


def test_last_modified_is_in_lambdas_format() -> None:
    assert configuration.timestamp(1795401600.123) == "2026-11-23T02:40:00.123+0000"


def test_defaults() -> None:
    config = _new()
    assert (config["Timeout"], config["MemorySize"], config["Version"]) == (3, 128, "$LATEST")
    assert config["LoggingConfig"]["LogGroup"] == "/aws/lambda/f"
    assert "Environment" not in config


def test_reserved_keys_are_named_in_the_error() -> None:
    with pytest.raises(InvalidParameterValueException) as err:
        configuration.check_environment({"AWS_REGION": "x", "_HANDLER": "y", "MINE": "z"})
    assert err.value.message.endswith("Reserved keys used in this request: AWS_REGION, _HANDLER")


def test_environment_is_measured_as_json() -> None:
    configuration.check_environment({"K": "v" * 4000})
    with pytest.raises(InvalidParameterValueException) as err:
        configuration.check_environment({"K": "v" * 4090})
    assert err.value.message.endswith('String measured: {"K":"' + "v" * 4090 + '"}')


NOW = datetime(2026, 12, 1, tzinfo=UTC).timestamp()
BEFORE_BLOCKS = datetime(2025, 12, 1, tzinfo=UTC).timestamp()


@pytest.mark.parametrize("runtime", ["python2.7", "python3.8", "nodejs16.x", "nodejs18.x",
                                     "go1.x", "provided"])
def test_deprecated_runtimes(runtime: str) -> None:
    with pytest.raises(InvalidParameterValueException) as err:
        runtimes.check_new(runtime, NOW)
    assert err.value.message.startswith(f"The runtime parameter of {runtime} is no longer supported")


def test_a_runtime_is_blocked_from_its_dates() -> None:
    """nodejs18.x: creation blocked from 2026-02-03, updates from 2026-03-09."""
    runtimes.check_new("nodejs18.x", BEFORE_BLOCKS)
    runtimes.check_update("nodejs18.x", datetime(2026, 3, 8, tzinfo=UTC).timestamp())
    with pytest.raises(InvalidParameterValueException):
        runtimes.check_update("nodejs18.x", datetime(2026, 3, 9, tzinfo=UTC).timestamp())
    runtimes.check_update("python3.12", NOW)
    with pytest.raises(InvalidParameterValueException):
        runtimes.check_new("python2.7", BEFORE_BLOCKS)


def test_supported_runtimes_cloudlet_cannot_run() -> None:
    with pytest.raises(ValidationException):
        runtimes.check_new("dotnet8", NOW)


def test_update_changes_only_the_members_given() -> None:
    config = _new(Environment={"Variables": {"A1": "x"}})
    updated = configuration.updated_configuration(config, {"Timeout": 9}, now=1795401601, revision="r2")
    assert updated["Timeout"] == 9
    assert updated["Environment"] == {"Variables": {"A1": "x"}}
    assert updated["RevisionId"] == "r2"
    cleared = configuration.updated_configuration(config, {"Environment": {"Variables": {}}},
                                                  now=1795401602, revision="r3")
    assert cleared["Environment"] == {"Variables": {}}  # as AWS answers an emptied environment


def test_published_versions_get_qualified_arns() -> None:
    version = configuration.published(_new(), "4", None, revision="r", now=1795401600)
    assert version["FunctionArn"] == ARN + ":4"
    assert version["Version"] == "4"
    assert configuration.same_function(version, _new())
