"""The child process of ``cloudlet invoke local``: cloudlet's own Python runtime
(``cloudlet.runtime.python_runtime.PythonRuntime``, the one execution environments run)
serving invocations on the private channel whose socket is file descriptor ``argv[1]``.

    python -m cloudlet.cli.local_runtime FD HANDLER CODE_DIR

Started with the environment variables an execution environment gets
(``cloudlet.runtime.variables.build``), so handler code sees the same event, context,
variables, log format and error shapes as when deployed.
"""

from __future__ import annotations

import os
import socket
import sys


def main() -> None:
    fd, handler, code_dir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.chdir(code_dir)
    sys.path[:] = [code_dir] + [p for p in sys.path if p and p != os.getcwd()]
    from cloudlet.runtime.python_runtime import FrameChannel, PythonRuntime

    PythonRuntime(FrameChannel(socket.socket(fileno=fd)), handler,
                  oom_on_memory_error=False).run()


if __name__ == "__main__":
    main()
