"""The pathway section on hand-made published rows, without a warehouse."""

from __future__ import annotations

from bildungspfade.report import sections
from bildungspfade.report.data import ReportData


def _row(group, step, source, target, count, flag=""):
    return {
        "cohort_group": group,
        "step": step,
        "source_label": source,
        "target_label": target,
        "count": count,
        "flag": flag,
    }


def test_a_group_with_every_link_suppressed_gets_a_note_not_a_diagram():
    data = ReportData(
        pathways=[
            _row("2015-2019", "vor_schule_zu_einschulung", "Kita", "regulär", None, "s"),
            _row("2015-2019", "einschulung_zu_klasse5", "regulär", "Gymnasium", None, "z"),
            _row("2010-2014", "vor_schule_zu_einschulung", "Kita", "regulär", 40),
            _row("2010-2014", "einschulung_zu_klasse5", "regulär", "Gymnasium", 25),
        ]
    )
    html = sections.pathways(data)
    assert html.count("<svg") == 1
    assert "alle Verbindungen dieser Kohortengruppe sind gesperrt" in html
    # the suppressed links are still listed, with their sign, in the group's table
    assert "Zahlen zum Diagramm 2015-2019" in html


def test_awaited_links_show_the_sign_and_say_why():
    """Links that wait for an awaited delivery (flag `…`) are not drawn, are listed with „…“
    and the group says that a delivery is awaited, not that the links are secret."""
    data = ReportData(
        pathways=[
            _row("2015-2019", "vor_schule_zu_einschulung", "Kita", "regulär", None, "…"),
            _row("2015-2019", "einschulung_zu_klasse5", "regulär", "Gymnasium", None, "…"),
            _row("2010-2014", "vor_schule_zu_einschulung", "Kita", "regulär", 40),
            _row("2010-2014", "einschulung_zu_klasse5", "regulär", "Gymnasium", None, "…"),
        ]
    )
    html = sections.pathways(data)
    assert html.count("<svg") == 1
    assert "warten auf eine ausstehende Lieferung" in html
    assert "gesperrt" not in html
    assert "1 Verbindung(en) mit „…“" in html and "2 Verbindung(en) mit „…“" in html
