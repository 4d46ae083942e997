"""Lifecycle expiration by Days, applied on the server's clock (moved by the test).
https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.conftest import make_client
from tests.e2e.s3.conftest import advance_clock
from tests.server import RunningServer


def test_expiration_days_removes_matching_objects(tmp_path: Path) -> None:
    """Objects under the rule's prefix expire at the midnight after LastModified + Days;
    others stay; in a versioned bucket a delete marker is added instead."""
    running = RunningServer(tmp_path / "data", "--clock", "manual").start()
    try:
        s3 = make_client(running, "s3")
        s3.create_bucket(Bucket="aging")
        s3.put_object(Bucket="aging", Key="logs/old.log", Body=b"x")
        s3.put_object(Bucket="aging", Key="keep/me.txt", Body=b"y")
        s3.put_bucket_lifecycle_configuration(Bucket="aging", LifecycleConfiguration={"Rules": [
            {"ID": "logs", "Filter": {"Prefix": "logs/"}, "Status": "Enabled",
             "Expiration": {"Days": 1}}]})
        advance_clock(running, 3600)
        time.sleep(0.3)
        assert s3.list_objects_v2(Bucket="aging")["KeyCount"] == 2
        advance_clock(running, 2 * 86400)
        deadline = time.monotonic() + 10
        keys: list[str] = []
        while time.monotonic() < deadline:
            keys = [o["Key"] for o in s3.list_objects_v2(Bucket="aging").get("Contents", [])]
            if keys == ["keep/me.txt"]:
                break
            time.sleep(0.05)
        assert keys == ["keep/me.txt"]
    finally:
        running.stop()
