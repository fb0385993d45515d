"""The report's sections as HTML, each from the published rows it needs."""

from __future__ import annotations

from collections import defaultdict

from bildungspfade.presentation import (
    AREA_LEVEL_BY,
    CELL_KEY_DE,
    FLAG_MEANING,
    NOT_ADDITIVE_DE,
    SIGN_LATER,
    SIGN_MEANING,
    category_label,
    count_de,
    decimals_for,
    label,
    school_year_de,
    sort_key,
    unit_short,
)
from bildungspfade.publish import datenstand as datenstand_lines
from bildungspfade.report import linechart, maps, plausibility, sankey, tilemap
from bildungspfade.report.data import ReportData
from bildungspfade.report.html import count_cell, esc, flag_cell, rate_cell, table

# The pathway's stages (pub_pathways.step 1 links column 0 to column 1, and so on).
PATHWAY_COLUMNS = [
    "Betreuung vor der Schule",
    "Einschulung",
    "Schulform Klasse 5",
    "Abschluss",
    "Nächster Schritt",
]


def reading_guide() -> str:
    flags = "".join(
        f"<dt>{esc(flag)}</dt><dd>{esc(text)}</dd>" for flag, text in FLAG_MEANING.items()
    )
    signs = "".join(
        f"<dt>{esc(sign)}</dt><dd>{esc(text)}</dd>" for sign, text in SIGN_MEANING.items()
    )
    return (
        '<section id="lesehilfe" aria-labelledby="lesehilfe-h"><h2 id="lesehilfe-h">Lesehilfe'
        "</h2><p>Alle Zahlen stammen aus der geheimhaltungsgeprüften Veröffentlichungsschicht "
        "(Schema <code>published</code>): keine Einzeldaten. "
        f"{esc(CELL_KEY_DE)} {esc(NOT_ADDITIVE_DE)} Quoten werden stets mit ihrer Basis "
        "gezeigt. Stichtage: Schulen 15. Oktober, Kita 1. März, Wohnbevölkerung 31. Dezember, "
        "Schuleingangsuntersuchung und Abgänge 31. Juli.</p>"
        '<div class="legend-grid"><div><h3>Kennzeichen</h3><dl class="flags">'
        f"{flags}</dl></div><div><h3>Zeichen in Zahlenfeldern (nach destatis)</h3>"
        f'<dl class="flags">{signs}</dl></div></div></section>'
    )


def datenstand(data: ReportData) -> str:
    """Which deliveries are in and which are awaited (published.pub_datenstand)."""
    heading, overall = datenstand_lines.lines_de(data.awaited)[0]
    awaited = (
        table(
            "Ausstehende Lieferungen",
            ["Datensatz", "Stichtag", "Art", "seit", "Grund"],
            [
                [
                    esc(gap.dataset),
                    f"{gap.reference_date:%d.%m.%Y}",
                    esc(gap.gap_kind),
                    f"{gap.since_date:%d.%m.%Y}",
                    esc(gap.reason or ""),
                ]
                for gap in data.awaited
            ],
        )
        if data.awaited
        else ""
    )
    return (
        '<section id="datenstand" aria-labelledby="datenstand-h">'
        f'<h2 id="datenstand-h">{esc(heading)}</h2><p>{esc(overall)}</p>{awaited}'
        f"{plausibility.warnings_part(data.warnings)}</section>"
    )


def _step_order(steps: list) -> list:
    """Distinct steps in pathway order: numerically when they are numbers, else as listed."""
    distinct = list(dict.fromkeys(steps))
    try:
        return sorted(distinct, key=lambda s: int(s))
    except (TypeError, ValueError):
        return distinct


def pathways(data: ReportData) -> str:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in data.pathways:
        groups[str(row["cohort_group"])].append(row)
    parts = [
        '<section id="pfade" aria-labelledby="pfade-h"><h2 id="pfade-h">Bildungspfade</h2>',
        "<p>Wege der Kinder einer Kohortengruppe von der Betreuung vor der Schule über die "
        "Einschulung und die Schulform in Klasse 5 bis zum Abschluss und zum nächsten Schritt. "
        "Die Breite eines Bandes entspricht der veröffentlichten Zahl der Kinder.</p>",
    ]
    if not groups:
        parts.append("<p>Keine Bildungspfade veröffentlicht.</p>")
    for n, (group, rows) in enumerate(sorted(groups.items())):
        steps = _step_order([r["step"] for r in rows])
        links = [
            sankey.Link(
                steps.index(r["step"]),
                r["source_label"],
                r["target_label"],
                int(r["count"]),
                r["flag"] or "",
            )
            for r in rows
            if r["count"] is not None and r["count"] > 0
        ]
        hidden = [r for r in rows if r["count"] is None and r["flag"] != SIGN_LATER]
        awaited = [r for r in rows if r["flag"] == SIGN_LATER]
        total = sum(lk.count for lk in links if lk.column == 0)
        title = f"Bildungspfade {group}"
        desc = (
            f"Sankey-Diagramm mit {len(links)} Verbindungen über {len(steps) + 1} Stufen; "
            f"{count_de(total)} Kinder in der ersten Stufe. Die Zahlen stehen in der Tabelle "
            "unter dem Diagramm."
        )
        if links:
            svg = sankey.render(links, PATHWAY_COLUMNS, title, desc, f"sankey-{n}")
        elif awaited:  # every link waits for an awaited delivery
            svg = (
                '<p class="note">Kein Diagramm: die Verbindungen dieser Kohortengruppe warten '
                "auf eine ausstehende Lieferung (…, Angabe fällt später an; siehe "
                "Datenstand).</p>"
            )
        else:  # a small cohort group: every link withheld by disclosure control
            svg = (
                '<p class="note">Kein Diagramm: alle Verbindungen dieser Kohortengruppe sind '
                "gesperrt (•).</p>"
            )
        rows_html = [
            [
                esc(r["step"]),
                esc(r["source_label"]),
                esc(r["target_label"]),
                count_cell(r["count"], r["flag"]),
                flag_cell(r["flag"]),
            ]
            for r in rows
        ]
        note = ""
        if awaited:
            note += (
                f'<p class="note">{len(awaited)} Verbindung(en) mit „…“: Angabe fällt später '
                "an, eine Lieferung steht aus (siehe Datenstand).</p>"
            )
        if hidden:
            names = "; ".join(f"{r['source_label']} → {r['target_label']}" for r in hidden)
            note += (
                f'<details class="note"><summary>{len(hidden)} Verbindung(en) nicht '
                f"dargestellt (Wert gesperrt, •)</summary><p>{esc(names)}.</p></details>"
            )
        parts.append(
            f'<figure class="sankey-figure"><figcaption><h3>{esc(title)}</h3></figcaption>'
            f"{svg}{note}<details><summary>Zahlen zum Diagramm {esc(group)}</summary>"
            + table(
                f"Verbindungen der Bildungspfade {group}",
                ["Stufe", "von", "nach", "Anzahl", "Kennzeichen"],
                rows_html,
                numeric=(3,),
            )
            + "</details></figure>"
        )
    parts.append("</section>")
    return "".join(parts)


def grade5(data: ReportData) -> str:
    if not data.grade5:
        return ""
    # the destination table: from "insgesamt" to each school form (the total row is the base)
    destination = [r for r in data.grade5 if r["from_category"] == "insgesamt"] or data.grade5
    forms = sorted({r["to_category"] for r in destination} - {"insgesamt"}, key=sort_key)
    cohorts = sorted({r["cohort"] for r in destination})
    cells = {(r["cohort"], r["to_category"]): r for r in destination}
    rows = []
    for cohort in cohorts:
        row = [esc(school_year_de(cohort))]
        total = cells.get((cohort, "insgesamt"))
        bases = [r["denominator"] for r in destination if r["cohort"] == cohort]
        base = total["count"] if total else max((b for b in bases if b is not None), default=None)
        for form in forms:
            r = cells.get((cohort, form))
            if r is None:
                row.append("–")
                continue
            flag = f" {flag_cell(r['flag'])}" if r["flag"] else ""
            row.append(f"{rate_cell(r['rate'], r['flag'])}{flag}")
        row.append(count_cell(base, None))
        rows.append(row)
    headers = [
        "Schuljahr (Klasse 5)",
        *[f"{category_label(f)} in %" for f in forms],
        "Basis (Klasse 4)",
    ]
    return (
        '<section id="klasse5" aria-labelledby="klasse5-h"><h2 id="klasse5-h">Übergang in '
        "Klasse 5 nach Schulform</h2><p>Kinder, die im Schuljahr t−1 zuletzt in Klasse 4 "
        "waren und am 15. Oktober beider Schuljahre in der Stadt wohnten, nach der Schulform "
        "in Klasse 5 im Schuljahr t; die Zeile t ist das Schuljahr des Übergangs (der Klasse "
        "5). Kohortenquote, Stadt insgesamt. Als Tabelle exportierbar mit <code>bildungspfade "
        "export --table uebergang_klasse5_schulform</code>.</p>"
        + table(
            "Übergangsquoten von Klasse 4 in Klasse 5 nach Schulform (Stadt)",
            headers,
            rows,
            numeric=tuple(range(1, len(headers))),
        )
        + "</section>"
    )


def is_distribution_total(rows: list[dict], category: str) -> bool:
    """Whether `category` is the total of a distribution: `insgesamt` at 100 % in every year it
    has a value (the categories of AS02, AS08, ... add up to it). Charts and maps leave it
    out, since it says nothing and squashes the categories; a rate's total (FB01 over all
    ages) is a value of its own and stays."""
    values = [r["value"] for r in rows if r["category"] == category and r["value"] is not None]
    return category == "insgesamt" and bool(values) and all(abs(v - 100) < 1e-9 for v in values)


def _series(rows: list[dict]) -> list[linechart.Series]:
    by_category: dict[str, list[tuple[int, float | None]]] = defaultdict(list)
    for r in rows:
        if is_distribution_total(rows, r["category"]):
            continue
        by_category[r["category"]].append((int(r["year"]), r["value"]))
    ordered = sorted(by_category, key=lambda c: (c != "insgesamt", sort_key(c)))
    return [linechart.Series(category_label(c), tuple(by_category[c])) for c in ordered]


def indicators(data: ReportData) -> str:
    by_code: dict[str, list[dict]] = defaultdict(list)
    for r in data.city_series:
        by_code[r["indicator_code"]].append(r)
    parts = [
        '<section id="indikatoren" aria-labelledby="indikatoren-h">'
        '<h2 id="indikatoren-h">Indikatoren im Zeitverlauf</h2>'
    ]
    for n, entry in enumerate(e for e in data.catalogue if e["indicator_code"] in by_code):
        rows = by_code[entry["indicator_code"]]
        unit = unit_short(entry["unit"])
        series = _series(rows)
        name = entry["name_de"]
        years = sorted({int(r["year"]) for r in rows})
        desc = (
            f"Liniendiagramm: {name}, Stadt insgesamt, Schuljahre {school_year_de(years[0])} "
            f"bis {school_year_de(years[-1])}, "
            f"{len(series)} Linie(n). Die Werte stehen in der Tabelle unter dem Diagramm."
        )
        decimals = decimals_for(unit, [r["value"] for r in rows])
        chart = linechart.render(series, name, desc, unit, f"chart-{n}", decimals)
        table_rows = [
            [
                esc(school_year_de(r["year"])),
                esc(category_label(r["category"])),
                count_cell(r["numerator"], r["flag"]),
                count_cell(r["denominator"], r["flag"]),
                rate_cell(r["value"], r["flag"], decimals),
                flag_cell(r["flag"]),
            ]
            for r in sorted(rows, key=lambda r: (r["year"], sort_key(r["category"])))
        ]
        parts.append(
            f'<article class="indicator" id="ind-{esc(entry["indicator_code"])}">'
            f"<h3>{esc(name)}</h3>"
            f'<p class="definition">{esc(entry["definition_de"])} '
            f"Zähler: {esc(entry['numerator_de'])}. Nenner: {esc(entry['denominator_de'])}. "
            f"Quelle: {esc(entry['source'])}.</p>"
            f'<figure class="chart-figure">{chart}</figure>'
            "<details><summary>Werte als Tabelle</summary>"
            + table(
                f"{name}: Stadt insgesamt nach Schuljahr",
                ["Schuljahr", "Kategorie", "Zähler", "Nenner", f"Wert ({unit})", "Kennzeichen"],
                table_rows,
                numeric=(2, 3, 4),
            )
            + "</details></article>"
        )
    if not by_code:
        parts.append("<p>Keine Indikatoren auf Stadtebene veröffentlicht.</p>")
    parts.append("</section>")
    return "".join(parts)


def mapped_categories(rows: list[dict]) -> list[str]:
    """The categories an indicator's small-area map shows: a rate's total (insgesamt), or,
    for a distribution whose total is 100 % everywhere, each of its categories (one small
    map each): a map of the total would be one colour."""
    categories = sorted({r["category"] for r in rows}, key=sort_key)
    if "insgesamt" in categories and not is_distribution_total(rows, "insgesamt"):
        return ["insgesamt"]
    return [c for c in categories if c != "insgesamt"] or categories[:1]


def _value_rows(rows: list[dict], decimals: int) -> list[list[str]]:
    return [
        [
            esc(r["area_name"] or r["area_id"]),
            esc(r["area_id"]),
            count_cell(r["numerator"], r["flag"]),
            count_cell(r["denominator"], r["flag"]),
            rate_cell(r["value"], r["flag"], decimals),
            flag_cell(r["flag"]),
        ]
        for r in sorted(rows, key=lambda r: str(r["area_id"]))
    ]


def _small_area_map(
    entry: dict,
    totals: list[dict],
    data: ReportData,
    outlines,
    districts: list[dict],
    map_id: str,
) -> str:
    """The maps (or the tile map) of one category with their tables: the rows of the finest
    published level and, on maps, the city districts beside them."""
    level_code = totals[0]["area_level"]
    level = label(AREA_LEVEL_BY, level_code)
    year = totals[0]["year"]
    unit = unit_short(entry["unit"])
    decimals = decimals_for(unit, [r["value"] for r in totals + districts])
    category = totals[0]["category"]
    what = (
        entry["name_de"]
        if category == "insgesamt"
        else (f"{entry['name_de']}: {category_label(category)}")
    )
    caption = f"{what} nach {level}, Schuljahr {school_year_de(year)}"
    headers = ["Gebiet", "Schlüssel", "Zähler", "Nenner", f"Wert ({unit})", "Kennzeichen"]
    tables = table(caption, headers, _value_rows(totals, decimals), numeric=(2, 3, 4))
    if maps.has_outlines(data, level_code):
        title = f"{what}, Schuljahr {school_year_de(year)}"
        shown = maps.figure(data, outlines, totals, districts, title, unit, decimals, map_id)
        if districts and level_code != maps.CITY_DISTRICTS:
            tables += table(
                f"{what} nach Stadtbezirken, Schuljahr {school_year_de(year)}",
                headers,
                _value_rows(districts, decimals),
                numeric=(2, 3, 4),
            )
    else:
        tiles = [
            tilemap.Tile(
                str(r["area_id"]), r["area_name"] or str(r["area_id"]), r["value"], r["flag"] or ""
            )
            for r in totals
        ]
        shown = tilemap.render(tiles, f"Kachelkarte: {caption}", unit, decimals)
    return (
        f'<article class="small-area"><h3>{esc(caption)}</h3>{shown}'
        f"<details><summary>Werte als Tabelle</summary>{tables}</details></article>"
    )


def small_areas(data: ReportData) -> str:
    by_code: dict[str, list[dict]] = defaultdict(list)
    for r in data.small_areas:
        by_code[r["indicator_code"]].append(r)
    districts: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in data.city_districts:
        districts[(r["indicator_code"], r["category"])].append(r)
    parts = [
        '<section id="kleinraeumig" aria-labelledby="kleinraeumig-h">'
        '<h2 id="kleinraeumig-h">Kleinräumige Ergebnisse</h2>'
        "<p>Jüngstes veröffentlichtes Jahr je Indikator auf der feinsten veröffentlichten "
        f"Raumebene. {esc(maps.basis_note(data))}</p>"
    ]
    outlines = maps.outlines_of(data)
    parts.append(maps.definitions(data, outlines))
    n = 0
    for entry in data.catalogue:
        rows = by_code.get(entry["indicator_code"])
        if not rows:
            continue
        for category in mapped_categories(rows):
            n += 1
            parts.append(
                _small_area_map(
                    entry,
                    [r for r in rows if r["category"] == category],
                    data,
                    outlines,
                    districts.get((entry["indicator_code"], category), []),
                    f"map-{n}",
                )
            )
    if not by_code:
        parts.append("<p>Keine kleinräumigen Indikatoren veröffentlicht.</p>")
    parts.append("</section>")
    return "".join(parts)
