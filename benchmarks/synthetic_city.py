"""The synthetic city a benchmark builds: its command-line options and its generation, shared
by bench_build.py and bench_floor.py."""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def add_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--landing", type=Path, help="an existing landing folder (default: generate)")
    ap.add_argument("--preset", default="musterstadt", choices=["musterstadt", "land"])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--years", default="2005-2024")
    ap.add_argument("--out", type=Path, help="work folder (default: a temporary folder, kept)")


def generate_landing(args: argparse.Namespace, work: Path) -> Path:
    """Generate the city of `args` into `work/synth`; its landing folder."""
    from bildungspfade.synth.config import SynthConfig
    from bildungspfade.synth.generate import Progress, generate

    first, last = (int(x) for x in args.years.split("-"))
    config = SynthConfig(preset=args.preset, scale=args.scale, first_year=first, last_year=last)
    started = time.perf_counter()
    generate(config, work / "synth", Progress(quiet=True))
    elapsed = time.perf_counter() - started
    print(f"generated {args.preset} (scale {args.scale}) in {elapsed:.0f} s", flush=True)
    return work / "synth" / "landing"
