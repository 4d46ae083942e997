"""python_runtime.get_handler: awslambdaric's handler resolution, in process."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

from cloudlet.runtime import contract
from cloudlet.runtime.python_runtime import FaultException, get_handler


@pytest.fixture
def code(tmp_path: Path):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))


def _module(code: Path, text: str) -> str:
    name = "m" + uuid.uuid4().hex[:8]
    (code / f"{name}.py").write_text(text)
    return name


def test_resolves_a_function(code: Path) -> None:
    name = _module(code, "def fn(e, c):\n    return 7\n")
    assert get_handler(f"{name}.fn")(None, None) == 7


def test_folder_handler(code: Path) -> None:
    folder = "d" + uuid.uuid4().hex[:8]
    (code / folder / "sub").mkdir(parents=True)
    (code / folder / "sub" / "mod.py").write_text("def fn(e, c):\n    return 'deep'\n")
    assert get_handler(f"{folder}/sub/mod.fn")(None, None) == "deep"


@pytest.mark.parametrize(
    ("handler", "error_type"),
    [
        ("nodots", contract.MALFORMED_HANDLER_NAME),
        ("does_not_exist_anywhere.fn", contract.IMPORT_MODULE_ERROR),
        ("sys.fn", contract.BUILT_IN_MODULE_CONFLICT),
    ],
)
def test_errors(handler: str, error_type: str) -> None:
    with pytest.raises(FaultException) as err:
        get_handler(handler)
    assert err.value.exception_type == error_type


def test_missing_function_and_syntax_error(code: Path) -> None:
    name = _module(code, "x = 1\n")
    with pytest.raises(FaultException) as err:
        get_handler(f"{name}.fn")
    assert err.value.msg == f"Handler 'fn' missing on module '{name}'"
    broken = _module(code, "def f(:\n")
    with pytest.raises(FaultException) as err:
        get_handler(f"{broken}.f")
    assert err.value.exception_type == contract.USER_CODE_SYNTAX_ERROR
    assert err.value.msg.startswith(f"Syntax error in module '{broken}': ")
