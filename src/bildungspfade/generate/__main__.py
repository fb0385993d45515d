"""Write every generated file of the project, or --check them all.

python -m bildungspfade.generate          # registry, suites, case list, ptable
python -m bildungspfade.generate --check  # exit 1 if a committed file drifted (make lint)
"""

from __future__ import annotations

import argparse
import sys

from bildungspfade.disclosure import ptable
from bildungspfade.generate import files, indicator_cases, registry
from bildungspfade.generate import suites as build_suites
from bildungspfade.settings import PROJECT_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    try:
        generated = {
            **registry.files_in(PROJECT_ROOT),
            **build_suites.files_in(build_suites.SUITE_DIR),
            **indicator_cases.files_in(PROJECT_ROOT),
            **ptable.files_in(PROJECT_ROOT),
        }
    except indicator_cases.CatalogueError as error:
        print(error, file=sys.stderr)
        return 1
    if args.check:
        drifted = files.stale(generated)
        for path in drifted:
            print(f"drifted: {path} (run: python -m bildungspfade.generate)", file=sys.stderr)
        return 1 if drifted else 0
    for path in files.write(generated):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
