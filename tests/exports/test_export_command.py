"""`bildungspfade export` through the CLI: listing, files written, German errors, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bildungspfade import cli

GRADE5 = "uebergang_klasse5_schulform"


def test_list_names_the_grade5_table_and_the_indicators(published_db, capsys):
    assert cli.main(["export", "--list", "--published", str(published_db)]) == 0
    out = capsys.readouterr().out
    assert f"--table {GRADE5}" in out
    assert "Übergang von Klasse 4 in Klasse 5 nach Schulform" in out
    assert "--indicator fruehe_bildung_kita_u3" in out


def test_export_writes_csv_xlsx_and_notes(published_db, tmp_path, capsys):
    code = cli.main(
        ["export", "--table", GRADE5, "--published", str(published_db), "--out", str(tmp_path)]
    )
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"{GRADE5}.csv", f"{GRADE5}.xlsx", f"{GRADE5}_erlaeuterungen.txt"]
    assert "39 Zeilen" in capsys.readouterr().out  # 3 cohorts x (2 x 6 forms + total)


def test_format_choice_writes_only_that_format(published_db, tmp_path):
    args = ["export", "--table", GRADE5, "--format", "xlsx", "--cohort", "2020"]
    assert cli.main([*args, "--published", str(published_db), "--out", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == [f"{GRADE5}_2020.xlsx"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--table", GRADE5, "--cohort", "1999"], "Kohorte 1999 ist für"),
        (["--table", GRADE5, "--cohort", "1990-1995"], "Veröffentlichte Kohorten: 2019–2021"),
        (["--table", GRADE5, "--cohort", "neunzehn"], "keine gültige Kohorte"),
        (["--table", "uebergang_klasse_5"], "Meinten Sie „uebergang_klasse5_schulform“?"),
        (["--table", GRADE5, "--subgroup", "alter"], "Merkmal „alter“ gibt es"),
        (["--table", GRADE5, "--area-level", "land"], "Raumebene „land“ gibt es"),
        (["--table", GRADE5, "--stage-pair", "kita_einschulung"], "--table uebergaenge"),
        (["--indicator", "gibt_es_nicht"], "Indikator „gibt_es_nicht“ gibt es"),
        (["--indicator", "fruehe_bildung_kita_u3", "--cohort", "2030"], "Jahr 2030"),
        ([], "bildungspfade export --list"),
    ],
)
def test_requests_for_unpublished_things_fail_in_german(
    published_db, tmp_path, capsys, args, expected
):
    code = cli.main(["export", *args, "--published", str(published_db), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("Fehler: ")
    assert expected in err
    assert not list(tmp_path.iterdir())  # nothing written


def test_missing_published_copy_exits_1_with_a_hint(tmp_path, capsys):
    missing = tmp_path / "nirgends.duckdb"
    assert cli.main(["export", "--list", "--published", str(missing)]) == 1
    err = capsys.readouterr().err
    assert "Keine veröffentlichte Datenbank" in err
    assert "bildungspfade run" in err


def test_a_copy_without_the_contract_is_refused(tmp_path, capsys):
    import duckdb

    path = tmp_path / "alt.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema published; create table published.pub_pathways (x int)")
    con.close()
    assert cli.main(["export", "--list", "--published", str(path)]) == 1
    err = capsys.readouterr().err
    assert "entspricht nicht dem Veröffentlichungsvertrag" in err
    assert "pub_indicators fehlt" in err


def test_partly_published_range_exports_with_a_note(published_db, tmp_path, capsys):
    args = ["export", "--table", GRADE5, "--cohort", "2020-2023", "--format", "csv"]
    assert cli.main([*args, "--published", str(published_db), "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "Hinweis: Kohorten 2022–2023 nicht veröffentlicht." in captured.err
    assert Path(tmp_path / f"{GRADE5}_2020-2023.csv").is_file()
