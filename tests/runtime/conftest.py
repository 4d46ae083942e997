"""Helpers for driving RuntimeManager directly (no server, no HTTP).

pytest-asyncio is not installed: each test builds its coroutine and ``drive`` runs it with
``asyncio.run`` around a started manager, stopping it (and checking nothing is left behind)
afterwards.
"""

from __future__ import annotations

import asyncio
import os
import textwrap
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from cloudlet.runtime.manager import RuntimeConfig, RuntimeManager
from cloudlet.runtime.spec import FunctionSpec

T = TypeVar("T")
ACCOUNT = "123456789012"


def isolation_available() -> bool:
    return os.geteuid() == 0


class LogRecorder:
    """A log sink that keeps every event."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, int, str]] = []

    def __call__(self, spec: FunctionSpec, stream: str, events: list[tuple[int, str]]) -> None:
        for stamp, message in events:
            self.events.append((spec.name, stream, stamp, message))

    def messages(self) -> list[str]:
        return [message for _, _, _, message in self.events]


class Harness:
    def __init__(self, tmp_path: Path, isolation: str) -> None:
        self.tmp_path = tmp_path
        self.isolation = isolation
        self.sink = LogRecorder()

    def function(
        self,
        files: dict[str, str],
        *,
        handler: str = "app.handler",
        runtime: str = "python3.12",
        name: str | None = None,
        memory_mb: int = 128,
        timeout_s: float = 3.0,
        environment: dict[str, str] | None = None,
        reserved_concurrency: int | None = None,
        revision: str = "r1",
        version: str = "$LATEST",
        executable: tuple[str, ...] = (),
        layers: tuple[dict[str, str], ...] = (),
    ) -> FunctionSpec:
        name = name or "fn-" + uuid.uuid4().hex[:8]
        code_dir = self.tmp_path / f"{name}-{revision}"
        for rel, text in files.items():
            path = code_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
            if rel in executable:
                path.chmod(0o755)
        code_dir.mkdir(parents=True, exist_ok=True)
        layer_dirs = []
        for i, layer in enumerate(layers):
            layer_dir = self.tmp_path / f"{name}-{revision}-layer{i}"
            for rel, text in layer.items():
                path = layer_dir / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(textwrap.dedent(text))
            layer_dirs.append(layer_dir)
        return FunctionSpec(
            account=ACCOUNT,
            region="eu-west-1",
            name=name,
            arn=f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:{name}",
            version=version,
            runtime=runtime,
            handler=handler,
            code_dir=code_dir,
            memory_mb=memory_mb,
            timeout_s=timeout_s,
            environment=environment or {},
            reserved_concurrency=reserved_concurrency,
            revision=revision,
            layer_dirs=tuple(layer_dirs),
        )

    def task_root(self, spec: FunctionSpec) -> Path:
        """Where the environment sees the code: /var/task in its own mount namespace (as on
        Lambda), the real folder with isolation "none"."""
        if self.isolation == "auto" and isolation_available():
            return Path("/var/task")
        return spec.code_dir

    def drive(
        self, body: Callable[[RuntimeManager], Awaitable[T]], **config: Any
    ) -> T:
        async def main() -> T:
            manager = RuntimeManager(
                RuntimeConfig(
                    endpoint_url="http://127.0.0.1:4566",
                    isolation=self.isolation,
                    **config,
                ),
                self.sink,
            )
            await manager.start()
            try:
                return await body(manager)
            finally:
                await manager.stop()

        return asyncio.run(main())


@pytest.fixture(params=["auto", "none"])
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Harness:
    """Runs each test with the strongest isolation available and with rlimits only."""
    return Harness(tmp_path, request.param)


@pytest.fixture
def isolated(tmp_path: Path) -> Harness:
    if not isolation_available():
        pytest.skip("isolation needs root")
    return Harness(tmp_path, "auto")


async def invoke(manager: RuntimeManager, spec: FunctionSpec, payload: bytes = b"{}", **kw: Any) -> Any:
    return await manager.invoke(spec, payload, request_id=kw.pop("request_id", str(uuid.uuid4())), **kw)


def run_all(*coros: Awaitable[Any]) -> Awaitable[list[Any]]:
    return asyncio.gather(*coros)
