"""The report file itself: self-contained, German, accessible, and only published numbers."""

from __future__ import annotations

import re

from bildungspfade import cli


def test_report_command_writes_one_file_and_says_so(report_published, tmp_path, capsys):
    out = tmp_path / "bericht.html"
    assert cli.main(["report", "--published", str(report_published), "--out", str(out)]) == 0
    assert "Bericht geschrieben" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["bericht.html"]


def test_report_without_published_copy_fails_in_german(tmp_path, capsys):
    code = cli.main(["report", "--published", str(tmp_path / "fehlt.duckdb")])
    assert code == 1
    assert "Keine veröffentlichte Datenbank" in capsys.readouterr().err


def test_report_is_self_contained(report_file):
    html = report_file.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="de">' in html
    assert "<script" not in html  # nothing to run, nothing to fetch
    assert "<link" not in html
    # no address other than the SVG namespace
    addresses = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert addresses <= {"http://www.w3.org/2000/svg"}
    assert "default-src 'none'" in html  # the browser refuses any request


def test_report_explains_every_flag_and_sign(report_file):
    html = report_file.read_text(encoding="utf-8")
    for text in (
        "Wert unterdrückt (Fallzahl kleiner als Mindestbesetzung)",
        "Wert unterdrückt, weil sonst rückrechenbar",
        "auf ein Vielfaches von 5 gerundet",
        "Quote nicht ausgewiesen (Basis zu klein)",
        "Zahlenwert geheim zu halten",
    ):
        assert text in html


def test_suppressed_numbers_stay_suppressed(report_file):
    html = report_file.read_text(encoding="utf-8")
    # the suppressed pathway link is not drawn but named, with its sign
    assert "1 Verbindung(en) nicht dargestellt (Wert gesperrt, •)" in html
    assert "<p>Betreuung in der Familie → zurückgestellt.</p>" in html
    # grade-5 table: school year 2020/21 Hauptschule (s) and Sekundarschule (z) show the sign
    row_2020 = re.search(r"<tr><th scope=\"row\">2020/21</th>(.*?)</tr>", html).group(1)
    assert row_2020.count("•") == 2
    assert 'title="Wert unterdrückt (Fallzahl kleiner als Mindestbesetzung)">s<' in row_2020
    # small areas: the suppressed district shows "•", the withheld rate (w) shows "/"
    assert '>Südhafen</span><span class="tile-value">/</span>' in html
    assert '>Weststadt</span><span class="tile-value">•</span>' in html


def test_german_numbers(report_file):
    html = report_file.read_text(encoding="utf-8")
    assert "Kindertageseinrichtung: 7.800" in html  # thousands point (node tooltip)
    assert "42,3" in html  # decimal comma (1100 of 2600 in grade 5 at a Gymnasium, 2019)


def test_grade5_table_shows_school_forms_and_the_base_not_the_total(report_file):
    html = report_file.read_text(encoding="utf-8")
    section = html.split('id="klasse5"')[1].split("</section>")[0]
    assert "Gymnasium in %" in section
    assert "insgesamt in %" not in section
    assert "2.600" in section  # the base: the published total of the cohort


def test_report_states_the_datenstand(report_file):
    """The report lists the awaited deliveries of pub_datenstand, and only those."""
    html = report_file.read_text(encoding="utf-8")
    section = html[html.index('<section id="datenstand"') :]
    section = section[: section.index("</section>")]
    assert "1 Lieferung(en) ausstehend" in section
    assert (
        '<th scope="row">sgb2</th><td>31.12.2019</td><td>zurückgewiesen</td><td>03.02.2020</td>'
        in section
    )
    assert "Pflichtspalte monate_leistungsbezug fehlt" in section
    assert ">kita<" not in section
