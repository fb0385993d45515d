"""The report's Datenstand shows the plausibility warnings of the published copy, and says so
when there are none."""

from __future__ import annotations

from bildungspfade.report.plausibility import warnings_part
from tests.exports.published_fixture import PLAUSIBILITY


def test_report_datenstand_lists_the_plausibility_warnings(report_file):
    html = report_file.read_text(encoding="utf-8")
    section = html[html.index('<section id="datenstand"') :]
    section = section[: section.index("</section>")]
    assert "Plausibilitätsprüfungen" in section
    assert "2 Plausibilitätswarnung(en)" in section
    assert section.count("<li>") == len(PLAUSIBILITY)
    assert "Alle Zeilen mit bildungsgang = C-FOS in berufskolleg" in section
    assert "+12,5 Prozentpunkte, Schwelle 10" in section


def test_no_warning_says_nothing_was_found():
    part = warnings_part([])
    assert "haben nichts gefunden" in part
    assert "<li>" not in part
