"""ExecuteStatement errors: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.dynamodb.support import error_of, validation_message

MALFORMED = "Statement wasn't well formed, can't be processed: "


@pytest.mark.parametrize("statement", [
    'SELEC * FROM "t"',
    'SELECT * FROM',
    'SELECT * FROM "t" WHERE',
    'SELECT * FROM "t" WHERE pk = \'a',
    'INSERT INTO "t" VALUE 1',
    'UPDATE "t" WHERE pk = 1',
    'SELECT * FROM "t"; SELECT * FROM "t"',
])
def test_syntax_errors_are_not_well_formed(ddb: Any, statement: str) -> None:
    assert validation_message(ddb.execute_statement, Statement=statement).startswith(MALFORMED)


def test_unknown_table_is_resource_not_found(ddb: Any) -> None:
    code, _, status = error_of(ddb.execute_statement, Statement='SELECT * FROM "nope-table"')
    assert (code, status) == ("ResourceNotFoundException", 400)


@pytest.mark.parametrize("params", [[], [{"S": "a"}, {"S": "b"}]])
def test_parameter_count_must_match(ddb: Any, table: str, params: list[Any]) -> None:
    kwargs: dict[str, Any] = {"Parameters": params} if params else {}
    message = validation_message(ddb.execute_statement,
                                 Statement=f'SELECT * FROM "{table}" WHERE pk = ?', **kwargs)
    assert message == "Number of parameters in request and statement don't match."


def test_key_of_the_wrong_type(ddb: Any, table: str) -> None:
    message = validation_message(ddb.execute_statement,
                                 Statement=f'DELETE FROM "{table}" WHERE pk = 1')
    assert "does not match the schema" in message


def test_keywords_are_case_insensitive_and_comments_are_skipped(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    items = ddb.execute_statement(
        Statement=f'select * /* all */ from "{table}" where pk = \'a\' -- key\n;')["Items"]
    assert items == [{"pk": {"S": "a"}}]


def test_boto3_resource_has_no_partiql_but_its_client_does(server: Any, table: str) -> None:
    """boto3's resource API has no PartiQL action; ``meta.client`` runs the statements,
    with parameters and items as plain Python values (boto3 converts them)."""
    import boto3

    resource = boto3.resource("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test")
    resource.Table(table).put_item(Item={"pk": "a", "n": 1})
    items = resource.meta.client.execute_statement(
        Statement=f'SELECT * FROM "{table}" WHERE pk = ?', Parameters=["a"])["Items"]
    assert items == [{"pk": "a", "n": Decimal(1)}]
    resource.meta.client.execute_statement(
        Statement=f'UPDATE "{table}" SET tags = ? WHERE pk = ?', Parameters=[{"x", "y"}, "a"])
    assert resource.Table(table).get_item(Key={"pk": "a"})["Item"]["tags"] == {"x", "y"}
