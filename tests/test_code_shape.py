"""The shape the maintainers agreed on: small modules, short functions, one layering.

The layering itself is checked by import-linter (contracts in pyproject.toml), types by
mypy, imports against requirements by deptry and style by ruff; each runs here so the one
test command checks everything CI checks.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "core"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_over_300_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long


def test_no_function_over_60_lines() -> None:
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = n
    assert not long, long


def test_only_the_dashboard_imports_streamlit() -> None:
    offenders = []
    for path in _modules():
        if path.is_relative_to(CORE / "dashboard"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [
                str(path.relative_to(ROOT)) for n in names if n.split(".")[0] == "streamlit"
            ]
    assert not offenders, offenders


def _tool(name: str) -> str:
    exe = Path(sys.executable).parent / name
    found = str(exe) if exe.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: it is in requirements-dev.txt")
    return found


@pytest.mark.parametrize(
    "command",
    [
        ["lint-imports"],
        ["mypy"],
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        [
            "deptry",
            ".",
            "--requirements-files",
            "requirements.in",
            "--requirements-files-dev",
            "requirements-dev.in",
        ],
    ],
    ids=lambda c: c[0] if c[0] != "ruff" else "ruff-" + c[1],
)
def test_static_checks_pass(command: list[str]) -> None:
    out = subprocess.run(
        [_tool(command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, (out.stdout + out.stderr)[-4000:]
