"""A report's exports: every figure as PNG and SVG, every table as CSV, beside the report.

Figures (:class:`~framing.report.figure.ReportFigure`) and tables
(:class:`~framing.report.formatting.TableDisplay`) mark their notebook outputs with an export
name. :func:`write_exports` writes them to ``<report>/figures/`` and ``<report>/tables/``
(``reports/overview.html`` -> ``reports/overview/figures/…``), each file atomically, after
clearing what an earlier render left there; :func:`link_exports` points the report's
``framing-export:`` and ``framing-root:`` links at that folder and at the reports folder.
"""

from __future__ import annotations

import base64
import logging
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.io import atomic_path, write_text

if TYPE_CHECKING:  # pragma: no cover
    from nbformat import NotebookNode

log = logging.getLogger(__name__)
#: Prefix of links to a report's exported files (rewritten by the renderer).
EXPORT_PREFIX = "framing-export:"
#: Prefix of links to another page of the reports folder (``validity.html``).
ROOT_PREFIX = "framing-root:"
#: Output metadata key that names an export (``{"kind": "figure"|"table", "name": ...}``).
EXPORT_KEY = "framing_export"
#: The mime type a figure's SVG travels under: not one a front end displays, so the page
#: shows the PNG (the report template adds the download links from :data:`EXPORT_KEY`).
SVG_EXPORT = "application/vnd.framing.figure+svg"
#: The subfolders of a report's export folder, by export kind.
FOLDERS = {"figure": "figures", "table": "tables"}


def export_name(text: str, default: str = "figure") -> str:
    """Return a file-name stem for an export from its title.

    >>> export_name("Loaded terms per 1,000 words")
    'loaded-terms-per-1-000-words'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:60].strip("-")
    return slug or default


def export_folder(html_path: Path) -> Path:
    """Return the folder of a report's exports: the report's path without ``.html``."""
    return html_path.with_suffix("")


def _unique(name: str, taken: set[str]) -> str:
    candidate, i = name, 2
    while candidate in taken:
        candidate, i = f"{name}-{i}", i + 1
    taken.add(candidate)
    return candidate


def _write_bytes(data: bytes, path: Path) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def _write_one(kind: str, name: str, data: dict[str, Any], folder: Path) -> list[Path]:
    target = folder / FOLDERS[kind]
    written = []
    if kind == "figure":
        if "image/png" in data:
            _write_bytes(base64.b64decode(data["image/png"]), target / f"{name}.png")
            written.append(target / f"{name}.png")
        if SVG_EXPORT in data:
            written.append(write_text(str(data[SVG_EXPORT]), target / f"{name}.svg"))
    elif "text/csv" in data:
        written.append(write_text(str(data["text/csv"]), target / f"{name}.csv"))
    return written


def write_exports(nb: NotebookNode, folder: Path) -> list[Path]:
    """Write the marked outputs of executed notebook ``nb`` under ``folder``; return the paths.

    Two outputs with one name get ``-2``, ``-3`` and so on; the output's export name (from
    which the template writes a figure's links) and a table's displayed link are renamed to
    match (``nb`` is changed in place).
    """
    for sub in FOLDERS.values():
        if (folder / sub).is_dir():
            shutil.rmtree(folder / sub)
    taken: dict[str, set[str]] = {kind: set() for kind in FOLDERS}
    written: list[Path] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            mark = output.get("metadata", {}).get(EXPORT_KEY)
            if not isinstance(mark, dict) or mark.get("kind") not in FOLDERS:
                continue
            kind, name = str(mark["kind"]), str(mark.get("name") or "export")
            unique = _unique(name, taken[kind])
            mark["name"] = unique
            data = output.get("data", {})
            if unique != name and "text/html" in data:
                old = f"{EXPORT_PREFIX}{FOLDERS[kind]}/{name}."
                new = f"{EXPORT_PREFIX}{FOLDERS[kind]}/{unique}."
                data["text/html"] = str(data["text/html"]).replace(old, new)
            written.extend(_write_one(kind, unique, data, folder))
    log.debug("%d export(s) written under %s", len(written), folder)
    return written


def link_exports(page: str, *, export_href: str, root_href: str) -> str:
    """Return ``page`` with export links pointing at ``export_href`` (``overview/``) and
    reports-folder links (``framing-root:validity.html``) at ``root_href`` (``../``)."""
    page = page.replace(f'href="{EXPORT_PREFIX}', f'href="{export_href}')
    return page.replace(f'href="{ROOT_PREFIX}', f'href="{root_href}')
