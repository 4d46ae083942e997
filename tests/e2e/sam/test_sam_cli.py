"""``sam deploy`` (AWS SAM CLI, in its own venv) pointed at cloudlet with AWS_ENDPOINT_URL:
it packages examples/visitplannr to a cloudlet S3 bucket and deploys it with a change set.

The SAM CLI is installed into /var/tmp/cloudlet-sam-cli when missing; the test is skipped
(with the reason) when that install fails, e.g. offline.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.conftest import make_client
from tests.e2e.stacks import remove, wait_settled
from tests.server import RunningServer

SAM_VENV = Path("/var/tmp/cloudlet-sam-cli")
APP = Path(__file__).resolve().parents[3] / "examples" / "visitplannr"


@pytest.fixture(scope="session")
def sam_cli() -> Path:
    exe = SAM_VENV / "bin" / "sam"
    if not exe.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(SAM_VENV)], check=True,
                           capture_output=True, timeout=120)
            subprocess.run([str(SAM_VENV / "bin" / "pip"), "install", "-q", "aws-sam-cli"],
                           check=True, capture_output=True, timeout=900)
        except (subprocess.SubprocessError, OSError) as error:
            pytest.skip(f"aws-sam-cli could not be installed into {SAM_VENV}: {error}")
    return exe


def test_sam_deploy_visitplannr(server: RunningServer, sam_cli: Path, tmp_path: Path) -> None:
    bucket, name = f"sam-{uuid.uuid4().hex[:8]}", f"vp-sam-{uuid.uuid4().hex[:6]}"
    make_client(server, "s3").create_bucket(Bucket=bucket)
    env = {**os.environ, "AWS_ENDPOINT_URL": server.url, "AWS_ACCESS_KEY_ID": "test",
           "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
           "SAM_CLI_TELEMETRY": "0", "HOME": str(tmp_path)}
    done = subprocess.run(
        [str(sam_cli), "deploy", "--template-file", str(APP / "template.yaml"),
         "--stack-name", name, "--s3-bucket", bucket, "--capabilities", "CAPABILITY_IAM",
         "--no-confirm-changeset", "--region", "us-east-1"],
        cwd=APP, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    stack = wait_settled(server, name)
    assert stack.status == "CREATE_COMPLETE"
    url = f"{server.url}/restapis/{stack.outputs['ApiId']}/Prod/_user_request_/destination"
    request = urllib.request.Request(url, data=json.dumps({"name": "Kew"}).encode(),
                                     method="POST")
    with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310
        assert resp.status == 201
    remove(server, name)
