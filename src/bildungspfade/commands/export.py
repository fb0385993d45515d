"""`bildungspfade export`: a transition table or an indicator as CSV and/or XLSX.

Reads only the published, read-only copy (schema `published`), so it works while a run writes
the warehouse. Messages are German, for monitoring staff; exit 2 for a request that names
something unpublished, 1 when the published copy is missing or unreadable.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--list", action="store_true", help="zeigt, was exportiert werden kann")
    parser.add_argument("--table", help="Übergangstabelle, z. B. uebergang_klasse5_schulform")
    parser.add_argument("--indicator", help="Indikator (Kennung aus --list)")
    parser.add_argument("--cohort", help="Kohorte bzw. Jahr: 2019 oder 2015-2020")
    parser.add_argument("--subgroup", help="Merkmal: alle, geschlecht, familiensprache, ...")
    parser.add_argument("--area-level", help="Raumebene: stadt, stadtbezirk, sozialraum, ...")
    parser.add_argument("--stage-pair", help="Übergang, z. B. klasse4_klasse5")
    parser.add_argument(
        "--format", choices=("csv", "xlsx", "both"), default="both", help="Dateiformat"
    )
    parser.add_argument("--out", default=".", help="Zielordner (Voreinstellung: aktueller)")
    parser.add_argument(
        "--published", help="veröffentlichte DuckDB-Datei (Voreinstellung: die Lesekopie)"
    )


def _print_list(items) -> None:
    tables = [i for i in items if i.kind == "tabelle"]
    indicators = [i for i in items if i.kind == "indikator"]
    for heading, group in (("Übergangstabellen", tables), ("Indikatoren", indicators)):
        print(f"{heading} ({len(group)}):")
        width = max((len(i.option) for i in group), default=0)
        for item in group:
            print(f"  {item.option.ljust(width)}  {item.title_de}")


def run(args: argparse.Namespace) -> int:
    from bildungspfade.exports import PublishError, Request, export, list_available

    try:
        if args.list:
            _print_list(list_available(args.published))
            return 0
        request = Request(
            table=args.table,
            indicator=args.indicator,
            cohort=args.cohort,
            subgroup=args.subgroup,
            area_level=args.area_level,
            stage_pair=args.stage_pair,
        )
        result = export(request, args.out, args.format, args.published)
    except PublishError as exc:
        print(f"Fehler: {exc.message}", file=sys.stderr)
        return exc.exit_code
    for note in result.selection.notes_de:
        print(note, file=sys.stderr)
    print(f"{result.selection.title_de}: {len(result.selection.rows)} Zeilen")
    for path in result.files:
        print(f"  {path}")
    return 0
