"""The validity report's cards and the README's "What is measured" table, from validity.json.

>>> doc = {"measures": [{"key": "k", "status": "missing", "error": "not there"}]}
>>> "id=\\"k\\"" in validity_cards(doc).html
True
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.io import read_json

_STYLE = """<style>
.validity-card{border:1px solid #c8c8c8;border-radius:6px;padding:0.6em 1em;margin:1em 0;
  max-width:60em;overflow-wrap:anywhere}
.validity-card h2{margin-top:0.2em}
.validity-card .headline{font-size:1.15em}
.validity-card table{border-collapse:collapse;margin:0.4em 0}
.validity-card th,.validity-card td{text-align:left !important;padding:0.15em 0.6em;
  vertical-align:top;border-bottom:1px solid #e4e4e4;max-width:32em}
.validity-card td.num{text-align:right !important;font-variant-numeric:tabular-nums;
  white-space:nowrap}
.validity-card dt{font-weight:bold}
.validity-card dd{margin:0 0 0.4em 1em}
.validity-missing{color:#8a4b00}
.validity-details{white-space:pre-wrap;font-size:0.85em;max-height:30em;overflow:auto}
</style>"""


@dataclass(frozen=True)
class Cards:
    """HTML that a notebook displays as is."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def _number(value: Any) -> str:
    return "—" if value is None else f"{float(value):.3f}"


def _interval(fig: dict[str, Any]) -> str:
    if fig.get("low") is None or fig.get("high") is None:
        return "—"
    return f"[{_number(fig['low'])}, {_number(fig['high'])}]"


def _figure_rows(figures: list[dict[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(f['name'])}</td><td class='num'>{_number(f['value'])}</td>"
        f"<td class='num'>{_interval(f)}</td><td>{html.escape(f.get('note') or '')}</td></tr>"
        for f in figures
    )
    return (
        "<table><thead><tr><th>figure</th><th>value</th><th>95 % interval</th><th>note</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def data_names(data: str) -> str:
    """Return the data paths without the machine's folders: ``folder/file`` of each."""
    parts = [Path(p.strip()) for p in str(data).split(";") if p.strip()]
    return "; ".join(str(Path(p.parent.name) / p.name) if p.parent.name else p.name for p in parts)


def _items(values: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(v)}</li>" for v in values) + "</ul>"


def card_html(record: dict[str, Any]) -> str:
    """Return one measure's card (``<section id=KEY>``), every text escaped."""
    key = html.escape(str(record.get("key", "")))
    if record.get("status") != "ok":
        status = html.escape(str(record.get("status", "missing")))
        error = html.escape(str(record.get("error", "")))
        return (
            f'<section class="validity-card" id="{key}"><h2>{key}</h2>'
            f'<p class="validity-missing">Not measured ({status}): {error}</p></section>'
        )
    fig = record["figure"]
    parts = [
        f'<section class="validity-card" id="{key}"><h2>{html.escape(record["title"])}</h2>',
        f'<p class="headline"><strong>{html.escape(fig["name"])}</strong>: '
        f"{_number(fig['value'])}, 95 % interval {_interval(fig)}; "
        f"n = {int(record['n']):,} {html.escape(record['unit'])}</p>",
        "<dl>",
        f"<dt>How</dt><dd>{html.escape(record.get('method', ''))}</dd>",
        f"<dt>Data</dt><dd>{html.escape(data_names(record['data']))}</dd>",
        f"<dt>Licence</dt><dd>{html.escape(record.get('licence', '') or '—')}</dd>",
        f"<dt>Seed</dt><dd>{int(record.get('seed', 0))}</dd>",
        "</dl>",
    ]
    if record.get("baselines"):
        parts += ["<h3>Baselines (same data, same folds)</h3>", _figure_rows(record["baselines"])]
    if record.get("extra"):
        parts += ["<h3>Further figures</h3>", _figure_rows(record["extra"])]
    if record.get("failure_modes"):
        parts += ["<h3>Known failure modes</h3>", _items(record["failure_modes"])]
    if record.get("not_for"):
        parts += ["<h3>When not to use it</h3>", _items(record["not_for"])]
    if record.get("details"):
        shown = json.dumps(record["details"], indent=1, ensure_ascii=False)
        parts.append(
            "<details><summary>Details: per dimension, per fold, coefficients</summary>"
            f"<pre class='validity-details'>{html.escape(shown)}</pre></details>"
        )
    parts.append("</section>")
    return "".join(parts)


def _document(source: dict[str, Any] | str | os.PathLike[str]) -> dict[str, Any]:
    return source if isinstance(source, dict) else read_json(source)


def validity_cards(source: dict[str, Any] | str | os.PathLike[str]) -> Cards:
    """Return the report's body: contents, then one card per measure (anchor = its key).

    source : a validity document or the path of ``validity.json``. A missing file gives a
        page that says how to make it (``framing validate``), so the notebook always runs.
    """
    if not isinstance(source, dict) and not Path(source).is_file():
        return Cards(
            f"{_STYLE}<p class='validity-missing'>No {html.escape(Path(source).name)} "
            "here yet: run <code>framing validate</code> to measure every measure.</p>"
        )
    records = _document(source)["measures"]
    contents = "".join(
        f'<li><a href="#{html.escape(r["key"])}">{html.escape(r.get("title") or r["key"])}</a></li>'
        for r in records
    )
    cards = "".join(card_html(r) for r in records)
    return Cards(f"{_STYLE}<nav><ul>{contents}</ul></nav>{cards}")


def _best_baseline(record: dict[str, Any]) -> dict[str, Any] | None:
    """Return the strongest baseline on the headline's metric and data set, when named alike.

    Figure names read "metric, what, data set": baselines are narrowed to the headline's
    metric (first part), then to its data set (last part), where any match, and the highest
    value is the peer shown.
    """
    candidates = list(record.get("baselines") or [])
    parts = [p.strip() for p in record["figure"]["name"].split(",")]
    for position in (0, -1):
        same = [b for b in candidates if b["name"].split(",")[position].strip() == parts[position]]
        candidates = same or candidates
    return max(candidates, key=lambda b: b["value"]) if candidates else None


def readme_markdown(
    source: dict[str, Any] | str | os.PathLike[str], *, report_href: str = "reports/validity.html"
) -> str:
    """Return the README's "What is measured" table, every figure from the validity JSON."""
    document = _document(source)
    lines = [
        "| measure | data (n) | figure, 95 % interval | baseline, 95 % interval |",
        "|---|---|---|---|",
    ]
    for record in document["measures"]:
        link = f"[{record['key']}]({report_href}#{record['key']})"
        if record.get("status") != "ok":
            lines.append(f"| {link} | — | not measured ({record.get('status')}) | — |")
            continue
        fig, base = record["figure"], _best_baseline(record)
        shown = f"{fig['name']}: {_number(fig['value'])} {_interval(fig)}"
        peer = f"{base['name']}: {_number(base['value'])} {_interval(base)}" if base else "—"
        data = f"{data_names(record['data'])} ({record['n']:,} {record['unit']})"
        lines.append(f"| {link} | {data} | {shown} | {peer} |")
    lines.append("")
    lines.append(
        f"Generated by `framing validate --readme` from validity.json (data "
        f"`{Path(document.get('data_root', '')).name}`, seed {document.get('seed', 0)}, "
        f"framing {document.get('framing_version', '')}). Every figure is cross-validated or "
        "on data not used to choose anything; each measure's card in the validity report "
        "lists its baselines, failure modes and when not to use it."
    )
    return "\n".join(lines) + "\n"


def measure_text(record: dict[str, Any]) -> str:
    """Return one measure's figures as plain text lines (for scripts and logs)."""
    if record.get("status", "ok") != "ok":
        return f"{record['key']}: {record.get('status')}: {record.get('error', '')}"
    lines = [f"{record['title']} (n={record['n']} {record['unit']}; {record['data']})"]
    for group in ("figure", "baselines", "extra"):
        figures = [record[group]] if group == "figure" else record.get(group) or []
        for fig in figures:
            note = f"  ({fig['note']})" if fig.get("note") else ""
            lines.append(
                f"  {group:<9} {fig['name']}: {_number(fig['value'])} {_interval(fig)}{note}"
            )
    return "\n".join(lines)
