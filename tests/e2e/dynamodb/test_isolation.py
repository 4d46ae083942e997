"""Accounts (12-digit access keys) and regions each have their own tables; ARNs say which.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"""

from __future__ import annotations

from typing import Any

from tests.conftest import make_client
from tests.e2e.dynamodb.support import create_table, error_of


def test_accounts_and_regions_do_not_see_each_other(server: Any) -> None:
    alice = make_client(server, "dynamodb", access_key="111111111111", region="us-west-2")
    bob = make_client(server, "dynamodb", access_key="222222222222", region="us-west-2")
    alice_eu = make_client(server, "dynamodb", access_key="111111111111", region="eu-west-1")
    desc = alice.describe_table(TableName=create_table(alice, "shared"))["Table"]
    assert desc["TableArn"] == "arn:aws:dynamodb:us-west-2:111111111111:table/shared"
    alice.put_item(TableName="shared", Item={"pk": {"S": "alice"}})
    assert error_of(bob.get_item, TableName="shared",
                    Key={"pk": {"S": "alice"}})[0] == "ResourceNotFoundException"
    assert "shared" not in alice_eu.list_tables()["TableNames"]
    create_table(bob, "shared")
    assert bob.scan(TableName="shared")["Count"] == 0
    bob_arn = bob.describe_table(TableName="shared")["Table"]["TableArn"]
    assert bob_arn == "arn:aws:dynamodb:us-west-2:222222222222:table/shared"
    assert alice.scan(TableName="shared")["Count"] == 1
