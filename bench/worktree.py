"""``--against REV``: a git worktree of REV in a temporary directory, whose cloudlet the
benchmark starts with the same venv (``PYTHONPATH=<worktree>/src`` first), removed at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class Worktree:
    def __init__(self, rev: str):
        self.rev = rev
        self.commit = subprocess.run(["git", "rev-parse", "--short", rev], cwd=REPO, check=True,
                                     capture_output=True, text=True).stdout.strip()
        self.tmp = Path(tempfile.mkdtemp(prefix="cloudlet-bench-rev-"))
        self.path = self.tmp / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(self.path), self.commit],
                       cwd=REPO, check=True, capture_output=True, timeout=120)
        self.env = {"PYTHONPATH": os.pathsep.join(
            [str(self.path / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
        self._check()

    def _check(self) -> None:
        """The server started under ``env`` imports cloudlet from the worktree."""
        found = subprocess.run([sys.executable, "-c", "import cloudlet; print(cloudlet.__file__)"],
                               env={**os.environ, **self.env}, check=True, capture_output=True,
                               text=True, timeout=60).stdout.strip()
        if not Path(found).resolve().is_relative_to(self.path.resolve()):
            self.remove()
            raise RuntimeError(f"cloudlet for {self.rev} imports from {found}, not the worktree")
        print(f"  {self.rev} = {self.commit}: cloudlet from {found}")

    def start_options(self) -> str:
        """``cloudlet start --help`` of that revision (to pass only options it has)."""
        return subprocess.run([sys.executable, "-m", "cloudlet", "start", "--help"],
                              env={**os.environ, **self.env}, capture_output=True, text=True,
                              timeout=60).stdout

    def remove(self) -> None:
        subprocess.run(["git", "worktree", "remove", "--force", str(self.path)], cwd=REPO,
                       capture_output=True, timeout=120)
        shutil.rmtree(self.tmp, ignore_errors=True)
        subprocess.run(["git", "worktree", "prune"], cwd=REPO, capture_output=True, timeout=60)
