"""The code at /var/task and the layers at /opt, as on Lambda (with a mount namespace).
https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html
https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html#packaging-layers-paths
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from cloudlet.runtime.manager import RuntimeManager
from tests.runtime.conftest import Harness, invoke

WHERE = {
    "app.py": """
    import os, sys
    def handler(event, context):
        if event.get("fail"):
            raise RuntimeError("where am I")
        return {"root": os.environ["LAMBDA_TASK_ROOT"], "cwd": os.getcwd(), "path0": sys.path[0],
                "file": __file__, "app": "app.py" in os.listdir(os.environ["LAMBDA_TASK_ROOT"])}
    """
}


def test_code_is_at_var_task(harness: Harness) -> None:
    """LAMBDA_TASK_ROOT is /var/task, the working directory and first on sys.path."""
    existed = os.path.exists("/var/task")
    spec = harness.function(WHERE)
    body = json.loads(harness.drive(lambda m: invoke(m, spec)).payload)
    root = str(harness.task_root(spec))
    assert body == {"root": root, "cwd": root, "path0": root, "file": f"{root}/app.py", "app": True}
    assert os.path.exists("/var/task") == existed  # the host is left as it was


def test_stack_trace_shows_var_task(harness: Harness) -> None:
    spec = harness.function(WHERE)
    body = json.loads(harness.drive(lambda m: invoke(m, spec, b'{"fail": true}')).payload)
    assert body["errorType"] == "RuntimeError"
    assert body["stackTrace"][0].startswith(f'  File "{harness.task_root(spec)}/app.py", line 5, in handler')


def test_var_task_is_read_only_and_var_stays_usable(isolated: Harness) -> None:
    """The code cannot be changed; /var's own folders (e.g. /var/tmp) are still there."""
    spec = isolated.function(
        {
            "app.py": """
            import os
            def handler(event, context):
                try:
                    open("/var/task/new.txt", "w").close()
                    write = "written"
                except OSError as e:
                    write = e.strerror
                return {"write": write, "var_tmp": os.path.isdir("/var/tmp")}
            """
        }
    )

    async def body(m: RuntimeManager) -> object:
        if not m.isolation.mountns:
            pytest.skip("mount namespaces unavailable")
        return json.loads((await invoke(m, spec)).payload)

    assert isolated.drive(body) == {"write": "Read-only file system", "var_tmp": True}


LAYER_READER = {
    "app.py": """
    import os
    import shared
    def handler(event, context):
        return {"shared": shared.NAME, "opt": sorted(os.listdir("/opt")),
                "bin": open("/opt/bin/tool").read()}
    """
}


def test_one_layer_is_at_opt(isolated: Harness) -> None:
    layer = {"python/shared.py": "NAME = 'layer'\n", "bin/tool": "one"}
    spec = isolated.function(LAYER_READER, layers=(layer,))

    async def body(m: RuntimeManager) -> object:
        if not m.isolation.mountns:
            pytest.skip("mount namespaces unavailable")
        return json.loads((await invoke(m, spec)).payload)

    assert isolated.drive(body) == {"shared": "layer", "opt": ["bin", "python"], "bin": "one"}


def test_layers_are_merged_at_opt_the_last_one_on_top(isolated: Harness) -> None:
    first = {"python/shared.py": "NAME = 'first'\n", "bin/tool": "first", "first.txt": ""}
    second = {"python/shared.py": "NAME = 'second'\n", "second.txt": ""}
    spec = isolated.function(LAYER_READER, layers=(first, second))

    async def body(m: RuntimeManager) -> object:
        if not (m.isolation.mountns and m.zygote.info.get("overlay")):
            pytest.skip("overlayfs unavailable")
        return json.loads((await invoke(m, spec)).payload)

    assert isolated.drive(body) == {
        "shared": "second",
        "opt": ["bin", "first.txt", "python", "second.txt"],
        "bin": "first",
    }


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_node_code_is_at_var_task(harness: Harness) -> None:
    spec = harness.function(
        {
            "index.js": """
            exports.handler = async (event) => {
              if (event.fail) throw new Error("where am I");
              return {root: process.env.LAMBDA_TASK_ROOT, cwd: process.cwd(), file: __filename};
            };
            """
        },
        runtime="nodejs20.x",
        handler="index.handler",
    )

    async def body(m: RuntimeManager) -> list[object]:
        ok = await invoke(m, spec)
        failed = await invoke(m, spec, b'{"fail": true}')
        return [json.loads(ok.payload), json.loads(failed.payload)]

    ok, failed = harness.drive(body)
    root = str(harness.task_root(spec))
    assert ok == {"root": root, "cwd": root, "file": f"{root}/index.js"}
    assert any(f"{root}/index.js" in line for line in failed["trace"])


def test_custom_runtime_bootstrap_runs_from_var_task(harness: Harness) -> None:
    script = f"""#!{sys.executable}
import json, os, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
with urllib.request.urlopen(api + "/invocation/next") as r:
    rid = r.headers["Lambda-Runtime-Aws-Request-Id"]
answer = {{"root": os.environ["LAMBDA_TASK_ROOT"], "cwd": os.getcwd(), "argv0": __file__}}
req = urllib.request.Request(api + f"/invocation/{{rid}}/response", json.dumps(answer).encode(), method="POST")
urllib.request.urlopen(req).close()
"""
    spec = harness.function({"bootstrap": script}, runtime="provided.al2023", executable=("bootstrap",))
    body = json.loads(harness.drive(lambda m: invoke(m, spec)).payload)
    root = str(harness.task_root(spec))
    assert body == {"root": root, "cwd": root, "argv0": f"{root}/bootstrap"}
