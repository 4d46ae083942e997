"""A handler's AWS SDK calls reach this server, as the function's account and region.
https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html
"""

from __future__ import annotations

from typing import Any

from tests.e2e.lambda_.conftest import CreateFn, invoke_json

SDK = """
    import boto3

    lam = boto3.client("lambda")  # created at import, in a fresh environment

    def handler(event, context):
        me = lam.get_function(FunctionName=context.function_name)["Configuration"]
        tables = boto3.client("dynamodb").list_tables()["TableNames"]
        return {"arn": me["FunctionArn"], "region": lam.meta.region_name,
                "tables_is_list": isinstance(tables, list)}
"""


def test_handler_sdk_calls_use_the_function_account_and_region(
    lambda_client: Any, create_function: CreateFn
) -> None:
    name = create_function(SDK, Timeout=10)
    body, resp = invoke_json(lambda_client, name)
    assert "FunctionError" not in resp, body
    assert body == {"arn": f"arn:aws:lambda:us-east-1:000000000000:function:{name}",
                    "region": "us-east-1", "tables_is_list": True}
