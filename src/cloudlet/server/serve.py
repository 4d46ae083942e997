"""Run the app on uvicorn (uvloop + httptools) until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import sys

import uvicorn

from cloudlet.config import Config
from cloudlet.server.app import CloudletApp
from cloudlet.server.http_protocol import CloudletHttpProtocol


def install_fast_loop() -> None:
    try:
        import uvloop
    except ImportError:
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


async def serve(config: Config) -> None:
    app = CloudletApp(config)
    server = uvicorn.Server(uvicorn.Config(
        app,
        host=config.host,
        port=config.port,
        http=CloudletHttpProtocol,
        # No WebSocket API is served: an Upgrade request is answered as plain HTTP, and
        # wsproto is not imported (0.5 MB of an idle server).
        ws="none",
        lifespan="on",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=10,
    ))
    startup = server.startup

    async def announce(sockets: object = None) -> None:
        await startup(sockets)  # type: ignore[arg-type]
        if server.started:
            services = ", ".join(sorted(app.state.services))
            print(f"cloudlet listening on {config.endpoint_url} (data: {app.state.data_dir})\n"
                  f"  services: {services}\n"
                  f"  console: {config.endpoint_url}/_cloudlet/console/", file=sys.stderr, flush=True)

    shutdown = server.shutdown

    async def drain_then_shutdown(sockets: object = None) -> None:
        # uvicorn waits for in-flight requests before the lifespan shutdown; drain at once so
        # a long invocation is failed now rather than awaited.
        draining = asyncio.ensure_future(app.drain())
        await shutdown(sockets)  # type: ignore[arg-type]
        await draining

    server.startup = announce  # type: ignore[method-assign]
    server.shutdown = drain_then_shutdown  # type: ignore[method-assign]
    await server.serve()
