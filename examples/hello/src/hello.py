"""GET /hello/{name} behind API Gateway's Lambda proxy integration."""

import json


def handler(event, context):
    name = (event.get("pathParameters") or {}).get("name") or "world"
    query = event.get("queryStringParameters") or {}
    greeting = query.get("greeting", "Hello")
    body = {
        "message": f"{greeting}, {name}!",
        "resource": event.get("resource"),
        "path": event.get("path"),
        "stage": (event.get("requestContext") or {}).get("stage"),
    }
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
    }
