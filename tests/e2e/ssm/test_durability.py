"""Parameters and IAM roles survive a crash of the server (SIGKILL, then restart)."""

from __future__ import annotations

import signal
from pathlib import Path

from tests.conftest import make_client
from tests.e2e.iam.conftest import TRUST
from tests.server import RunningServer


def test_parameters_and_roles_survive_sigkill(tmp_path: Path) -> None:
    running = RunningServer(tmp_path / "data").start()
    try:
        make_client(running, "ssm").put_parameter(Name="/kept/p", Value="v1", Type="String")
        make_client(running, "ssm").put_parameter(Name="/kept/p", Value="v2", Overwrite=True)
        make_client(running, "iam").create_role(RoleName="kept", AssumeRolePolicyDocument=TRUST)
        running.stop(signal.SIGKILL)
        running.start()
        got = make_client(running, "ssm").get_parameter(Name="/kept/p:1")["Parameter"]
        assert got["Value"] == "v1"
        history = make_client(running, "ssm").get_parameter_history(Name="/kept/p")
        assert [h["Value"] for h in history["Parameters"]] == ["v1", "v2"]
        assert make_client(running, "iam").get_role(RoleName="kept")["Role"]["RoleName"] == "kept"
    finally:
        running.stop()
