"""The `bildungspfade` command. Each subcommand lives in its own module and is imported lazily,
so `bildungspfade synth` does not pay for importing Dagster and dbt."""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> module that provides `add_arguments(parser)` and `run(args) -> int`
SUBCOMMANDS = {
    "synth": (
        "bildungspfade.synth.command",
        "Synthetische Lieferungen erzeugen (write deliveries)",
    ),
    "run": ("bildungspfade.commands.run", "Alle Lieferungen laden und Modelle bauen (run all)"),
    "deliveries": ("bildungspfade.commands.deliveries", "Lieferungen und ihr Status (list)"),
    "export": (
        "bildungspfade.commands.export",
        "Übergangstabellen und Indikatoren als CSV/XLSX (export)",
    ),
    "report": ("bildungspfade.commands.report", "Bildungsbericht als HTML-Datei (report)"),
    "docs": (
        "bildungspfade.commands.docs",
        "Modelldokumentation (dbt docs) als HTML-Datei (docs)",
    ),
    "ui": ("bildungspfade.commands.ui", "Dagster-Oberfläche mit den Läufen der CLI (UI)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bildungspfade",
        description="Bildungspfade: longitudinal education-trajectory warehouse.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sp = sub.add_parser(name, help=help_text)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                sp.set_defaults(_missing=module_name)
                continue
            raise
        module.add_arguments(sp)
        sp.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "_missing", None):
        print(f"subcommand {args.command!r} is not available in this build", file=sys.stderr)
        return 2
    return int(args._module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
