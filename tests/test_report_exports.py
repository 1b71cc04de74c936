"""Report exports: figures as PNG and SVG, tables as CSV, beside the report and linked."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd

from framing.report import plots
from framing.report.exports import export_folder, link_exports, write_exports
from framing.report.formatting import show_table
from framing.report.render import citation_html, run_header, shown_path


def _output(display) -> nbformat.NotebookNode:
    data, metadata = display._repr_mimebundle_()
    return nbformat.v4.new_output("display_data", data=data, metadata=metadata)


def test_figures_and_tables_are_written_with_unique_names(tmp_path: Path) -> None:
    figure = plots.bar_chart(pd.Series({"a": 2}), title="Hits", xlabel="hits", ylabel="term")
    again = plots.bar_chart(pd.Series({"b": 1}), title="Hits", xlabel="hits", ylabel="term")
    table = show_table(pd.DataFrame({"term": ["war"], "hits": [3]}), "hits per term")
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [_output(figure), _output(again), _output(table)]
    nb = nbformat.v4.new_notebook(cells=[cell])
    folder = export_folder(tmp_path / "overview.html")
    (folder / "figures").mkdir(parents=True)
    (folder / "figures" / "stale.png").write_bytes(b"old")
    written = write_exports(nb, folder)
    names = sorted(p.relative_to(folder).as_posix() for p in written)
    assert names == [
        "figures/hits-2.png", "figures/hits-2.svg", "figures/hits.png", "figures/hits.svg",
        "tables/hits-per-term.csv",
    ]  # fmt: skip
    assert not (folder / "figures" / "stale.png").exists()
    assert (folder / "figures" / "hits.png").read_bytes()[:4] == b"\x89PNG"
    assert (folder / "tables" / "hits-per-term.csv").read_text() == "term,hits\nwar,3\n"
    assert cell.outputs[1]["metadata"]["framing_export"]["name"] == "hits-2"
    link = '<a href="framing-export:figures/hits-2.png">PNG</a>'
    page = link_exports(link, export_href="overview/", root_href="../")
    assert page == '<a href="overview/figures/hits-2.png">PNG</a>'


def test_validity_links_point_at_the_reports_folder() -> None:
    from framing.report.formatting import validity_link

    link = validity_link("frames")._repr_html_()
    assert link.count("framing-root:validity.html#frames") == 1
    assert 'href="../validity.html#frames"' in link_exports(link, export_href="x/", root_href="../")


def test_header_cites_versions_and_hides_machine_paths() -> None:
    inputs = {"corpus": "e15d36ec63e7d58b", "lexicon": "1.0.0", "features": "abc"}
    header = run_header(
        title="Overview <b>", parameters={"processed_dir": "/srv/x/data/processed"}, inputs=inputs
    )
    assert "/srv/x" not in header and "<td>processed</td>" in header
    assert "Overview &lt;b&gt;" in header
    citation = citation_html(title="Overview", inputs=inputs, when="2026-11-29 21:45 UTC")
    assert "framing " in citation and "lexicon version 1.0.0" in citation
    assert "corpus with hash e15d36ec63e7d58b" in citation
    assert shown_path("data/processed") == "data/processed"
