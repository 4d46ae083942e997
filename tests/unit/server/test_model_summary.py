"""What the server keeps of each model before a service's first request, and the lazy
imports that keep an idle server small."""

from __future__ import annotations

import sys

import pytest

from cloudlet.lazy_import import lazy_module
from cloudlet.server.models import ModelSummary, load_model, read_model, summaries
from cloudlet.server.protocols.rest import build_routes, routes_from
from cloudlet.server.service import Service

NAMES = ["s3", "lambda", "sqs", "dynamodb", "apigatewayv2"]


def test_summaries_hold_what_routing_reads_of_the_models() -> None:
    read = summaries({name: (lambda n=name: read_model(n)) for name in NAMES})
    for name in NAMES:
        model = load_model(name)
        summary = read[name]
        assert summary == ModelSummary.of(model)
        assert summary.protocol == model.protocol
        assert summary.operation_names == frozenset(model.operation_names)
        assert routes_from(summary.routes) == (
            build_routes(model) if model.protocol.startswith("rest") else [])


def test_a_summary_survives_its_json_form() -> None:
    summary = ModelSummary.of(load_model("s3"))
    assert ModelSummary.from_json(summary.to_json()) == summary


def test_a_service_is_summarized_without_loading_its_model() -> None:
    service = Service("kinesis")
    assert "PutRecord" in service.summary.operation_names
    assert service._model is None
    assert service.model.protocol == service.summary.protocol


def test_an_unknown_model_fails_as_loading_it_does() -> None:
    with pytest.raises(Exception, match="nosuchservice"):
        summaries({"nosuchservice": lambda: read_model("nosuchservice")})


def test_a_lazy_module_imports_on_first_use() -> None:
    sys.modules.pop("colorsys", None)
    colorsys = lazy_module("colorsys")
    assert "colorsys" not in sys.modules
    assert colorsys.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    assert "colorsys" in sys.modules


def test_a_lazy_module_reaches_submodules_not_imported_yet() -> None:
    sys.modules.pop("email.headerregistry", None)
    email = lazy_module("email")
    assert email.headerregistry.Address("a", "b", "c.d").addr_spec == "b@c.d"
