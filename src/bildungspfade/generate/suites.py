"""Write expectations/<dataset>.json for every dataset in spec.DATASETS.

python -m bildungspfade.generate.suites          # (re)write the suites
python -m bildungspfade.generate.suites --check  # exit 1 if a committed suite drifted
"""

from __future__ import annotations

import sys
from pathlib import Path

from bildungspfade.generate import files as generated_files
from bildungspfade.quality.store import SUITE_DIR, render, suite_path
from bildungspfade.quality.suites import build_suite
from bildungspfade.spec import DATASETS


def generated() -> dict[str, str]:
    """dataset -> suite JSON text, as the committed file must read."""
    return {name: render(build_suite(name)) for name in DATASETS}


def files_in(directory: Path) -> dict[Path, str]:
    return {suite_path(name, directory): text for name, text in generated().items()}


def drifted(directory: Path = SUITE_DIR) -> list[str]:
    """Datasets whose committed suite differs from what spec.py generates."""
    stale = set(generated_files.stale(files_in(directory)))
    return [name for name in DATASETS if suite_path(name, directory) in stale]


def write(directory: Path = SUITE_DIR) -> list[Path]:
    return generated_files.write(files_in(directory))


def main(argv: list[str] | None = None) -> int:
    return generated_files.main(
        argv,
        description=__doc__.splitlines()[0],
        command="python -m bildungspfade.generate.suites",
        folder_option="--dir",
        default_folder=SUITE_DIR,
        files_in=files_in,
    )


if __name__ == "__main__":
    sys.exit(main())
