"""REST routes are built from each operation's http block in the model."""

from __future__ import annotations

from cloudlet.server.http import Request
from cloudlet.server.models import load_model
from cloudlet.server.protocols.rest_json import build_routes, match

ROUTES = build_routes(load_model("lambda"))


def route(method: str, path: str, query: str = "") -> tuple[str, dict[str, str]] | None:
    return match(ROUTES, Request(method, path, path, query, {}, b""))


def test_literal_and_labelled_segments() -> None:
    assert route("GET", "/2015-03-31/functions/") == ("ListFunctions", {})
    assert route("GET", "/2015-03-31/functions/my-fn") == ("GetFunction", {"FunctionName": "my-fn"})
    assert route("POST", "/2015-03-31/functions/my-fn/invocations") == (
        "Invoke", {"FunctionName": "my-fn"})


def test_the_most_specific_route_wins() -> None:
    assert route("GET", "/2015-03-31/functions/f/configuration")[0] == "GetFunctionConfiguration"  # type: ignore[index]
    assert route("GET", "/2019-09-30/functions/f/provisioned-concurrency", "List=ALL")[0] == (  # type: ignore[index]
        "ListProvisionedConcurrencyConfigs")
    assert route("GET", "/2019-09-30/functions/f/provisioned-concurrency", "Qualifier=1")[0] == (  # type: ignore[index]
        "GetProvisionedConcurrencyConfig")


def test_labels_are_percent_decoded() -> None:
    found = route("GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af")
    assert found == ("GetFunction", {"FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:f"})


def test_unknown_path_has_no_route() -> None:
    assert route("GET", "/2015-03-31/nothing-here") is None
    assert route("DELETE", "/2015-03-31/functions/") is None
