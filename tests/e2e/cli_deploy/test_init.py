"""``cloudlet init``: a new project copied from an example."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli_deploy.conftest import run_cli


def test_init_copies_the_example_without_its_demo_driver(tmp_path: Path) -> None:
    target = tmp_path / "game"
    done = run_cli("init", "--template", "mafia", str(target))
    assert done.returncode == 0, done.stderr
    assert (target / "src" / "new_game.py").is_file()
    assert not (target / "app.py").exists()
    assert "cloudlet up" in done.stdout


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    done = run_cli("init", "--template", "hello", str(tmp_path))
    assert done.returncode == 1
    assert "exists and is not empty" in done.stderr
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_init_refuses_an_unknown_template(tmp_path: Path) -> None:
    done = run_cli("init", "--template", "nope", str(tmp_path / "x"))
    assert done.returncode == 2
    assert "'nope' is not one of" in done.stderr
