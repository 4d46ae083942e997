"""examples/temperatures end to end: ``cloudlet deploy`` of a copy (as a user runs it), a
reading POSTed to the printed /temperatures (and /temperatures/jsonata) URL starts the
pipeline, validate -> enrich; a reading below absolute zero fails the execution with the
handler's error type; ``cloudlet remove`` leaves nothing behind."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.examples.deployed_app import DeployedApp, deployed, json_request, unique_stage
from tests.e2e.stepfunctions.conftest import finished
from tests.server import RunningServer

JSONATA = importlib.util.find_spec("cloudlet.services.stepfunctions.language.jsonata_flow")
PATHS = ["/temperatures", pytest.param("/temperatures/jsonata", marks=pytest.mark.skipif(
    JSONATA is None, reason="the JSONata query language is not in this build yet"))]
STAGE = unique_stage()
GREENHOUSE = {"site": "Kew Gardens", "room": "Palm House", "lat": 51.4787, "lon": -0.2956}


@pytest.fixture(scope="module")
def app(server: RunningServer, tmp_path_factory: pytest.TempPathFactory
        ) -> Iterator[DeployedApp]:
    with deployed(server, tmp_path_factory.mktemp("temperatures"), "temperatures",
                  "--stage", STAGE) as made:
        yield made


def _post(server: RunningServer, app: DeployedApp, path: str, reading: Any
          ) -> dict[str, Any]:
    status, started = json_request(app.url("POST", path), "POST", reading)
    assert status == 200, started
    return finished(make_client(server, "stepfunctions"), started["executionArn"])


def test_the_stack_names_the_machines(app: DeployedApp) -> None:
    assert sorted(app.functions) == ["enrich", "validate"]
    outputs = app.outputs
    assert outputs["PipelineArn"].endswith(f":stateMachine:temperatures-{STAGE}-pipeline")
    assert outputs["PipelineJsonataArn"].endswith(
        f":stateMachine:temperatures-{STAGE}-pipeline-jsonata")


@pytest.mark.parametrize("path", PATHS)
def test_a_good_reading_is_validated_and_enriched(server: RunningServer, app: DeployedApp,
                                                  path: str) -> None:
    out = _post(server, app, path, {"sensor": "greenhouse-1", "celsius": 31.5})

    assert out["status"] == "SUCCEEDED", out
    expected = {"sensor": "greenhouse-1", "celsius": 31.5, "fahrenheit": 88.7,
                "location": GREENHOUSE}
    if path.endswith("jsonata"):
        expected["kelvin"] = 304.65
    assert out["output"] == expected


@pytest.mark.parametrize("path", PATHS)
def test_below_absolute_zero_fails_with_the_handlers_error(server: RunningServer,
                                                           app: DeployedApp, path: str) -> None:
    out = _post(server, app, path, {"sensor": "lab-3", "celsius": -300})

    assert out["status"] == "FAILED", out
    assert out["error"] == "BelowAbsoluteZero"
    cause = json.loads(out["cause"])
    assert cause["errorType"] == "BelowAbsoluteZero"
    assert "below absolute zero" in cause["errorMessage"]


def test_a_malformed_reading_fails_as_invalid(server: RunningServer, app: DeployedApp) -> None:
    out = _post(server, app, "/temperatures", {"sensor": "lab-3", "celsius": "cold"})
    assert (out["status"], out["error"]) == ("FAILED", "InvalidReading")
