"""`bildungspfade synth`: write a synthetic municipality's deliveries and ground truth."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from ..settings import DEFAULT_DATA_DIR
from .config import DEMO_FAULTS, PRESETS, FaultRates, SynthConfig


def _years(text: str) -> tuple[int, int]:
    try:
        a, _, b = text.partition("-")
        first, last = int(a), int(b or a)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"years as FIRST-LAST, e.g. 2005-2024: {text!r}") from exc
    if first > last or first < 1990 or last > 2100:
        raise argparse.ArgumentTypeError(f"implausible years {text!r}")
    return first, last


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_DATA_DIR / "synth",
        help="folder for landing/ and truth/ (default: data/synth)",
    )
    parser.add_argument("--preset", choices=sorted(PRESETS), default="musterstadt")
    parser.add_argument("--scale", type=float, default=1.0, help="population factor")
    parser.add_argument("--years", type=_years, default=(2005, 2024), help="e.g. 2005-2024")
    parser.add_argument("--seed", type=int, default=20241)
    parser.add_argument("--no-faults", action="store_true", help="clean deliveries")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a fault rate, e.g. duplicate=0.01 (repeatable)",
    )
    parser.add_argument(
        "--truncated-file",
        action="store_true",
        help="cut one file off in transfer; its delivery note disagrees (on by default, "
        "off with --no-faults or --no-rejected-file)",
    )
    parser.add_argument(
        "--no-rejected-file",
        action="store_true",
        help="leave out the demo's rejected delivery (the truncated Berufskolleg file)",
    )
    parser.add_argument(
        "--missing-column", action="store_true", help="deliver one file without a required column"
    )
    parser.add_argument(
        "--with-clk", action="store_true", help="write the optional namen_clk Bloom-filter column"
    )
    parser.add_argument(
        "--chunk-persons",
        type=int,
        default=150_000,
        help="persons per chunk (bounds memory per process)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes simulating chunks (default: cores, at most 2)",
    )
    parser.add_argument(
        "--calibration-report",
        action="store_true",
        help="print published vs generated figures for the generated truth",
    )
    parser.add_argument("--quiet", action="store_true")


def config_from_args(args: argparse.Namespace) -> SynthConfig:
    faults = FaultRates.none() if args.no_faults else DEMO_FAULTS
    if args.no_rejected_file:
        faults = replace(faults, truncated_file=False)
    overrides = {}
    for item in args.fault:
        name, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"--fault expects NAME=VALUE, got {item!r}")
        overrides[name] = value
    faults = faults.with_overrides(overrides)
    if args.truncated_file:
        faults = replace(faults, truncated_file=True)
    if args.missing_column:
        faults = replace(faults, missing_column=True)
    return SynthConfig(
        preset=args.preset,
        scale=args.scale,
        first_year=args.years[0],
        last_year=args.years[1],
        seed=args.seed,
        faults=faults,
        with_clk=args.with_clk,
        chunk_persons=args.chunk_persons,
    )


def run(args: argparse.Namespace) -> int:
    from .calibration import print_report
    from .generate import Progress, generate

    out = args.out.resolve()
    if (
        args.calibration_report
        and (out / "truth" / "manifest.json").exists()
        and not any((args.fault, args.no_faults, args.truncated_file, args.missing_column))
        and _same_config(out, config_from_args(args))
    ):
        print_report(out / "truth")
        return 0
    cfg = config_from_args(args)
    generate(cfg, out, Progress(quiet=args.quiet), workers=args.workers)
    if args.calibration_report:
        print_report(out / "truth")
    return 0


def _same_config(out: Path, cfg: SynthConfig) -> bool:
    import json
    from dataclasses import asdict

    manifest = json.loads((out / "truth" / "manifest.json").read_text(encoding="utf-8"))
    return manifest["config"] == json.loads(
        json.dumps({**asdict(cfg), "faults": asdict(cfg.faults)})
    )
