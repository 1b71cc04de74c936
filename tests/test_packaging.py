"""The package's metadata, its conda mirror, and the README/CI contract."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

from framing.io import read_yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_names = {_name(r) for r in project["dependencies"]}
    env = read_yaml(ROOT / "environment.yml")
    conda_names = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    conda_names -= {"python", "pip"}
    assert pip_names == conda_names


def test_ci_runs_the_readme_test_command():
    out = subprocess.run(
        [
            "awk",
            "/<!-- test-command/{found=1; next} found && /^```bash/{getline; print; exit}",
            str(ROOT / "README.md"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out.endswith("pytest -q"), out
    assert 'bash -c "$cmd"' in (ROOT / ".ci" / "run").read_text()


def test_readme_first_command_runs_the_main_job_on_the_sample():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```bash", 1)[1].split("```", 1)[0]
    assert "framing run data/raw/sample" in first_block
