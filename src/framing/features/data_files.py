"""Reading the YAML data files of the feature families: the packaged ones or a user's own."""

from __future__ import annotations

import os
from importlib import resources
from typing import Any

from framing.errors import InputError, LexiconError
from framing.io import read_yaml


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
