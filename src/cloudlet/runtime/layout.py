"""Where a function's code and layers appear inside its execution environment.

On Lambda the code package is unpacked read-only at ``/var/task`` (``LAMBDA_TASK_ROOT``,
the working directory, first on ``sys.path``) and the layers' content is merged at
``/opt``, so stack traces read ``File "/var/task/app.py"`` and code may hard-code either
path. https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html and
https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html#packaging-layers-paths

With a mount namespace per environment we do the same: ``code_dir`` is bind-mounted
read-only at ``/var/task``; one layer is bind-mounted read-only at ``/opt``, several are
merged there by a read-only overlayfs (a later layer's file hides an earlier layer's, as
Lambda extracts them in order). Where ``/var/task`` is missing on the host, only the
environment's namespace gets it (see ``sandbox.graft_dir``): the host is not changed.

LIMITATIONS
- Without a mount namespace (isolation "none", no root) the code and layers are used at
  their real paths, as before.
- Layers stay at their real paths when the host has no ``/opt``, when the server's own
  interpreter or Node lives under ``/opt`` (it would be hidden), or when several layers
  need an overlayfs the kernel refuses.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cloudlet.runtime.spec import FunctionSpec

TASK_ROOT = Path("/var/task")
OPT = Path("/opt")


@dataclass(frozen=True)
class Layout:
    """``view``: the spec with ``code_dir``/``layer_dirs`` as the environment sees them;
    ``mounts``: read-only mounts to make, each (host folders, target)."""

    view: FunctionSpec
    mounts: tuple[tuple[tuple[str, ...], str], ...] = ()

    @property
    def host_paths(self) -> list[str]:
        """Host folders the environment reaches at their own path (not mounted elsewhere)."""
        targets = {target for _, target in self.mounts}
        paths = [str(self.view.code_dir), *(str(layer) for layer in self.view.layer_dirs)]
        return [p for p in paths if p not in targets]


def plan(spec: FunctionSpec, *, mountns: bool, overlay: bool, runtime_paths: Sequence[str]) -> Layout:
    """Mount the code at /var/task and the layers at /opt where the namespace allows.

    ``runtime_paths``: what the runtime itself needs (interpreter, bootstrap scripts); a
    mount that would hide one of them is not made.
    """
    if not mountns or not os.path.isdir(TASK_ROOT.parent) or _is_under_any(runtime_paths, TASK_ROOT):
        return Layout(spec)
    mounts: list[tuple[tuple[str, ...], str]] = [((str(spec.code_dir),), str(TASK_ROOT))]
    layers = spec.layer_dirs
    if (
        layers
        and os.path.isdir(OPT)
        and not _is_under_any(runtime_paths, OPT)
        and (len(layers) == 1 or overlay)
    ):
        mounts.append((tuple(str(layer) for layer in layers), str(OPT)))
        layers = (OPT,)
    view = dataclasses.replace(spec, code_dir=TASK_ROOT, layer_dirs=layers)
    return Layout(view, tuple(mounts))


def bootstrap(spec: FunctionSpec, layout: Layout) -> tuple[str | None, list[str]]:
    """A custom runtime's ``bootstrap``: the code's, else the layers' (Lambda's order).

    Returns the path to exec (as the environment sees it, or None) and every candidate, as
    Lambda lists them in ``Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]``.
    """
    found: str | None = None
    candidates = [(spec.code_dir / "bootstrap", layout.view.code_dir / "bootstrap")]
    if layout.view.layer_dirs == spec.layer_dirs:
        candidates += [(layer / "bootstrap", layer / "bootstrap") for layer in spec.layer_dirs]
    else:  # merged at /opt: the last layer holding one wins
        candidates += [(layer / "bootstrap", OPT / "bootstrap") for layer in reversed(spec.layer_dirs)]
    for host, seen in candidates:
        if host.is_file():
            found = str(seen)
            break
    listed = list(dict.fromkeys(str(seen) for _, seen in candidates))
    if layout.mounts and str(OPT / "bootstrap") not in listed:
        listed.append(str(OPT / "bootstrap"))  # Lambda always names both
    return found, listed


def _is_under_any(paths: Sequence[str], root: Path) -> bool:
    """Is one of ``paths`` ``root`` or inside it? (The runtime's paths are the same for
    every cold start: their real paths are looked up once.)"""
    return _under_any(tuple(paths), root)


@functools.lru_cache(maxsize=64)
def _under_any(paths: tuple[str, ...], root: Path) -> bool:
    for path in paths:
        real = os.path.realpath(path)
        if real == str(root) or real.startswith(f"{root}/"):
            return True
    return False
