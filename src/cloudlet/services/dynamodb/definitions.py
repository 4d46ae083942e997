"""CreateTable / UpdateTable definitions: DynamoDB's checks, in DynamoDB's order.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
(20 global and 5 local secondary indexes per table; 100 projected non-key attributes.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from cloudlet.services.dynamodb.errors import LimitExceededException, ValidationException
from cloudlet.services.dynamodb.table import INVALID, Index, KeySpec
from cloudlet.services.dynamodb.throughput import apply_warm, check_on_demand

MAX_GSI = 20
MAX_LSI = 5
MAX_PROJECTED = 100
STREAM_VIEW_TYPES = ("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY")


def invalid(detail: str) -> ValidationException:
    return ValidationException(INVALID + detail)


def check_throughput(billing_mode: str, throughput: Mapping[str, Any] | None) -> tuple[int, int]:
    """Billing mode and table throughput must agree; returns (read, write) units."""
    if billing_mode == "PAY_PER_REQUEST":
        if throughput is not None:
            raise invalid("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
                          "when BillingMode is PAY_PER_REQUEST")
        return 0, 0
    if throughput is None:
        raise invalid("ReadCapacityUnits and WriteCapacityUnits must both be specified when "
                      "BillingMode is PROVISIONED")
    read, write = throughput["ReadCapacityUnits"], throughput["WriteCapacityUnits"]
    for name, value in (("ReadCapacityUnits", read), ("WriteCapacityUnits", write)):
        if value < 1:
            raise invalid(f"{name} must be greater than 0")
        if value > 1_000_000_000_000:
            raise ValidationException(f"Given value {value} for {name} is out of bounds")
    return int(read), int(write)


def check_not_null(req: Mapping[str, Any], *members: str) -> None:
    """Members the model now leaves optional (CreateTable's AttributeDefinitions and
    KeySchema, optional only for a replica of a global table) but a request needs, with
    AWS's model-validation text for each one that is missing."""
    errors = [f"Value null at '{m[0].lower()}{m[1:]}' failed to satisfy constraint: Member "
              "must not be null" for m in members if req.get(m) is None]
    if errors:
        count = len(errors)
        raise ValidationException(
            f"{count} validation error{'s' if count > 1 else ''} detected: {'; '.join(errors)}")


def check_key_schema_length(schema: Sequence[Mapping[str, Any]], path: str = "keySchema") -> None:
    """At most a HASH and a RANGE element: AWS's model-validation text for a longer list
    (botocore's model leaves out the maximum; DynamoDB prints elements as Java objects)."""
    if len(schema) <= 2:
        return
    listed = ", ".join(
        f"KeySchemaElement(attributeName={k.get('AttributeName')}, keyType={k.get('KeyType')})"
        for k in schema)
    raise ValidationException(
        f"1 validation error detected: Value '[{listed}]' at '{path}' failed to satisfy "
        "constraint: Member must have length less than or equal to 2")


def key_spec(schema: Sequence[Mapping[str, Any]], types: dict[str, str]) -> KeySpec:
    """A KeySchema as a KeySpec (its attributes must be defined)."""
    names = [k["AttributeName"] for k in schema]
    if len(names) == 2 and names[0] == names[1]:
        raise ValidationException(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name")
    if schema[0]["KeyType"] != "HASH":
        raise ValidationException(
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    if len(schema) == 2 and schema[1]["KeyType"] != "RANGE":
        raise ValidationException(
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
    range_name = names[1] if len(names) == 2 else None
    return KeySpec(names[0], types[names[0]], range_name,
                   types[range_name] if range_name else None)


def _check_defined(schema: list[dict[str, str]], types: dict[str, str]) -> None:
    names = [k["AttributeName"] for k in schema]
    if any(n not in types for n in names):
        raise invalid("Some index key attributes are not defined in AttributeDefinitions. "
                      f"Keys: [{', '.join(names)}], AttributeDefinitions: [{', '.join(types)}]")


def attribute_types(definitions: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    types: dict[str, str] = {}
    for d in definitions:
        name = d["AttributeName"]
        if name in types:
            raise invalid("Cannot have two attributes with the same name")
        types[name] = d["AttributeType"]
    return types


def _projection(index: Mapping[str, Any]) -> tuple[str, list[str] | None]:
    projection = index["Projection"]
    kind = projection.get("ProjectionType")
    non_key = projection.get("NonKeyAttributes")
    if kind is None:
        raise invalid("Unknown ProjectionType: null")
    if non_key is not None and kind != "INCLUDE":
        raise invalid(f"ProjectionType is {kind}, but NonKeyAttributes is specified")
    if kind == "INCLUDE" and not non_key:
        raise invalid("NonKeyAttributes must not be empty")
    return kind, non_key


def build_index(spec: Mapping[str, Any], types: dict[str, str], *, is_global: bool,
                table_keys: KeySpec, billing_mode: str, new_id: Callable[[], int],
                now: float) -> Index:
    """One index of CreateTable (or a GSI of UpdateTable's Create action)."""
    name = spec["IndexName"]
    schema = spec["KeySchema"]
    _check_defined(schema, types)
    keys = key_spec(schema, types)
    if not is_global:
        if keys.range_name is None:
            raise invalid(f"Index KeySchema does not have a range key for index: {name}")
        if keys.hash_name != table_keys.hash_name:
            raise invalid(
                "Index KeySchema does not have the same leading hash key as table KeySchema "
                f"for index: {name}. index hash key: {keys.hash_name}, table hash key: "
                f"{table_keys.hash_name}")
    kind, non_key = _projection(spec)
    read = write = 0
    throughput = spec.get("ProvisionedThroughput")
    if is_global:
        if billing_mode == "PAY_PER_REQUEST" and throughput is not None:
            raise invalid(f"ProvisionedThroughput should not be specified for index: {name} "
                          "when BillingMode is PAY_PER_REQUEST")
        if billing_mode == "PROVISIONED":
            if throughput is None:
                raise invalid(f"ProvisionedThroughput must be specified for index: {name}")
            read, write = check_throughput("PROVISIONED", throughput)
    index = Index(id=new_id(), name=name, is_global=is_global, keys=keys, projection_type=kind,
                  non_key_attributes=non_key, read_units=read, write_units=write, created=now)
    if is_global:
        on_demand = billing_mode == "PAY_PER_REQUEST"
        if spec.get("WarmThroughput") is not None:
            apply_warm(index, spec["WarmThroughput"], on_demand, f"index {name}")
        if spec.get("OnDemandThroughput") is not None:
            index.on_demand = check_on_demand(spec["OnDemandThroughput"], f"index {name}")
    return index


def build_indexes(req: Mapping[str, Any], types: dict[str, str], table_keys: KeySpec,
                  billing_mode: str, new_id: Callable[[], int], now: float) -> dict[str, Index]:
    """The LocalSecondaryIndexes and GlobalSecondaryIndexes of CreateTable."""
    indexes: dict[str, Index] = {}
    projected: set[str] = set()
    for field, is_global in (("LocalSecondaryIndexes", False), ("GlobalSecondaryIndexes", True)):
        specs = req.get(field)
        if specs is None:
            continue
        if not specs:
            raise invalid(f"List of {field} is empty")
        if not is_global and table_keys.range_name is None:
            raise invalid("Table KeySchema does not have a range key, which is required when "
                          "specifying a LocalSecondaryIndex")
        for spec in specs:
            index = build_index(spec, types, is_global=is_global, table_keys=table_keys,
                                billing_mode=billing_mode, new_id=new_id, now=now)
            if index.name in indexes:
                raise invalid(f"Duplicate index name: {index.name}")
            indexes[index.name] = index
            projected.update(index.non_key_attributes or ())
        if not is_global and len(specs) > MAX_LSI:
            raise invalid(f"Number of LocalSecondaryIndexes exceeds per-table limit of {MAX_LSI}")
        if is_global and len(specs) > MAX_GSI:
            raise invalid(f"GlobalSecondaryIndex count exceeds the per-table limit of {MAX_GSI}")
    if len(projected) > MAX_PROJECTED:
        raise LimitExceededException(
            "One or more parameter values were invalid: Number of projected attributes in all "
            f"indexes exceeds limit of {MAX_PROJECTED}, actual: {len(projected)}")
    return indexes


def check_definitions_used(types: dict[str, str], table_keys: KeySpec,
                           indexes: dict[str, Index]) -> None:
    """Every AttributeDefinition must be a key of the table or of an index."""
    used = list(table_keys.names)
    for index in indexes.values():
        used.extend(n for n in index.keys.names if n not in used)
    if not indexes and len(types) != len(table_keys.names):
        raise invalid("Number of attributes in KeySchema does not exactly match number of "
                      "attributes defined in AttributeDefinitions")
    unused = [n for n in types if n not in used]
    if unused:
        raise invalid(f"Some AttributeDefinitions are not used. AttributeDefinitions: "
                      f"[{', '.join(types)}], keys used: [{', '.join(used)}]")


def check_stream_spec(spec: Mapping[str, Any] | None) -> str | None:
    """The view type of an enabled StreamSpecification (None: streams off)."""
    if spec is None:
        return None
    enabled = spec.get("StreamEnabled")
    view = spec.get("StreamViewType")
    if enabled:
        if view is None:
            raise invalid("You must specify a StreamViewType when enabling a stream")
        return str(view)
    if view is not None:
        raise invalid("You can not specify a StreamViewType when StreamEnabled is false")
    return None
