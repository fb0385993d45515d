"""`bildungspfade report`: the HTML report from the published, read-only copy."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", help="HTML-Datei (Voreinstellung: bildungsbericht.html im Veröffentlichungsordner)"
    )
    parser.add_argument(
        "--published", help="veröffentlichte DuckDB-Datei (Voreinstellung: die Lesekopie)"
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="auch als PDF (A4, gedruckt mit Chromium) neben der HTML-Datei",
    )


def run(args: argparse.Namespace) -> int:
    from bildungspfade.publish import PublishError
    from bildungspfade.report import write_report

    try:
        summary = write_report(args.published, args.out)
    except PublishError as exc:
        print(f"Fehler: {exc.message}", file=sys.stderr)
        return exc.exit_code
    print(
        f"Bericht geschrieben: {summary.path} ({summary.bytes / 1024:.0f} KiB; "
        f"{summary.pathway_groups} Pfad-Diagramme, {summary.indicators} Indikatoren, "
        f"{summary.small_area_indicators} kleinräumig)"
    )
    if args.pdf:
        from bildungspfade.report.pdf import write_pdf

        try:
            pdf = write_pdf(summary.path, summary.path.with_suffix(".pdf"))
        except PublishError as exc:
            print(f"Fehler: {exc.message}", file=sys.stderr)
            return exc.exit_code
        print(f"PDF geschrieben: {pdf} ({pdf.stat().st_size / 1024:.0f} KiB)")
    return 0
