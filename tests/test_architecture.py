"""The layout rules of ARCHITECTURE.md, checked: layers, no cycles, small modules and functions."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "framing"
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80


def _lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts over the package found in ``src``."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(config_filename=sys.argv[2], no_cache=True))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(src), str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_the_import_contracts_hold() -> None:
    result = _lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # A core module reaching up into a stage.
        ("corpus.py", "from framing.features import lexicon", "Stages import only"),
        # A lower stage reaching up.
        ("ingest/clean.py", "from framing.report import plots", "Stages import only"),
        # Two modules of one stage importing each other (a planted pair, see below).
        ("features/planted_b.py", "from framing.features import planted_a", "No import cycles"),
    ],
)
def test_the_contracts_catch_a_deliberate_violation(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    copy = tmp_path / "src" / "framing"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "features" / "planted_a.py").write_text("from framing.features import planted_b\n")
    (copy / "features" / "planted_b.py").write_text('"""A module of the copy."""\n')
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = _lint_imports(tmp_path / "src")
    assert result.returncode == 1, result.stdout
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_the_size_limit() -> None:
    sizes = {
        str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in _sources()
    }
    too_long = {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES}
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines: {too_long}"


def test_no_function_is_over_the_size_limit() -> None:
    too_long = {}
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long[f"{path.relative_to(PACKAGE)}:{node.name}"] = length
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines: {too_long}"
