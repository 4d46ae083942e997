"""The spawn request of one environment: what its init and runtime get (``zygote.py``).

``plan`` turns a function's configuration and the isolation in effect into the request
the zygote (or the spare that takes the cold start) reads: where the code and layers are
mounted, which folders stay visible, the runtime's mode (the Python runtime in process,
or an ``execve`` of Node, a custom bootstrap or a wrapper script) and its limits.
``finish`` adds what is known only once the environment's Runtime API listener and
credentials exist: its variables.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cloudlet.runtime import contract, layout, sandbox, variables
from cloudlet.runtime.spec import FunctionSpec

NODE = shutil.which("node") or "/usr/bin/node"
NODE_BOOTSTRAP = str(Path(__file__).resolve().parent / "node" / "bootstrap.js")
# the Python runtime's script when a wrapper starts it, and the folder that holds cloudlet
PYTHON_BOOTSTRAP = str(Path(__file__).resolve().parent / "bootstrap" / "bootstrap.py")
SRC_DIR = str(Path(__file__).resolve().parent.parent.parent)
PACKAGE_DIR = str(Path(__file__).resolve().parent.parent)  # cloudlet's own modules
PLACEHOLDER_RUNTIME_API = "127.0.0.1:9001"  # Lambda's value; Python uses the private channel


@dataclass
class Isolation:
    """What the zygote found the OS allows (``zygote.probe_namespaces``), as in effect."""

    pidns: bool = False
    mountns: bool = False
    rootfs: bool = False  # each environment pivots into its own root (rootfs.py)
    unprivileged: bool = False  # its runtime runs as uid 993, no capability
    netns: bool = False  # each environment in its own network namespace (netns.py)
    overlay: bool = False  # several layers merge at /opt
    vm_bytes: int = 0  # the zygote's address space (RLIMIT_AS without a memory cgroup)
    shared_dirs: list[str] = field(default_factory=list)


@dataclass
class Planned:
    """A spawn request without its variables yet; ``view`` is the function as the
    environment sees it (/var/task, /opt)."""

    request: dict[str, Any]
    view: FunctionSpec
    wrapper: str | None

    @property
    def serves_runtime_api(self) -> bool:
        """An exec'd runtime speaks the Runtime API (a listener per environment)."""
        return bool(self.request["mode"] == "exec")


def plan(spec: FunctionSpec, iso: Isolation, cgroup_procs: list[str], env_id: str,
         memory_cgroup: bool) -> Planned | tuple[str, str]:
    """The request, or the (error type, detail) of an environment that cannot start."""
    runtime_paths = [sys.prefix, sys.base_prefix, variables.RUNTIME_DIR, PACKAGE_DIR]
    managed = spec.runtime in contract.PYTHON_RUNTIMES or spec.runtime in contract.NODE_RUNTIMES
    wrapper = spec.exec_wrapper if managed else None
    if spec.runtime in contract.NODE_RUNTIMES:
        runtime_paths.append(os.path.dirname(os.path.realpath(NODE)))
    elif wrapper:  # a fresh interpreter imports cloudlet from its source folder
        runtime_paths.append(SRC_DIR)
    placed = layout.plan(spec, mountns=iso.mountns, overlay=iso.overlay, runtime_paths=runtime_paths)
    view = placed.view
    request: dict[str, Any] = {
        "handler": spec.handler,
        "cwd": str(view.code_dir),
        "sys_path": [],
        "argv": [],
        "mode": "exec",
        "pidns": iso.pidns,
        "mountns": iso.mountns,
        "mounts": [[list(sources), target] for sources, target in placed.mounts],
        "cgroup_procs": cgroup_procs,
        "spare": env_id,  # the zygote's spare of that id, if it has one, becomes this init
        "rlimit_as": None,
        "oom_on_memory_error": False,
        # folders the environment needs even if they live under /tmp (hidden by its tmpfs)
        "keep_paths": [*placed.host_paths, *runtime_paths],
        "rootfs": iso.rootfs,
        "unprivileged": iso.unprivileged,
        "tmp_mb": spec.ephemeral_mb,
        "shared": iso.shared_dirs,
    }
    if not memory_cgroup and spec.runtime in contract.PYTHON_RUNTIMES:
        request["rlimit_as"] = sandbox.rlimit_as_bytes(spec.memory_mb, iso.vm_bytes)
        request["oom_on_memory_error"] = True
    if spec.runtime in contract.PYTHON_RUNTIMES and wrapper:
        request["argv"] = [sys.executable, PYTHON_BOOTSTRAP]
    elif spec.runtime in contract.PYTHON_RUNTIMES:
        request["mode"] = "python"
        request["sys_path"] = variables.python_path(view)
    elif spec.runtime in contract.NODE_RUNTIMES:
        if not Path(NODE).is_file():
            return contract.INVALID_ENTRYPOINT, f"not supported: {spec.runtime} needs node on PATH"
        request["argv"] = [NODE, NODE_BOOTSTRAP]
    elif spec.runtime in contract.PROVIDED_RUNTIMES:
        found, candidates = layout.bootstrap(spec, placed)
        if found is None:
            return contract.INVALID_ENTRYPOINT, f"Couldn't find valid bootstrap(s): [{' '.join(candidates)}]"
        request["argv"] = [found]
    else:
        return contract.INVALID_ENTRYPOINT, f"Unsupported runtime {spec.runtime}"
    return Planned(request, view, wrapper)


def finish(planned: Planned, spec: FunctionSpec, *, log_stream: str, endpoint_url: str,
           runtime_api: str, credentials: dict[str, str] | None) -> dict[str, Any]:
    """The request with the environment's variables (and its wrapper's)."""
    request = planned.request
    request["environ"] = variables.build(
        planned.view, log_stream=log_stream, endpoint_url=endpoint_url, runtime_api=runtime_api,
        credentials=credentials,
    )
    if planned.wrapper:
        request["wrapper"] = planned.wrapper
        if spec.runtime in contract.PYTHON_RUNTIMES:
            request["environ"]["_CLOUDLET_SYS_PATH"] = os.pathsep.join(variables.python_path(planned.view))
            request["oom_on_memory_error"] = False
    return request
