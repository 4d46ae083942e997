"""boto_cache.py: botocore's models parsed once, shared by later sessions.

Each check runs in a fresh interpreter: ``warm()`` changes botocore for the whole process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import cloudlet

SRC = str(Path(cloudlet.__file__).resolve().parent.parent)


def _run(code: str, **env: str) -> object:
    """Run ``code`` after ``warm()``, with no JSON file readable; it prints a JSON answer."""
    prelude = """
        import json, os, boto3, botocore.loaders, botocore.session
        from cloudlet.runtime import boto_cache
        boto_cache.warm()
        def refuse(self, path):
            raise AssertionError(f"read {path}")
        botocore.loaders.JSONFileLoader.load_file = refuse
    """
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(prelude) + textwrap.dedent(code)],
        env={**clean, "PYTHONPATH": SRC, **env}, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


def test_warm_resolves_nothing_of_the_environment() -> None:
    answer = _run("""
        print(json.dumps([boto3.DEFAULT_SESSION is None]))
    """)
    assert answer == [True]


def test_clients_and_resources_of_warmed_services_read_no_file() -> None:
    answer = _run(
        """
        ddb = boto3.client("dynamodb")
        table = boto3.resource("dynamodb").Table("t")
        sqs = boto3.Session().client("sqs")
        creds = ddb._request_signer._credentials
        print(json.dumps([ddb.meta.region_name, ddb.meta.endpoint_url, creds.access_key,
                          table.meta.client.meta.region_name, sqs.meta.region_name]))
        """,
        AWS_DEFAULT_REGION="eu-central-1", AWS_ACCESS_KEY_ID="111122223333",
        AWS_SECRET_ACCESS_KEY="s", AWS_ENDPOINT_URL="http://127.0.0.1:1234",
    )
    assert answer == ["eu-central-1", "http://127.0.0.1:1234", "111122223333", "eu-central-1", "eu-central-1"]


def test_every_warmed_service_is_served_from_the_cache() -> None:
    """Guards against botocore changing how it calls its loader (the cache keys)."""
    answer = _run(
        """
        import contextlib
        for name in boto_cache.SERVICES:
            with contextlib.suppress(KeyError):  # no such operation, once paginators are loaded
                boto3.client(name).can_paginate("_")
        for name in boto_cache.RESOURCES:
            boto3.resource(name)
        print(json.dumps(len(boto_cache.SERVICES)))
        """,
        AWS_DEFAULT_REGION="eu-central-1", AWS_ACCESS_KEY_ID="a", AWS_SECRET_ACCESS_KEY="s",
    )
    assert answer == 15


def test_a_custom_data_path_bypasses_the_cache(tmp_path: Path) -> None:
    answer = _run(
        """
        loader = botocore.session.get_session().get_component("data_loader")
        try:
            loader.load_service_model("dynamodb", "service-2")
            print(json.dumps("cached"))
        except AssertionError:
            print(json.dumps("read"))
        """,
        AWS_DATA_PATH=str(tmp_path),
    )
    assert answer == "read"
