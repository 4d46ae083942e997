"""The aws CLI's high-level ``s3`` commands against cloudlet, as users run them.

https://docs.aws.amazon.com/cli/latest/reference/s3/ (cp, sync, mv, rm, ls, rb, presign):
a file past the CLI's 8 MiB multipart threshold goes up in parts and comes back whole;
``--content-type`` and ``--metadata`` land on the object; an unchanged tree syncs nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path
from typing import Any

AWS = str(Path(sys.executable).parent / "aws")


def _aws(server: Any, *args: str) -> str:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": ""}
    quiet = ["--only-show-errors"] if args[0] in ("cp", "sync", "mv", "rm") else []
    out = subprocess.run([AWS, "--endpoint-url", server.url, "s3", *args, *quiet],
                         check=True, capture_output=True, text=True, env=env, timeout=120)
    return out.stdout


def test_cli_sync_cp_mv_presign_rm(server: Any, s3: Any, tmp_path: Path) -> None:
    name = f"cli-{uuid.uuid4().hex[:12]}"
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a b+c.txt").write_text("one")
    big = os.urandom(9 * 1024 * 1024 + 5)
    (tree / "sub" / "big.bin").write_bytes(big)
    _aws(server, "mb", f"s3://{name}")
    _aws(server, "sync", str(tree), f"s3://{name}/t/")
    assert _aws(server, "sync", str(tree), f"s3://{name}/t/") == ""
    assert s3.head_object(Bucket=name, Key="t/sub/big.bin")["ETag"].endswith('-2"')
    listed = _aws(server, "ls", f"s3://{name}/t/")
    assert "PRE sub/" in listed and "a b+c.txt" in listed
    _aws(server, "cp", str(tree / "a b+c.txt"), f"s3://{name}/typed", "--content-type",
         "text/plain", "--metadata", "team=blue")
    _aws(server, "mv", f"s3://{name}/typed", f"s3://{name}/moved")
    head = s3.head_object(Bucket=name, Key="moved")
    assert (head["ContentType"], head["Metadata"]) == ("text/plain", {"team": "blue"})
    url = _aws(server, "presign", f"s3://{name}/moved", "--expires-in", "60").strip()
    with urllib.request.urlopen(url) as resp:
        assert resp.read() == b"one"
    down = tmp_path / "down"
    _aws(server, "sync", f"s3://{name}/t/", str(down))
    assert (down / "sub" / "big.bin").read_bytes() == big
    assert (down / "a b+c.txt").read_text() == "one"
    _aws(server, "rm", f"s3://{name}/t/", "--recursive")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=name)["Contents"]] == ["moved"]
    _aws(server, "rb", f"s3://{name}", "--force")
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
