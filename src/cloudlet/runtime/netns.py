"""An execution environment's network: its own namespace whose only way out is the edge.

With ``--function-network isolated`` (the default) each environment's init enters a new
network namespace holding only a loopback interface, and listens there on 127.0.0.1 at
the server's port (``AWS_ENDPOINT_URL``) and, for Node and custom runtimes, at its Runtime
API port. It hands those listening sockets to the manager over a datagram socket; the
manager accepts on them and relays each connection to the same port of the host's
loopback. Every other address or port is unreachable (``ECONNREFUSED`` on loopback,
``ENETUNREACH`` elsewhere). A spare environment creates its namespace ahead (it costs ~3
ms), so a cold start does not wait for it.

Init side: ``enter`` and ``listen``; manager side: ``Relays``.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import socket
import struct
from collections.abc import Sequence

from cloudlet.runtime import sandbox

CLONE_NEWNET = 0x40000000
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1
IFF_LOOPBACK = 0x8
RELAY_CHUNK = 1 << 16


def enter() -> None:
    """A new network namespace with its loopback up."""
    sandbox.unshare(CLONE_NEWNET)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", IFF_UP | IFF_LOOPBACK, b""))


def listen(ports: Sequence[int], channel_fd: int) -> None:
    """Listen on 127.0.0.1 at ``ports`` (in this namespace) and send the sockets to the
    manager over ``channel_fd``."""
    listeners = []
    try:
        for port in ports:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listeners.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", port))
            sock.listen(128)
        with socket.socket(fileno=channel_fd) as channel:
            socket.send_fds(channel, [b"net"], [s.fileno() for s in listeners])
    finally:
        for sock in listeners:
            sock.close()


class Relays:
    """The manager's side: accept on an environment's listeners, relay to the host."""

    def __init__(self, channel: socket.socket, ports: Sequence[int]) -> None:
        self.channel = channel
        self.ports = list(ports)
        self.servers: list[asyncio.Server] = []
        self.tasks: set[asyncio.Task[None]] = set()
        self.loop = asyncio.get_running_loop()
        channel.setblocking(False)
        self.loop.add_reader(channel.fileno(), self._on_sockets)

    def _on_sockets(self) -> None:
        try:
            _msg, fds, _flags, _addr = socket.recv_fds(self.channel, 16, len(self.ports))
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            fds = []
        self._close_channel()
        for fd, port in zip(fds, self.ports, strict=False):
            sock = socket.socket(fileno=fd)
            sock.setblocking(False)
            task = self.loop.create_task(self._serve(sock, port))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def _serve(self, sock: socket.socket, port: int) -> None:
        async def relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                up_reader, up_writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                writer.close()
                return
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
            for w in (writer, up_writer):
                with contextlib.suppress(Exception):
                    w.close()

        self.servers.append(await asyncio.start_server(relay, sock=sock))

    def _close_channel(self) -> None:
        if self.channel.fileno() >= 0:
            with contextlib.suppress(Exception):
                self.loop.remove_reader(self.channel.fileno())
            self.channel.close()

    def close(self) -> None:
        self._close_channel()
        for server in self.servers:
            server.close()
        for task in self.tasks:
            task.cancel()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(RELAY_CHUNK):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except OSError:
        with contextlib.suppress(Exception):
            writer.close()
