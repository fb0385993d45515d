"""`bildungspfade deliveries`: an overview per dataset, the awaited deliveries, every file on a
line of at most 100 columns, and filters by status and dataset."""

from __future__ import annotations

import json
from datetime import date

from bildungspfade import cli
from bildungspfade.commands.deliveries import select
from bildungspfade.publish.datenstand import Gap

ROWS = [
    {"dataset": "schueler", "status": "loaded", "source_file": "schueler/a.csv"},
    {"dataset": "schueler", "status": "rejected", "source_file": "schueler/b.csv"},
    {"dataset": "kita", "status": "superseded", "source_file": "kita/c.csv"},
]
GAPS = [
    Gap("schueler", date(2019, 10, 15), "zurückgewiesen", date(2020, 1, 2), "zu kurz", "b.csv"),
    Gap("sgb2", date(2017, 12, 31), "fehlt", date(2018, 3, 1), None, None),
]


def test_filters_narrow_files_and_awaited_deliveries() -> None:
    rows, gaps = select(ROWS, GAPS, None, ["schueler"])
    assert [r["source_file"] for r in rows] == ["schueler/a.csv", "schueler/b.csv"]
    assert [g.dataset for g in gaps] == ["schueler"]
    rows, gaps = select(ROWS, GAPS, ["abgewiesen"], None)
    assert [r["source_file"] for r in rows] == ["schueler/b.csv"] and gaps == []
    rows, gaps = select(ROWS, GAPS, ["missing"], None)
    assert rows == [] and [g.dataset for g in gaps] == ["schueler", "sgb2"]
    rows, gaps = select(ROWS, GAPS, ["ausstehend", "loaded"], ["sgb2", "schueler"])
    assert [r["source_file"] for r in rows] == ["schueler/a.csv"] and len(gaps) == 2


def test_the_listing_has_an_overview_and_fits_100_columns(pipeline, capsys) -> None:
    capsys.readouterr()
    assert cli.main(["deliveries", "--warehouse", str(pipeline["warehouse"])]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Lieferungen im Warehouse ")
    assert "Übersicht nach Datensatz" in out and "Lieferungen (" in out
    assert "Ausstehende Lieferungen" in out
    for dataset in pipeline["delivered"]:
        assert dataset in out
    # the first line names the warehouse's path, which is as long as the temp folder is
    assert max(len(line) for line in out.splitlines()[1:]) <= 100


def test_summary_leaves_out_the_files_and_filters_apply(pipeline, capsys) -> None:
    warehouse = str(pipeline["warehouse"])
    capsys.readouterr()
    assert cli.main(["deliveries", "--warehouse", warehouse, "--summary"]) == 0
    out = capsys.readouterr().out
    assert "Übersicht nach Datensatz" in out and "Lieferungen (" not in out
    assert cli.main(["deliveries", "--warehouse", warehouse, "--dataset", "kita"]) == 0
    out = capsys.readouterr().out
    listed = [line for line in out.splitlines() if line.endswith(".csv")]
    assert listed and all(line.startswith("kita ") for line in listed)
    assert (
        cli.main(
            ["deliveries", "--warehouse", warehouse, "--format", "json", "--status", "missing"]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == []  # nothing awaited in the complete landing
