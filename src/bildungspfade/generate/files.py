"""Files generated from spec.py and committed beside the code: write them, or check them.

The expectation suites (generate.suites) and the dbt side of the specification
(registry) are both generated; each module's command writes its files, and with --check only
compares them, so that CI fails when a committed file drifted from spec.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

Files = Mapping[Path, str]  # path -> text, as the committed file must read


def stale(files: Files) -> list[Path]:
    """The files that are missing or differ from their generated text."""
    return [
        path
        for path, text in files.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def write(files: Files) -> list[Path]:
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


def main(
    argv: list[str] | None,
    *,
    description: str,
    command: str,
    folder_option: str,
    default_folder: Path,
    files_in: Callable[[Path], Files],
) -> int:
    """The command line of a generator: write the files in a folder, or --check them."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    parser.add_argument(folder_option, type=Path, default=default_folder, help="target folder")
    args = parser.parse_args(argv)
    files = files_in(getattr(args, folder_option.lstrip("-")))
    if args.check:
        drifted = stale(files)
        for path in drifted:
            print(f"drifted: {path} (run: {command})", file=sys.stderr)
        return 1 if drifted else 0
    for path in write(files):
        print(path)
    return 0
