"""ListTables: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html"""

from __future__ import annotations

from typing import Any

from tests.conftest import make_client
from tests.e2e.dynamodb.support import create_table


def test_list_tables_paginates_in_name_order(server: Any) -> None:
    ddb = make_client(server, "dynamodb", region="eu-north-1")
    names = [create_table(ddb, f"list{i:02d}") for i in range(5)]
    seen: list[str] = []
    kwargs: dict[str, Any] = {}
    while True:
        resp = ddb.list_tables(Limit=2, **kwargs)
        seen += resp["TableNames"]
        if "LastEvaluatedTableName" not in resp:
            break
        assert resp["LastEvaluatedTableName"] == resp["TableNames"][-1]
        kwargs["ExclusiveStartTableName"] = resp["LastEvaluatedTableName"]
    assert seen == names


def test_list_tables_paginator(server: Any) -> None:
    ddb = make_client(server, "dynamodb", region="eu-south-1")
    names = [create_table(ddb, f"pag{i:03d}") for i in range(7)]
    pages = ddb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 3})
    assert [n for page in pages for n in page["TableNames"]] == names
