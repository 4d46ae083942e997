"""layout.py: where the code and the layers appear inside an environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cloudlet.runtime import layout
from cloudlet.runtime.spec import FunctionSpec

needs_opt = pytest.mark.skipif(not os.path.isdir("/opt"), reason="the host has no /opt")


def _spec(code: Path = Path("/code"), layers: tuple[Path, ...] = ()) -> FunctionSpec:
    return FunctionSpec(
        account="111122223333", region="us-east-2", name="f", arn="arn:aws:lambda:us-east-2:111122223333:function:f",
        version="$LATEST", runtime="provided.al2023", handler="h", code_dir=code, memory_mb=128,
        timeout_s=3, environment={}, reserved_concurrency=None, revision="1", layer_dirs=layers,
    )


def test_without_a_mount_namespace_the_real_folders_are_used() -> None:
    spec = _spec(layers=(Path("/l1"),))
    plan = layout.plan(spec, mountns=False, overlay=True, runtime_paths=[])
    assert plan.view == spec
    assert plan.mounts == ()
    assert plan.host_paths == ["/code", "/l1"]


@needs_opt
def test_code_at_var_task_and_one_layer_at_opt() -> None:
    plan = layout.plan(_spec(layers=(Path("/l1"),)), mountns=True, overlay=False, runtime_paths=[])
    assert plan.view.code_dir == Path("/var/task")
    assert plan.view.layer_dirs == (Path("/opt"),)
    assert plan.mounts == ((("/code",), "/var/task"), (("/l1",), "/opt"))
    assert plan.host_paths == []


@needs_opt
def test_several_layers_need_an_overlay() -> None:
    spec = _spec(layers=(Path("/l1"), Path("/l2")))
    merged = layout.plan(spec, mountns=True, overlay=True, runtime_paths=[])
    assert merged.mounts[1] == (("/l1", "/l2"), "/opt")
    kept = layout.plan(spec, mountns=True, overlay=False, runtime_paths=[])
    assert kept.view.layer_dirs == (Path("/l1"), Path("/l2"))
    assert kept.mounts == ((("/code",), "/var/task"),)
    assert kept.host_paths == ["/l1", "/l2"]


@needs_opt
def test_layers_never_hide_the_runtime() -> None:
    plan = layout.plan(_spec(layers=(Path("/l1"),)), mountns=True, overlay=True, runtime_paths=["/opt/python3"])
    assert plan.view.layer_dirs == (Path("/l1"),)
    assert plan.view.code_dir == Path("/var/task")


def test_missing_bootstrap_names_both_places(tmp_path: Path) -> None:
    spec = _spec(code=tmp_path)
    isolated = layout.plan(spec, mountns=True, overlay=True, runtime_paths=[])
    assert layout.bootstrap(spec, isolated) == (None, ["/var/task/bootstrap", "/opt/bootstrap"])
    plain = layout.plan(spec, mountns=False, overlay=True, runtime_paths=[])
    assert layout.bootstrap(spec, plain) == (None, [f"{tmp_path}/bootstrap"])


@needs_opt
def test_bootstrap_of_a_layer_runs_from_opt(tmp_path: Path) -> None:
    (tmp_path / "code").mkdir()
    (tmp_path / "layer").mkdir()
    (tmp_path / "layer" / "bootstrap").write_text("#!/bin/sh\n")
    spec = _spec(code=tmp_path / "code", layers=(tmp_path / "layer",))
    isolated = layout.plan(spec, mountns=True, overlay=True, runtime_paths=[])
    assert layout.bootstrap(spec, isolated)[0] == "/opt/bootstrap"
    plain = layout.plan(spec, mountns=False, overlay=True, runtime_paths=[])
    assert layout.bootstrap(spec, plain)[0] == f"{tmp_path}/layer/bootstrap"
    (tmp_path / "code" / "bootstrap").write_text("#!/bin/sh\n")
    assert layout.bootstrap(spec, isolated)[0] == "/var/task/bootstrap"
