"""Restaurants over HTTP: one function, one table, the operation chosen by the HTTP method.

    GET    /restaurants          every restaurant, sorted by name
    POST   /restaurants          create one from a JSON body; answers 201 with its new id
    GET    /restaurants/{id}     one restaurant, or 404
    PUT    /restaurants/{id}     replace one (404 if it does not exist)
    DELETE /restaurants/{id}     remove one; answers 204
"""

import base64
import json
import os
import uuid
from decimal import Decimal

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def plain(value):
    """DynamoDB numbers come back as Decimal; JSON wants int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"cannot serialize {type(value).__name__}")


def respond(code, body=None):
    return {
        "statusCode": code,
        "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"},
        "body": "" if body is None else json.dumps(body, default=plain),
    }


def read_body(event):
    body = event.get("body") or "{}"
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    data = json.loads(body)
    if not isinstance(data, dict) or not data.get("name"):
        raise ValueError("a restaurant needs a JSON body with a name")
    return data


def handler(event, context):
    method = event.get("httpMethod", "GET")
    restaurant_id = (event.get("pathParameters") or {}).get("id")
    try:
        if restaurant_id is None and method == "GET":
            items = table.scan()["Items"]
            return respond(200, sorted(items, key=lambda r: r.get("name", "")))
        if restaurant_id is None and method == "POST":
            item = {**read_body(event), "id": uuid.uuid4().hex[:12]}
            table.put_item(Item=json.loads(json.dumps(item), parse_float=Decimal))
            return respond(201, item)
        current = table.get_item(Key={"id": restaurant_id}).get("Item") if restaurant_id else None
        if current is None:
            return respond(404, {"message": f"restaurant {restaurant_id} not found"})
        if method == "GET":
            return respond(200, current)
        if method == "PUT":
            item = {**read_body(event), "id": restaurant_id}
            table.put_item(Item=json.loads(json.dumps(item), parse_float=Decimal))
            return respond(200, item)
        if method == "DELETE":
            table.delete_item(Key={"id": restaurant_id})
            return respond(204)
        return respond(405, {"message": f"method {method} not allowed"})
    except ValueError as err:
        return respond(400, {"message": str(err)})
