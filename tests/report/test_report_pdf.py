"""`bildungspfade report --pdf`: the report printed by headless Chromium through the print
stylesheet: A4 pages, every section, the value tables behind the charts printed whole, the
grade-5 table not cut at the right edge."""

from __future__ import annotations

import pytest

from bildungspfade import cli
from tests.report.chromium import MISSING, available, required


@pytest.fixture(scope="module")
def pdf(report_published, tmp_path_factory):
    if not available():
        if required():
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    out = tmp_path_factory.mktemp("pdf") / "bildungsbericht.html"
    code = cli.main(["report", "--published", str(report_published), "--out", str(out), "--pdf"])
    assert code == 0
    return out.with_suffix(".pdf")


def _text(path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def test_the_pdf_has_a4_pages_and_every_section(pdf) -> None:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = "\n".join(_text(pdf))
    for heading in (
        "Datenstand",
        "Bildungspfade",
        "Übergang in Klasse 5 nach Schulform",
        "Indikatoren im Zeitverlauf",
        "Kleinräumige Ergebnisse",
    ):
        assert heading in text, heading


def test_tables_print_whole_and_open(pdf) -> None:
    pages = _text(pdf)
    text = "\n".join(pages)
    # the grade-5 table's last column (the base) is on the page, not cut off at the right
    grade5 = next(p for p in pages if "Übergangsquoten von Klasse 4 in Klasse 5" in p)
    words = " ".join(grade5.split())  # a header may wrap inside its cell
    assert "Basis (Klasse 4)" in words or "Basis (Klasse" in words
    assert words.rstrip().endswith("2.600")  # the last row's last cell, the base
    # the value tables behind the charts (collapsed on screen) print
    assert "Stadt insgesamt nach Schuljahr" in text
    # the sections start on pages of their own, so the report has several pages but not
    # one per table row
    assert 3 <= len(pages) <= 40


def test_without_a_browser_the_command_says_what_to_install(
    report_published, tmp_path, monkeypatch, capsys
) -> None:
    from bildungspfade.report import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "browser", lambda: None)
    out = tmp_path / "bericht.html"
    code = cli.main(["report", "--published", str(report_published), "--out", str(out), "--pdf"])
    assert code == 2
    assert "apt-get install -y chromium" in capsys.readouterr().err
    assert out.is_file()  # the HTML report is written all the same
