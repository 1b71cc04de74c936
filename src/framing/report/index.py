"""The reports' ``index.html``: one escaped link per report with its one-line summary."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from framing import __version__
from framing.io import write_text
from framing.report.jobs import ReportResult

INDEX_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;
max-width:64em;padding:0 1em;color:#111}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3em .6em;
border-bottom:1px solid #ddd;vertical-align:top}.failed{color:#D55E00;font-weight:bold}
.meta{color:#555;font-size:.9em}a{color:#0072B2}
"""
SECTION_TITLES = {
    "corpus": "Corpus reports",
    "group": "Group reports",
    "article": "Articles",
    "report": "Reports",
}


def write_index(
    results: list[ReportResult],
    out_dir: str | os.PathLike[str],
    *,
    title: str = "framing reports",
    inputs: dict[str, Any] | None = None,
) -> Path:
    """Write ``index.html`` linking every report with its one-line summary (all escaped)."""
    out = Path(out_dir)
    sections: dict[str, list[str]] = {}
    order = list(SECTION_TITLES)
    for r in sorted(results, key=lambda r: order.index(r.job.kind) if r.job.kind in order else 9):
        href = html.escape(r.job.output.replace(os.sep, "/"), quote=True)
        name = html.escape(r.job.title)
        if r.status == "failed":
            cell = f'{name} <span class="failed">failed</span>'
            note = html.escape(r.error)
        else:
            cell = f'<a href="{href}">{name}</a>'
            note = html.escape(r.job.summary)
        sections.setdefault(r.job.kind, []).append(f"<tr><td>{cell}</td><td>{note}</td></tr>")
    body = "".join(
        f"<h2>{html.escape(SECTION_TITLES.get(kind, kind))} ({len(rows)})</h2>"
        f"<table><tr><th>report</th><th>summary</th></tr>{''.join(rows)}</table>"
        for kind, rows in sections.items()
    )
    failed = sum(r.status == "failed" for r in results)
    facts = f"{len(results)} reports, {failed} failed · framing {__version__}"
    if inputs:
        facts += f" · corpus {inputs.get('corpus')}"
    page = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title><style>{INDEX_CSS}</style></head><body><h1>{html.escape(title)}</h1>"
        f'<p class="meta">{html.escape(facts)}</p>{body}</body></html>\n'
    )
    return write_text(page, out / "index.html")
