"""A 1 GiB object put and got through boto3 without the server holding it in memory:
uploads are spooled to disk as they arrive, downloads streamed from the file.
https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
"""

from __future__ import annotations

import hashlib
import io
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_client
from tests.server import RunningServer

SIZE = 1 << 30
BLOCK = bytes(range(256)) * 4096  # 1 MiB


class Generated(io.RawIOBase):
    """SIZE bytes produced on the fly (never a 1 GiB bytes object in the test)."""

    def __init__(self) -> None:
        self.pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.pos = {0: offset, 1: self.pos + offset, 2: SIZE + offset}[whence]
        return self.pos

    def tell(self) -> int:
        return self.pos

    def readinto(self, buffer: Any) -> int:
        left = min(len(buffer), SIZE - self.pos)
        done = 0
        while done < left:
            start = (self.pos + done) % len(BLOCK)
            piece = BLOCK[start:start + left - done]
            buffer[done:done + len(piece)] = piece
            done += len(piece)
        self.pos += done
        return done


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_one_gib_put_and_get_in_bounded_memory(tmp_path: Path) -> None:
    running = RunningServer(tmp_path / "data").start()
    try:
        assert running.proc is not None
        pid = running.proc.pid
        s3 = make_client(running, "s3")
        s3.create_bucket(Bucket="big")
        s3.put_object(Bucket="big", Key="warm", Body=b"x")  # imports and caches settle first
        s3.get_object(Bucket="big", Key="warm")["Body"].read()
        before = _rss_kb(pid)
        peak = [before]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _rss_kb(pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        expected = hashlib.md5()
        source = Generated()
        while chunk := source.read(8 << 20):
            expected.update(chunk)
        source.seek(0)
        put = s3.put_object(Bucket="big", Key="gib", Body=source, ContentLength=SIZE)
        assert put["ETag"] == f'"{expected.hexdigest()}"'
        body = s3.get_object(Bucket="big", Key="gib")["Body"]
        source.seek(0)
        total = 0
        while chunk := body.read(8 << 20):
            assert chunk == source.read(len(chunk)), f"bytes differ after {total}"
            total += len(chunk)
        done.set()
        sampler.join()
        assert total == SIZE
        growth_mb = (peak[0] - before) / 1024
        print(f"server RSS grew {growth_mb:.1f} MB")
        assert growth_mb < 50, f"server RSS grew {growth_mb:.0f} MB"
    finally:
        running.stop()
        shutil.rmtree(tmp_path / "data", ignore_errors=True)
