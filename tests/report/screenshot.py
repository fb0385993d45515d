"""Refresh docs/img/report.png: the report in headless Chromium, top of the page.

    .venv/bin/python -m tests.report.screenshot [--published FILE] [--height 1500]

Without --published it uses the hand-made published database of tests/exports.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parents[1] / "docs" / "img" / "report.png"


def main() -> int:
    from bildungspfade.report import write_report
    from tests.exports.published_fixture import build_published
    from tests.report.chromium import MISSING, available, open_page

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--published", help="published DuckDB (default: the test fixture)")
    parser.add_argument("--height", type=int, default=1500, help="pixels of the page shown")
    args = parser.parse_args()
    if not available():
        print(MISSING, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        published = Path(args.published) if args.published else None
        if published is None:
            published = build_published(Path(tmp) / "warehouse.duckdb")
        html = write_report(published, Path(tmp) / "bildungsbericht.html").path
        with open_page(html.as_uri(), width=1100, height=args.height) as visit:
            if visit.errors:
                print(f"console errors: {visit.errors}", file=sys.stderr)
                return 1
            TARGET.parent.mkdir(parents=True, exist_ok=True)
            visit.page.screenshot(path=str(TARGET))
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
