"""The store keeps what the data plane derives from its documents until they change."""

from __future__ import annotations

from pathlib import Path

from cloudlet.services.apigateway.store import Store


def test_a_memo_lasts_until_a_write_but_not_past_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    builds: list[int] = []

    def build() -> int:
        builds.append(1)
        return len(builds)

    first = store.memo("k", build)
    again = store.memo("k", build)
    store.put("usage", "", "u", {"used": 1}, quiet=True)
    after_quiet = store.memo("k", build)
    store.put("stage", "api", "dev", {"stageName": "dev"})
    after_write = store.memo("k", build)

    assert (first, again, after_quiet, after_write) == (1, 1, 1, 2)
