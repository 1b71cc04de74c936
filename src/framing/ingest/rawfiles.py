"""Which files of a raw folder are read, and a recorded reason for every one that is not.

Hidden names, links that dangle or lead out of the raw folder, unsupported types and names
that are not valid UTF-8 are skipped, each with an :class:`~framing.errors.InputError` (kind
``skipped``, or ``bad_name``) so the ``errors`` table says why a file was not ingested.
"""

from __future__ import annotations

import os
from pathlib import Path

from framing.errors import InputError

#: File extensions the readers handle, and the format name recorded for each.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".jsonl": "jsonl",
}
#: Name of the optional per-folder sidecar that overrides inferred metadata.
SIDECAR_NAME = "metadata.csv"
#: Error kinds that are notes (the run still succeeds): skipped files, renamed or encoded
#: fields.
NOTE_KINDS = frozenset({"skipped", "renamed", "encoded"})


def printable_label(relative: str) -> str:
    """Return ``relative`` as valid UTF-8 text: undecodable bytes of a file name become
    ``\\xNN`` escapes (the tables are UTF-8; such a name cannot be stored as it is)."""
    return os.fsencode(relative).decode("utf-8", errors="backslashreplace")


def _skip_reason(path: Path, root: Path, relative: str) -> InputError | None:
    """Return why ``path`` (a non-folder entry under ``root``) is not read, or None."""
    if path.name.startswith("."):
        return InputError(relative, "hidden file (name starts with '.'); not read", kind="skipped")
    if relative != printable_label(relative):
        return InputError(
            printable_label(relative),
            "file name is not valid UTF-8; rename the file (for example with `convmv`)",
            kind="bad_name",
        )
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():
            return InputError(
                relative, f"broken symbolic link (to {os.readlink(path)}); not read",
                kind="skipped",
            )  # fmt: skip
        if root not in target.parents:
            return InputError(
                relative,
                "symbolic link to a file outside the raw folder; not followed (copy the file "
                "into the raw folder to ingest it)",
                kind="skipped",
            )
    if path.suffix.lower() not in FORMATS:
        return InputError(
            relative,
            f"unsupported file type '{path.suffix or '(none)'}' (reads "
            f"{', '.join(FORMATS)}); not read",
            kind="skipped",
        )
    if not path.is_file():
        return InputError(relative, "not a regular file; not read", kind="skipped")
    return None


def scan_raw_folder(raw_dir: str | os.PathLike[str]) -> tuple[list[Path], list[InputError]]:
    """Return the raw files under ``raw_dir`` (recursive, sorted by relative posix path, no
    sidecars) and a ``skipped`` note for every other entry: hidden files and folders (not
    entered), links to folders, dangling links or links out of the raw folder (not
    followed), unsupported types and names that are not valid UTF-8.

    Raises :class:`InputError` when ``raw_dir`` is not a folder.
    """
    root = Path(raw_dir)
    if not root.is_dir():
        raise InputError(str(root), "is not a folder of raw articles", kind="missing")
    resolved_root = root.resolve()
    files: list[Path] = []
    skipped: list[InputError] = []
    for folder, dirs, names in os.walk(root):
        base = Path(folder)
        for name in sorted(dirs):
            relative = (base / name).relative_to(root).as_posix()
            if name.startswith("."):
                skipped.append(InputError(
                    relative + "/", "hidden folder (name starts with '.'); not read",
                    kind="skipped",
                ))  # fmt: skip
                dirs.remove(name)
            elif (base / name).is_symlink():
                skipped.append(InputError(
                    relative + "/", "symbolic link to a folder; not followed", kind="skipped"
                ))  # fmt: skip
        for name in names:
            path = base / name
            if name == SIDECAR_NAME:
                continue
            relative = path.relative_to(root).as_posix()
            reason = _skip_reason(path, resolved_root, relative)
            if reason is None:
                files.append(path)
            else:
                skipped.append(reason)
    files.sort(key=lambda p: p.relative_to(root).as_posix())
    skipped.sort(key=lambda error: error.path)
    return files, skipped


def list_raw_files(raw_dir: str | os.PathLike[str]) -> list[Path]:
    """Return the readable raw files under ``raw_dir`` (see :func:`scan_raw_folder`)."""
    return scan_raw_folder(raw_dir)[0]
