"""The Python runtime's entry script when a wrapper starts it (``python bootstrap.py``).

AWS's python3.x ``/var/runtime/bootstrap`` runs ``exec -- "$AWS_LAMBDA_EXEC_WRAPPER"
/var/lang/bin/python3.x /var/runtime/bootstrap.py``: the script is the last argument, so a
wrapper can insert interpreter options before it. This is that script: it puts the
function's code and layers first on ``sys.path`` (``_CLOUDLET_SYS_PATH``, removed from the
environment), keeps its own folder off it, and runs ``cloudlet.runtime.api_client``.
"""

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_SRC = os.path.dirname(os.path.dirname(os.path.dirname(_HERE)))

if sys.path and os.path.abspath(sys.path[0] or ".") == _HERE:
    del sys.path[0]
_code = [p for p in os.environ.pop("_CLOUDLET_SYS_PATH", "").split(os.pathsep) if p]
sys.path[:0] = _code
sys.path.append(_SRC)

from cloudlet.runtime.api_client import main  # noqa: E402

main()
