"""The row report of a load or an upload: counts, every row not mapped as it was, a CSV of them."""

from __future__ import annotations

import io

import streamlit as st

from geo.ingest.report import LoadReport
from ui.markdown import md


def report_section(report: LoadReport, file_stem: str, key: str) -> None:
    """Counts, every rejected, changed or flagged row with its reason, a CSV of them, warnings."""
    a, b, c, d = st.columns(4)
    a.metric("Rows read", f"{report.rows:,}")
    b.metric("Mapped", f"{report.mapped:,}")
    c.metric("Rejected", f"{len(report.rejected):,}")
    d.metric("Changed or flagged", f"{len(report.changed) + len(report.flagged):,}")
    rows = report.row_table()
    if not rows.empty:
        st.dataframe(rows.rename(columns=str.capitalize), hide_index=True, width="stretch")
        text = io.StringIO()
        report.write_csv(text)
        st.download_button(
            "Download the row report (CSV)",
            text.getvalue().encode("utf-8"),
            f"{file_stem}-report.csv",
            "text/csv",
            key=f"report_{key}",
        )
    for warning in report.warnings:
        st.warning(md(warning), icon=":material/warning:")
