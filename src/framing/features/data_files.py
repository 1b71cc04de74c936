"""Reading the YAML data files of the feature families: the packaged ones or a user's own."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from framing.errors import InputError, LexiconError
from framing.io import YAML_LOADER, read_yaml

#: What a cache of a user's file is keyed by: its path, and its modification time and size.
FileKey = tuple[str, tuple[int, int] | None]


def file_key(path: str | os.PathLike[str]) -> FileKey:
    """Return ``path`` with its modification time and size, so a cache keyed by it reads an
    edited file again instead of serving the old one (None when the file cannot be read:
    the read itself then says why)."""
    try:
        stat = os.stat(path)
    except OSError:
        return str(path), None
    return str(path), (stat.st_mtime_ns, stat.st_size)


def read_data_file(path: str | os.PathLike[str] | None, packaged: str) -> tuple[str, Any]:
    """Return ``(source, data)``: the parsed YAML of ``path``, or of ``lexicons/<packaged>``.

    ``source`` names the file in error messages. A file that cannot be read or parsed raises
    :class:`LexiconError` naming the file (and the line, for invalid YAML).
    """
    if path is None:
        source = f"framing/lexicons/{packaged}"
        text: str | None = (
            resources.files("framing").joinpath("lexicons", packaged).read_text("utf-8")
        )
    else:
        source, text = str(path), None
    try:
        return source, read_yaml(source, text=text)
    except InputError as exc:
        raise LexiconError(str(exc)) from exc


def compose_yaml(text: str, source: str) -> yaml.Node | None:
    """Return the YAML node tree of ``text`` (nodes keep their lines, for messages).

    Invalid YAML raises :class:`LexiconError` naming ``source`` and the line.
    """
    try:
        return yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise LexiconError(f"{source}{line}: not valid YAML ({error})") from error


def node_error(source: str, node: yaml.Node, problem: str) -> LexiconError:
    """Return the error for a YAML ``node`` of ``source``, naming its line."""
    return LexiconError(f"{source}, line {node.start_mark.line + 1}: {problem}")


@lru_cache(maxsize=1)
def packaged_data_digest() -> str:
    """Return a hash of every packaged data file the features read: the YAML files under
    ``framing/lexicons`` (actors, labels, stance cues, frames, domain packs, ...) and the
    target-sentiment model. Feature caches key on it, so editing one of them re-extracts."""
    digest = hashlib.sha256()
    root = resources.files("framing")
    folders = [root / "lexicons", root / "lexicons" / "domains", root / "features" / "models"]
    for folder in folders:
        for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
            if item.is_file() and item.name.endswith((".yml", ".npz")):
                digest.update(item.name.encode("utf-8") + b"\0" + item.read_bytes())
    return digest.hexdigest()[:16]
