"""The one rule that finds the processed corpus (framing.config.find_processed), everywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from framing.classroom.exercises import resolve_processed
from framing.cli import cli
from framing.config import PROCESSED_ENV, find_processed
from framing.corpus import Corpus
from framing.errors import MissingStepError
from framing.explore.kwic import kwic


@pytest.fixture
def project(sample_processed: Path, tmp_path: Path) -> Path:
    """A project folder (pyproject.toml) with the sample in data/processed and notebooks/."""
    root = tmp_path / "project"
    shutil.copytree(sample_processed, root / "data" / "processed")
    (root / "pyproject.toml").write_text("[project]\nname = 'study'\n", encoding="utf-8")
    (root / "notebooks" / "classroom").mkdir(parents=True)
    return root


def test_explicit_then_environment_then_upward_search(project: Path, monkeypatch) -> None:
    monkeypatch.delenv(PROCESSED_ENV, raising=False)
    processed = project / "data" / "processed"
    # An explicit folder is taken as given, even one that does not exist (an ingest target).
    assert find_processed("elsewhere/p") == Path("elsewhere/p")
    # From notebooks/classroom/, the project's data/processed two levels up.
    assert find_processed(start=project / "notebooks" / "classroom") == processed
    assert find_processed(start=project) == processed
    # The environment variable wins over the search.
    other = project / "other"
    other.mkdir()
    assert find_processed(start=project, environ={PROCESSED_ENV: str(other)}) == other
    with pytest.raises(MissingStepError, match=f"{PROCESSED_ENV}=/no/such names a folder"):
        find_processed(environ={PROCESSED_ENV: "/no/such"})


def test_the_search_stops_at_the_project_root_and_says_what_it_found(
    project: Path, tmp_path: Path
) -> None:
    # data/processed above the project root is not ours: the search stops at pyproject.toml.
    inner = project / "inner"
    (inner / "data" / "processed").mkdir(parents=True)
    (inner / "data" / "processed" / ".gitkeep").write_text("", encoding="utf-8")
    (inner / ".git").mkdir()
    (inner / "notebooks").mkdir()
    with pytest.raises(MissingStepError) as error:
        find_processed(start=inner / "notebooks", environ={})
    message = str(error.value)
    assert f"looked for data/processed from {inner / 'notebooks'} up to the project root" in message
    assert f"{inner / 'notebooks' / 'data' / 'processed'} does not exist" in message
    assert (
        f"{inner / 'data' / 'processed'} exists but has no articles table (it holds: .gitkeep)"
        in message
    )
    assert str(project / "data" / "processed") not in message
    assert f"or set {PROCESSED_ENV} to it" in message


def test_library_widgets_classroom_and_cli_use_the_rule(project: Path, monkeypatch) -> None:
    monkeypatch.delenv(PROCESSED_ENV, raising=False)
    monkeypatch.chdir(project / "notebooks")  # where a notebook's kernel runs
    processed = project / "data" / "processed"
    assert Corpus().processed_dir == processed
    assert len(kwic("proxy war")) == 2  # the README's call, with no path, from notebooks/
    assert resolve_processed("") == processed
    monkeypatch.chdir(project / "notebooks" / "classroom")
    assert resolve_processed("data/processed") == processed  # a relative name, searched up
    result = CliRunner().invoke(cli, ["kwic", "proxy war", "--window", "10"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("2 lines\n")

    monkeypatch.chdir(project.parent)  # outside the project: nothing to find
    failed = CliRunner().invoke(cli, ["kwic", "proxy war"])
    assert failed.exit_code == 2
    assert "no processed corpus found: looked for data/processed from" in failed.output
    monkeypatch.setenv(PROCESSED_ENV, str(processed))
    assert len(kwic("proxy war")) == 2
