"""PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchExecuteStatement.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteTransaction.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.multiplestatements.transactions.html
- ExecuteStatement: a SELECT answers one page of Items (NextToken for more); a write
  answers ``Items: []`` or the RETURNING item.
- BatchExecuteStatement: up to 25 reads (each by full primary key) or 25 writes, never
  both. Each statement answers its Item or an Error {Code, Message}; HTTP 200 anyway.
- ExecuteTransaction: up to 100 reads by key, or 100 writes, all or nothing in one
  backend transaction; a failed condition cancels it with one reason per statement,
  as TransactWriteItems. ClientRequestToken makes it idempotent for 10 minutes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.dynamodb.backend import DynamoBackend
from cloudlet.services.dynamodb.capacity import Consumed, read_units, wants
from cloudlet.services.dynamodb.errors import (
    ConditionalCheckFailedException,
    DuplicateItemException,
    ServiceError,
    TransactionCanceledException,
    ValidationException,
)
from cloudlet.services.dynamodb.operations.idempotency import (
    ClientToken,
    check_one_operation_per_item,
)
from cloudlet.services.dynamodb.partiql import Select, Statement, parse
from cloudlet.services.dynamodb.partiql.reads import get_one, select
from cloudlet.services.dynamodb.partiql.writes import (
    WritePlan,
    check_write,
    commit_write,
    plan_write,
    run_write,
)
from cloudlet.services.dynamodb.registry import backends, service
from cloudlet.services.dynamodb.shapes import (
    BatchExecuteStatementInput,
    BatchExecuteStatementOutput,
    BatchStatementError,
    BatchStatementResponse,
    CancellationReason,
    ConsumedCapacity,
    ExecuteStatementInput,
    ExecuteStatementOutput,
    ExecuteTransactionInput,
    ExecuteTransactionOutput,
    ItemResponse,
)
from cloudlet.services.dynamodb.values import Item

MIXED = "{} API does not support both read and write operations in the same request."
# Error codes of BatchStatementError / CancellationReason, by exception class.
REASON_CODES = {
    "ConditionalCheckFailedException": "ConditionalCheckFailed",
    "DuplicateItemException": "DuplicateItem",
    "ValidationException": "ValidationError",
    "ResourceNotFoundException": "ResourceNotFound",
    "ItemCollectionSizeLimitExceededException": "ItemCollectionSizeLimitExceeded",
}


def _reason(err: ServiceError) -> BatchStatementError:
    out: BatchStatementError = {"Code": REASON_CODES.get(err.error_code, "InternalServerError"),
                           "Message": err.message}
    if "Item" in err.fields:
        out["Item"] = err.fields["Item"]
    return out


def _report(usage: dict[str, Consumed], mode: str | None,
            factor: float = 1.0) -> list[ConsumedCapacity | None]:
    return [c.scaled(factor).report(mode) for c in usage.values()]


@service.operation("ExecuteStatement")
def execute_statement(ctx: RequestContext, req: ExecuteStatementInput) -> ExecuteStatementOutput:
    """Run one PartiQL statement: a page of a SELECT, or one write."""
    backend = backends.of(ctx)
    stmt = parse(req["Statement"], req.get("Parameters"))
    if isinstance(stmt, Select):
        return select(backend, stmt, req)
    plan = plan_write(backend, stmt)
    mode = wants(req)
    consumed = Consumed(plan.table.name) if mode else None
    on_failure = req.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
    out: ExecuteStatementOutput = {"Items": run_write(backend, plan, consumed, on_failure)}
    if consumed is not None:
        out["ConsumedCapacity"] = consumed.report(mode)
    return out


def _parse_all(entries: Sequence[Mapping[str, Any]]) -> list[Statement | ServiceError]:
    parsed: list[Statement | ServiceError] = []
    for entry in entries:
        try:
            parsed.append(parse(entry["Statement"], entry.get("Parameters")))
        except ServiceError as err:
            parsed.append(err)
    return parsed


def _check_not_mixed(api: str, statements: list[Statement | ServiceError]) -> bool:
    """True for reads only, False for writes only; both is a ValidationException."""
    kinds = {isinstance(s, Select) for s in statements if not isinstance(s, ServiceError)}
    if len(kinds) > 1:
        raise ValidationException(MIXED.format(api))
    return kinds == {True}


@service.operation("BatchExecuteStatement")
def batch_execute_statement(ctx: RequestContext,
                            req: BatchExecuteStatementInput) -> BatchExecuteStatementOutput:
    """Run up to 25 reads or 25 writes; each statement succeeds or fails alone."""
    backend = backends.of(ctx)
    entries = req["Statements"]
    statements = _parse_all(entries)
    _check_not_mixed("BatchExecuteStatement", statements)
    mode = wants(req)
    usage: dict[str, Consumed] = {}
    responses: list[BatchStatementResponse] = []
    for entry, stmt in zip(entries, statements, strict=True):
        response: BatchStatementResponse = {}
        try:
            if isinstance(stmt, ServiceError):
                raise stmt
            response["TableName"] = stmt.table
            if isinstance(stmt, Select):
                table, item, size = get_one(backend, stmt)
                if mode:
                    usage.setdefault(table.name, Consumed(table.name)).table += read_units(
                        size, bool(entry.get("ConsistentRead")))
                if item is not None:
                    response["Item"] = item
            else:
                plan = plan_write(backend, stmt)
                charged = (usage.setdefault(plan.table.name, Consumed(plan.table.name))
                           if mode else None)
                run_write(backend, plan, charged,
                          entry.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD")
        except ServiceError as err:
            response["Error"] = _reason(err)
        responses.append(response)
    out: BatchExecuteStatementOutput = {"Responses": responses}
    if mode:
        out["ConsumedCapacity"] = _report(usage, mode)
    return out


@service.operation("ExecuteTransaction")
def execute_transaction(ctx: RequestContext,
                        req: ExecuteTransactionInput) -> ExecuteTransactionOutput:
    """Run up to 100 reads or 100 writes as one all-or-nothing transaction."""
    backend = backends.of(ctx)
    entries = req["TransactStatements"]
    statements: list[Statement] = [parse(e["Statement"], e.get("Parameters")) for e in entries]
    reads = _check_not_mixed("ExecuteTransaction", list(statements))
    mode = wants(req)
    usage: dict[str, Consumed] = {}
    if reads:
        responses: list[ItemResponse] = []
        backend.conn.execute("BEGIN")
        try:
            for stmt in statements:
                assert isinstance(stmt, Select)
                table, item, size = get_one(backend, stmt)
                if mode:
                    consumed = usage.setdefault(table.name, Consumed(table.name))
                    consumed.table += read_units(size, True)
                responses.append({"Item": item} if item is not None else {})
        finally:
            backend.conn.execute("COMMIT")
        out: ExecuteTransactionOutput = {"Responses": responses}
        if mode:
            out["ConsumedCapacity"] = _report(usage, mode, 2.0)
        return out
    plans = [plan_write(backend, s) for s in statements if not isinstance(s, Select)]
    return _transact_writes(backend, req, entries, plans, mode)


def _transact_writes(backend: DynamoBackend, req: Mapping[str, Any],
                     entries: Sequence[Mapping[str, Any]], plans: list[WritePlan],
                     mode: str | None) -> ExecuteTransactionOutput:
    if any(plan.returning is not None for plan in plans):
        raise ValidationException("RETURNING is not supported in ExecuteTransaction")
    check_one_operation_per_item((plan.table.id, plan.h, plan.r) for plan in plans)
    token = ClientToken(backend, req)
    if token.replayed():
        empty = {p.table.name: Consumed(p.table.name) for p in plans}
        return {"ConsumedCapacity": _report(empty, mode)} if mode else {}
    usage: dict[str, Consumed] = {}
    with backend.transaction() as writer:
        reasons: list[CancellationReason] = []
        checked: list[tuple[WritePlan, Item | None, Item | None, int]] = []
        for entry, plan in zip(entries, plans, strict=True):
            old = writer.read(plan.table, plan.h, plan.r)
            on_failure = entry.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
            try:
                new, size = check_write(plan, old, on_failure)
            except (ConditionalCheckFailedException, DuplicateItemException,
                    ValidationException) as err:
                reasons.append(_reason(err))
                continue
            reasons.append({"Code": "None"})
            checked.append((plan, old, new, size))
        if len(checked) != len(plans):
            codes = ", ".join(r["Code"] for r in reasons)
            raise TransactionCanceledException(
                "Transaction cancelled, please refer cancellation reasons for specific reasons "
                f"[{codes}]", CancellationReasons=reasons)
        for plan, old, new, size in checked:
            consumed = (usage.setdefault(plan.table.name, Consumed(plan.table.name))
                        if mode else None)
            commit_write(writer, plan, old, new, size, consumed)
        token.remember()
    return {"ConsumedCapacity": _report(usage, mode, 2.0)} if mode else {}

