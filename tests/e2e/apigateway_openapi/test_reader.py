"""Unit tests of ``openapi.reader``: the body's format, the version, ``$ref``s and the base
path rules (pure functions; the e2e tests cover the rest).

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-basePath.html
"""

from __future__ import annotations

import pytest

from cloudlet.services.apigateway.openapi.errors import BadRequestException
from cloudlet.services.apigateway.openapi.reader import (
    Document,
    apply_base_path,
    base_path,
    load_body,
    version_of,
)


def test_load_body_reads_yaml_and_json() -> None:
    assert load_body(b'{"swagger": "2.0"}') == {"swagger": "2.0"}
    assert load_body(b"openapi: 3.0.1\ninfo:\n  title: x\n") == {"openapi": "3.0.1",
                                                                  "info": {"title": "x"}}


def test_version_of_refuses_openapi_31() -> None:
    assert version_of({"swagger": "2.0"}) == 2
    assert version_of({"openapi": "3.0.3"}) == 3
    with pytest.raises(BadRequestException):
        version_of({"openapi": "3.1.0"})


@pytest.mark.parametrize(("mode", "expected"), [
    ("ignore", {"/e": "/e", "/": "/"}),
    ("prepend", {"/e": "/a/b/c/e", "/": "/a/b/c"}),
    ("split", {"/e": "/b/c/e", "/": "/b/c"}),
])
def test_apply_base_path_modes(mode: str, expected: dict[str, str]) -> None:
    """AWS's example: basePath /a/b/c and path /e."""
    assert apply_base_path(["/e", "/"], "/a/b/c", mode) == expected


def test_base_path_of_openapi3_uses_the_server_variables() -> None:
    doc = {"openapi": "3.0.1", "servers": [{"url": "https://h/{basePath}",
                                            "variables": {"basePath": {"default": "/v2/x"}}}]}
    assert base_path(Document(doc, 3)) == "/v2/x"
    assert base_path(Document({"swagger": "2.0", "basePath": "/"}, 2)) == ""


def test_resolve_follows_local_refs_and_refuses_external_ones() -> None:
    doc = Document({"parameters": {"p": {"$ref": "#/parameters/q"}, "q": {"name": "q"}}}, 2)
    assert doc.resolve({"$ref": "#/parameters/p"}) == {"name": "q"}
    with pytest.raises(BadRequestException):
        doc.resolve({"$ref": "other.yaml#/x"})
    with pytest.raises(BadRequestException):
        doc.resolve({"$ref": "#/parameters/missing"})
