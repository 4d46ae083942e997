"""Shared by the Mafia game's functions: the players table and HTTP-style responses."""

import json
import os

import boto3
from boto3.dynamodb.conditions import Attr

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def response(body, code=200):
    """The shape API Gateway's Lambda proxy integration expects back."""
    return {
        "statusCode": code,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, separators=(",", ":")),
    }


def all_players():
    return scan()


def living(identity=None):
    condition = Attr("Identity").eq("Uncovered")
    if identity is not None:
        condition = condition & Attr("TrueIdentity").eq(identity)
    return scan(FilterExpression=condition)


def scan(**kwargs):
    items, page = [], table.scan(**kwargs)
    items.extend(page["Items"])
    while "LastEvaluatedKey" in page:
        page = table.scan(ExclusiveStartKey=page["LastEvaluatedKey"], **kwargs)
        items.extend(page["Items"])
    return items


def save(player):
    table.put_item(Item=player)
