"""boto3 in a handler: the zygote's warm model cache is invisible; each environment's
region, credentials and endpoint are honoured.
https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html
"""

from __future__ import annotations

import dataclasses
import json

from cloudlet.runtime.manager import RuntimeManager
from tests.runtime.conftest import ACCOUNT, Harness, invoke

CLIENTS = {
    "app.py": """
    import boto3, botocore.session

    FRESH = boto3.DEFAULT_SESSION is None
    ddb = boto3.client("dynamodb")

    def describe(client):
        creds = client._request_signer._credentials
        return [client.meta.region_name, client.meta.endpoint_url, creds.access_key,
                creds.secret_key, creds.token]

    def handler(event, context):
        return {
            "fresh": FRESH,
            "at_import": describe(ddb),
            "own_session": describe(boto3.Session().client("sqs")),
            "resource": describe(boto3.resource("dynamodb").meta.client),
            "botocore": describe(botocore.session.get_session().create_client("logs")),
        }
    """
}


def test_handler_clients_use_the_environment(harness: Harness) -> None:
    """A fresh environment's clients get its region, credentials (access key = account id)
    and endpoint, whatever another function's environment had."""
    spec = harness.function(CLIENTS)
    other_account = "210987654321"
    other = dataclasses.replace(
        spec,
        account=other_account,
        region="ap-southeast-2",
        arn=f"arn:aws:lambda:ap-southeast-2:{other_account}:function:{spec.name}",
        environment={"AWS_ENDPOINT_URL": "http://127.0.0.1:4999"},
    )

    async def body(m: RuntimeManager) -> list[dict[str, object]]:
        return [json.loads((await invoke(m, s)).payload) for s in (spec, other)]

    first, second = harness.drive(body)
    secret, token = "cloudlet-secret-access-key", "cloudlet-session-token"
    expected = ["eu-west-1", "http://127.0.0.1:4566", ACCOUNT, secret, token]
    assert first == {"fresh": True, "at_import": expected, "own_session": expected,
                     "resource": expected, "botocore": expected}
    expected = ["ap-southeast-2", "http://127.0.0.1:4999", other_account, secret, token]
    assert second == {"fresh": True, "at_import": expected, "own_session": expected,
                      "resource": expected, "botocore": expected}


def test_a_function_config_file_and_profile_are_read(harness: Harness) -> None:
    """Nothing of botocore's configuration is resolved before the handler runs."""
    spec = harness.function(
        {
            "config": "[profile mine]\nmax_attempts = 7\n",
            "app.py": """
            import boto3
            def handler(event, context):
                client = boto3.Session(profile_name="mine").client("dynamodb")
                return client.meta.config.retries["total_max_attempts"]
            """,
        },
        environment={"AWS_CONFIG_FILE": "config"},
    )
    assert json.loads(harness.drive(lambda m: invoke(m, spec)).payload) == 7


PACKAGED = {
    "boto3/__init__.py": "__version__ = '0.0.0-packaged'\n",
    "app.py": """
    import boto3, sys

    def handler(event, context):
        return {"version": boto3.__version__, "file": boto3.__file__,
                "botocore_loaded": "botocore" in sys.modules}
    """,
}

RUNTIME_COPY = {
    "app.py": """
    import boto3

    def handler(event, context):
        return {"version": boto3.__version__}
    """,
}


def test_a_boto3_shipped_with_the_function_wins_over_the_runtime_copy(harness: Harness) -> None:
    """As on Lambda, a package in the deployment package shadows the runtime's."""
    packaged, plain = harness.function(PACKAGED), harness.function(RUNTIME_COPY)

    async def body(m: RuntimeManager) -> list[dict[str, object]]:
        return [json.loads((await invoke(m, s)).payload) for s in (packaged, plain)]

    shipped, runtime = harness.drive(body)
    assert shipped["version"] == "0.0.0-packaged"
    assert str(shipped["file"]).endswith("boto3/__init__.py")
    assert shipped["botocore_loaded"] is False  # the SDK's copies were replaced together
    assert runtime["version"] != "0.0.0-packaged"


HOOKS = {
    "app.py": """
    import boto3, botocore.handlers, botocore.hooks, botocore.session
    from botocore.config import Config

    seen = []
    ddb = boto3.client("dynamodb")  # the environment's first session (the zygote's copy)

    class Answered:  # the HTTP response a short-circuiting before-call hook gives
        status_code = 200
        headers = {}

    def before_call(params, **kwargs):
        seen.append(kwargs.get("model").name)
        return Answered(), {"ok": "short-circuited"}  # no request is sent

    own = boto3.Session(region_name="us-west-2")
    own.events.register("before-call.dynamodb.ListTables", before_call)
    hooked = own.client("dynamodb", config=Config(user_agent_extra="mine"))
    emitter = botocore.hooks.HierarchicalEmitter()
    emitter.register("before-call.sqs.ListQueues", before_call)  # before the builtins
    custom = botocore.session.Session(event_hooks=emitter)
    bare = botocore.session.Session(include_builtin_handlers=False)

    def handler(event, context):
        listed = hooked.list_tables()
        queues = custom.create_client("sqs", region_name="eu-west-1").list_queues()
        return {
            "hooked": listed, "queues": queues, "seen": seen,
            "region": [ddb.meta.region_name, hooked.meta.region_name],
            "user_agent": "mine" in hooked.meta.config.user_agent_extra,
            # a hook on one session is not on another
            "other_sees_hook": before_call in boto3.Session().events._emitter._handlers.prefix_search(
                "before-call.dynamodb.ListTables"),
            "builtins": len(boto3.Session()._session._events._emitter._unique_id_handlers) > 0,
            "bare_has_none": not bare._events._emitter._handlers.prefix_search(
                "before-parameter-build.s3.PutObject"),
            "custom_has_builtins": bool(custom._events._emitter._handlers.prefix_search(
                "before-parameter-build.s3.PutObject")),
            "contexts_distinct": len({id(c._endpoint.http_session._manager.connection_pool_kw.get("ssl_context"))
                                      for c in (ddb, hooked)}) == 2,
        }
    """,
}


def test_handler_sessions_hooks_and_config_work_as_in_botocore(harness: Harness) -> None:
    """The zygote's prepared handler registrations (boto_prewarm) are a copy per session:
    a handler's own hooks, event_hooks emitters, include_builtin_handlers=False and Config
    behave as with a cold botocore."""
    spec = harness.function(HOOKS)
    result = json.loads(harness.drive(lambda m: invoke(m, spec)).payload)
    assert result == {
        "hooked": {"ok": "short-circuited"}, "queues": {"ok": "short-circuited"},
        "seen": ["ListTables", "ListQueues"], "region": ["eu-west-1", "us-west-2"],
        "user_agent": True, "other_sees_hook": False, "builtins": True, "bare_has_none": True,
        "custom_has_builtins": True, "contexts_distinct": True,
    }
