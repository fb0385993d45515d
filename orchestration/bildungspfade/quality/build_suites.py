"""Write expectations/<dataset>.json for every dataset in spec.DATASETS.

python -m bildungspfade.quality.build_suites          # (re)write the suites
python -m bildungspfade.quality.build_suites --check  # exit 1 if a committed suite drifted
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bildungspfade.quality.store import SUITE_DIR, render, suite_path
from bildungspfade.quality.suites import build_suite
from bildungspfade.spec import DATASETS


def generated() -> dict[str, str]:
    """dataset -> suite JSON text, as the committed file must read."""
    return {name: render(build_suite(name)) for name in DATASETS}


def drifted(directory: Path = SUITE_DIR) -> list[str]:
    """Datasets whose committed suite differs from what spec.py generates."""
    out = []
    for name, text in generated().items():
        path = suite_path(name, directory)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out


def write(directory: Path = SUITE_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generated().items():
        path = suite_path(name, directory)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    parser.add_argument("--dir", type=Path, default=SUITE_DIR, help="suite folder")
    args = parser.parse_args(argv)
    if args.check:
        stale = drifted(args.dir)
        for name in stale:
            print(f"drifted: {suite_path(name, args.dir)}", file=sys.stderr)
        return 1 if stale else 0
    for path in write(args.dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
