"""The HTML report: one self-contained file of pathway Sankeys, indicator time series and
small-area results, from the published layer only. `write_report` is what the CLI and the
Dagster asset call."""

from __future__ import annotations

from bildungspfade.report.build import DEFAULT_NAME, ReportSummary, render, write_report

__all__ = ["DEFAULT_NAME", "ReportSummary", "render", "write_report"]
