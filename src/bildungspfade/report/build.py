"""Building the report: read the published copy, render the sections, write one HTML file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bildungspfade.publish import read as published
from bildungspfade.report import page, sections
from bildungspfade.report.data import load

DEFAULT_NAME = "bildungsbericht.html"


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    bytes: int
    pathway_groups: int
    indicators: int
    small_area_indicators: int


def default_report_path() -> Path:
    from bildungspfade.settings import load_settings

    return load_settings().published / DEFAULT_NAME


def render(published_path: str | Path | None = None) -> tuple[str, ReportSummary]:
    source = published.resolve(published_path)
    with published.connect(source) as con:
        data = load(con)
    html = page.render(
        [
            sections.reading_guide(),
            sections.datenstand(data),
            sections.pathways(data),
            sections.grade5(data),
            sections.indicators(data),
            sections.small_areas(data),
        ],
        published.published_at(source),
        source.name,
    )
    summary = ReportSummary(
        path=Path(),
        bytes=len(html.encode("utf-8")),
        pathway_groups=len({r["cohort_group"] for r in data.pathways}),
        indicators=len({r["indicator_code"] for r in data.city_series}),
        small_area_indicators=len({r["indicator_code"] for r in data.small_areas}),
    )
    return html, summary


def write_report(
    published_path: str | Path | None = None, out: str | Path | None = None
) -> ReportSummary:
    """Write the report atomically (readers never see half a file); returns what it holds."""
    html, summary = render(published_path)
    target = Path(out) if out else default_report_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, target)
    return ReportSummary(
        path=target.resolve(),
        bytes=summary.bytes,
        pathway_groups=summary.pathway_groups,
        indicators=summary.indicators,
        small_area_indicators=summary.small_area_indicators,
    )
