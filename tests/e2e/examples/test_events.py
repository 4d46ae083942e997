"""The events example: an S3 upload, an SNS topic, an SQS queue, a Kinesis stream and a
schedule each trigger a function; a failing async invoke and a bad order end in their
dead-letter queues. Built with boto3 as against AWS."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.e2e.examples.conftest import RUN, load_example


@pytest.fixture(scope="module")
def events_app() -> Any:
    return load_example("events")


def test_every_trigger_reaches_its_function(events_app: Any, session: boto3.Session) -> None:
    deployed = events_app.deploy(session, prefix=f"ev-{uuid.uuid4().hex[:6]}")
    transcript = events_app.play(session, deployed)
    text = "\n".join(transcript)
    assert "s3 -> ObjectCreated:Put uploads/cat.jpg" in text
    assert "ignored.txt" not in text  # outside the notification's prefix filter
    assert "sns -> disk almost full" in text
    assert "sqs -> order o-0 x2" in text and "sqs -> order o-2 x5" in text
    assert "order o-1 x0" not in text  # reported as a batch item failure
    assert sum(line.strip().startswith("kinesis -> click on") for line in transcript) == 3
    assert "schedule -> one-time schedule" in text
    assert 'dlq -> {"job": "resize-42"} failed: cannot process resize-42 (ErrorCode 200)' in text
    assert "dlq -> order o-1 after 2 receives" in text
    # The one-time schedule deleted itself after it ran (ActionAfterCompletion DELETE).
    names = [s["Name"] for s in session.client("scheduler").list_schedules()["Schedules"]]
    assert deployed.schedule not in names


def test_run_prints_the_transcript(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(RUN), "events", "--data-dir", str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].endswith(": ok")
