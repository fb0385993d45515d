"""Choropleth maps in the report: drawn from published.pub_area_geometries, withheld areas
hatched and explained in the legend, never a distribution's total, city districts beside the
statistical districts, and the tile map with a sentence saying why when no geometry is
published. Also rendered in headless Chromium and printed to PDF."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import duckdb
import pytest
from shapely.geometry import box, mapping

from bildungspfade.report import write_report
from tests.report.chromium import MISSING, available, required

X, Y = 462_000, 5_757_000
# the fixture's statistical districts 01..04 as a 2 x 2 grid of 1 km squares; city district 1
# holds the lower row, 2 the upper
DISTRICT_BOXES = {
    "01": box(X, Y, X + 1000, Y + 1000),
    "02": box(X + 1000, Y, X + 2000, Y + 1000),
    "03": box(X, Y + 1000, X + 1000, Y + 2000),
    "04": box(X + 1000, Y + 1000, X + 2000, Y + 2000),
}
CITY_BOXES = {"1": box(X, Y, X + 2000, Y + 1000), "2": box(X, Y + 1000, X + 2000, Y + 2000)}
DISTRIBUTION = "abschluss_verteilung_test"


def _geometry_rows() -> list[tuple]:
    rows = []
    for level, boxes, prefix in (
        ("statistischer_bezirk", DISTRICT_BOXES, "Statistischer Bezirk"),
        ("stadtbezirk", CITY_BOXES, "Stadtbezirk"),
    ):
        for area_id, shape in boxes.items():
            rows.append(
                (
                    level,
                    area_id,
                    f"{prefix} {area_id}",
                    "2022-01-01",
                    round(shape.area / 1e6, 2),
                    True,
                    "EPSG:25832",
                    json.dumps(mapping(shape)),
                )
            )
    return rows


def _indicator(code, year, level, area_id, category, num, den, value, flag) -> tuple:
    return (code, year, level, area_id, None, "alle", "alle", category, num, den, value, flag)


@pytest.fixture(scope="module")
def mapped_published(report_published: Path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mapped") / "warehouse.duckdb"
    shutil.copyfile(report_published, path)
    path.chmod(0o644)
    con = duckdb.connect(str(path))
    con.executemany(
        "insert into published.pub_area_geometries values (?, ?, ?, ?, ?, ?, ?, ?)",
        _geometry_rows(),
    )
    # city districts of the Kita indicator's latest year: one published, one withheld (w)
    con.executemany(
        "insert into published.pub_indicators values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            _indicator(
                "fruehe_bildung_kita_u3", 2022, "stadtbezirk", "1", "insgesamt", 700, 1900, 36.8, ""
            ),
            _indicator(
                "fruehe_bildung_kita_u3",
                2022,
                "stadtbezirk",
                "2",
                "insgesamt",
                None,
                None,
                None,
                "w",
            ),
        ]  # fmt: skip
        + [
            # a distribution: its total is 100 % in every district and must not be mapped
            _indicator(DISTRIBUTION, 2022, "statistischer_bezirk", a, c, n, 100, float(n), "")
            for a in DISTRICT_BOXES
            for c, n in (("insgesamt", 100), ("mit_abschluss", 60 + int(a)), ("ohne", 40 - int(a)))
        ],
    )
    con.execute(
        "insert into published.pub_indicator_catalogue values (?, ?, ?, ?, ?, ?, ?, ?)",
        [DISTRIBUTION, "allgemeinbildende_schulen", "Abgänge nach Abschluss (Test)",
         "Verteilung der Abgänge nach Abschluss.", "Abgänge mit Abschluss", "Abgänge", "%",
         "Schulstatistik"],
    )  # fmt: skip
    con.close()
    path.chmod(0o444)
    return path


@pytest.fixture(scope="module")
def mapped_report(mapped_published: Path, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("mapped_report") / "bildungsbericht.html"
    write_report(mapped_published, out)
    return out.read_text(encoding="utf-8")


def _articles(html: str) -> list[str]:
    return re.findall(r'<article class="small-area">.*?</article>', html, re.S)


def test_maps_replace_the_tile_maps_when_outlines_are_published(mapped_report) -> None:
    assert 'class="tilemap"' not in mapped_report
    assert mapped_report.count('<svg class="choropleth"') >= 3
    assert "Kartengrundlage: Baublockgeometrie der Statistikstelle, Stand 01.01.2022" in (
        mapped_report
    )
    kita = next(a for a in _articles(mapped_report) if "Betreuungsquote unter 3" in a)
    # statistical districts and city districts side by side, one legend
    assert kita.count('<svg class="choropleth"') == 2
    assert "Nach statistischen Bezirken" in kita and "Nach Stadtbezirken" in kita
    assert kita.count('class="legend map-legend"') == 1
    # every district is one path with its name and value in a <title>
    assert "<title>Statistischer Bezirk 01: " in kita or "<title>Altstadt: " in kita
    assert re.search(r"<title>[^<]*: \d+,\d %</title>", kita)


def test_withheld_areas_are_hatched_and_the_legend_says_why(mapped_report) -> None:
    kita = next(a for a in _articles(mapped_report) if "Betreuungsquote unter 3" in a)
    # Weststadt (04) is suppressed (s) in 2022, city district 2 withheld (w): both hatched
    hatched = re.findall(r'fill="url\(#(map-\d+-[ab])-withheld\)"><title>([^<]*)</title>', kita)
    assert {title for _, title in hatched} == {"Weststadt: •", "Stadtbezirk 2: /"}
    assert re.search(r'<pattern id="map-\d+-a-withheld"', kita)
    legend = re.search(r'<ul class="legend map-legend".*?</ul>', kita, re.S).group(0)
    assert "Wert gesperrt / nicht veröffentlicht" in legend
    assert "Zahlenwert geheim zu halten" in legend and "nicht sicher genug" in legend
    # classes in German number format
    assert re.search(r"bis \d+,\d %", legend) and re.search(r"über \d+,\d bis \d+,\d %", legend)


def test_a_distribution_total_is_never_mapped(mapped_report) -> None:
    maps = [a for a in _articles(mapped_report) if "Abgänge nach Abschluss (Test)" in a]
    headings = [re.search(r"<h3>(.*?)</h3>", a).group(1) for a in maps]
    assert len(headings) == 2 and all("insgesamt" not in h.lower() for h in headings)
    for article in maps:
        titles = re.findall(r"<title>[^<]*: ([^<]*)</title>", article)
        assert titles and "100,0 %" not in titles


def test_without_geometry_the_tile_map_stays_and_the_report_says_so(report_file) -> None:
    html = report_file.read_text(encoding="utf-8")
    assert 'class="tilemap"' in html and '<svg class="choropleth"' not in html
    assert "keine Gebietsgeometrie veröffentlicht" in html


def test_the_maps_show_and_print_in_headless_chromium(mapped_published, tmp_path) -> None:
    if not available():
        if required():
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    from pypdf import PdfReader

    from bildungspfade import cli
    from tests.report.chromium import open_page

    out = tmp_path / "bildungsbericht.html"
    code = cli.main(["report", "--published", str(mapped_published), "--out", str(out), "--pdf"])
    assert code == 0
    with open_page(out.as_uri()) as page:
        boxes = page.page.evaluate(
            "() => [...document.querySelectorAll('svg.choropleth')].map(s => {"
            " const r = s.getBoundingClientRect(); return [r.width, r.height]; })"
        )
        assert boxes and all(w > 200 and h > 100 for w, h in boxes)
        assert page.errors == [] and page.requests == [out.as_uri()]
    pages = [p.extract_text() for p in PdfReader(out.with_suffix(".pdf")).pages]
    text = unicodedata.normalize("NFKC", "\n".join(pages))  # the PDF writes ff as a ligature
    assert "Wert gesperrt / nicht veröffentlicht" in text
    assert "Nach Stadtbezirken" in text
