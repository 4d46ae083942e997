"""The TypedDicts of every ``cloudlet.services.*.shapes`` agree with the botocore model.

Each TypedDict is named after a shape of its service's model; every key it declares is a
member of that shape; its ``Required`` keys are exactly the declared members the model
requires; a TypedDict nested in a member's type is the shape that member targets (and is
checked the same way).
"""

import importlib
import pkgutil
import types
import typing
from typing import Any, NotRequired, Required, TypedDict

import pytest
from botocore.model import ServiceModel, Shape

import cloudlet.services
from cloudlet.server.models import load_model


def _shape_modules() -> list[types.ModuleType]:
    found = []
    for info in pkgutil.iter_modules(cloudlet.services.__path__):
        try:
            found.append(importlib.import_module(f"cloudlet.services.{info.name}.shapes"))
        except ModuleNotFoundError as err:
            if err.name != f"cloudlet.services.{info.name}.shapes":
                raise
    return found


def _model_of(module: types.ModuleType) -> ServiceModel:
    package = importlib.import_module(module.__name__.rsplit(".", 1)[0])
    return load_model(package.service.model_name)


def _typed_dicts(module: types.ModuleType) -> list[type]:
    return [v for v in vars(module).values()
            if typing.is_typeddict(v) and v.__module__ == module.__name__]


def _nested(tp: Any) -> list[tuple[str, type]]:
    """(path, TypedDict) for each TypedDict inside a member's type; path says how it is
    reached from the member's target shape: "" itself, "member" a list's, "value" a map's."""
    origin = typing.get_origin(tp)
    if typing.is_typeddict(tp):
        return [("", tp)]
    if origin in (Required, NotRequired):
        return _nested(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [hit for arg in typing.get_args(tp) for hit in _nested(arg)]
    if origin is list:
        return [(f"member.{p}".rstrip("."), t) for p, t in _nested(typing.get_args(tp)[0])]
    if origin is dict:
        return [(f"value.{p}".rstrip("."), t) for p, t in _nested(typing.get_args(tp)[1])]
    return []


def _follow(shape: Shape, path: str) -> Shape | None:
    """The shape a list's ``member`` / a map's ``value`` steps reach; None if there is none."""
    found: Shape | None = shape
    for step in filter(None, path.split(".")):
        found = getattr(found, step, None)
    return found


def check_typed_dict(model: ServiceModel, td: type) -> list[str]:
    """Every disagreement between ``td`` and the model shape it is named after."""
    name = td.__name__
    if name not in model.shape_names:
        return [f"{name} is not a shape of {model.service_name}"]
    shape = model.shape_for(name)
    if shape.type_name != "structure":
        return [f"{name} is a {shape.type_name}, not a structure"]
    problems = []
    required = set(shape.required_members)
    declared_required = set(td.__required_keys__)  # type: ignore[attr-defined]
    hints = typing.get_type_hints(td, include_extras=True)
    for key in hints:
        if key not in shape.members:
            problems.append(f"{name}.{key} is not a member of {name}")
            continue
        if key in declared_required and key not in required:
            problems.append(f"{name}.{key} is Required but optional in the model")
        if key in required and key not in declared_required:
            problems.append(f"{name}.{key} is required in the model but not Required")
        for path, inner in _nested(hints[key]):
            target = _follow(shape.members[key], path)
            if target is None or inner.__name__ != target.name:
                problems.append(f"{name}.{key}{'.' + path if path else ''} is "
                                f"{inner.__name__}, the model says "
                                f"{target.name if target else 'nothing'}")
            else:
                problems += check_typed_dict(model, inner)
    return problems


MODULES = _shape_modules()


def test_every_typed_service_has_shapes() -> None:
    names = {m.__name__.split(".")[2] for m in MODULES}
    assert {"dynamodb", "dynamodbstreams", "lambda_", "logs"} <= names


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_shapes_match_the_model(module: types.ModuleType) -> None:
    model = _model_of(module)
    tds = _typed_dicts(module)
    assert tds
    problems = [p for td in tds for p in check_typed_dict(model, td)]
    assert problems == []


# Deliberately wrong TypedDicts: the check must catch each mistake.

class NotAShapeAtAll(TypedDict, total=False):
    TableName: str


class PutItemInput(TypedDict, total=False):  # a member PutItem does not have
    TableName: Required[str]
    NoSuchMember: str


class GetItemInput(TypedDict, total=False):  # Key is required in the model
    TableName: Required[str]
    Key: dict[str, Any]


class DeleteItemInput(TypedDict, total=False):  # ReturnValues is optional in the model
    TableName: Required[str]
    Key: Required[dict[str, Any]]
    ReturnValues: Required[str]


class Tag(TypedDict, total=False):  # nested in the wrong place
    Key: Required[str]


class KeySchemaElement(TypedDict, total=False):
    AttributeName: Required[str]
    Wrong: int


class CreateTableInput(TypedDict, total=False):
    TableName: Required[str]
    KeySchema: list[Tag]
    LocalSecondaryIndexes: list[dict[str, KeySchemaElement]]


class TagResourceInput(TypedDict, total=False):  # a wrong member of a right nested shape
    ResourceArn: Required[str]
    Tags: Required[list[KeySchemaElement]]


@pytest.mark.parametrize(("td", "expected"), [
    (NotAShapeAtAll, ["NotAShapeAtAll is not a shape of dynamodb"]),
    (PutItemInput, ["PutItemInput.NoSuchMember is not a member of PutItemInput"]),
    (GetItemInput, ["GetItemInput.Key is required in the model but not Required"]),
    (DeleteItemInput, ["DeleteItemInput.ReturnValues is Required but optional in the model"]),
    (CreateTableInput, ["CreateTableInput.KeySchema.member is Tag, the model says "
                        "KeySchemaElement",
                        "CreateTableInput.LocalSecondaryIndexes.member.value is "
                        "KeySchemaElement, the model says nothing"]),
    (TagResourceInput, ["TagResourceInput.Tags.member is KeySchemaElement, the model says Tag"]),
])
def test_wrong_typed_dicts_are_caught(td: type, expected: list[str]) -> None:
    assert check_typed_dict(load_model("dynamodb"), td) == expected


def test_a_wrong_member_of_a_nested_shape_is_caught() -> None:
    class KeysAndAttributes(TypedDict, total=False):
        Keys: Required[list[dict[str, Any]]]
        Bogus: str

    class BatchGetItemInput(TypedDict, total=False):
        RequestItems: Required[dict[str, KeysAndAttributes]]

    assert check_typed_dict(load_model("dynamodb"), BatchGetItemInput) == [
        "KeysAndAttributes.Bogus is not a member of KeysAndAttributes"]
