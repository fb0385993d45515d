"""Time the disclosure engine per audit unit on the indicator cases of a built warehouse.

    .venv/bin/python benchmarks/bench_disclosure.py [--warehouse FILE] [--unit AS02 ...]
        [--year 2019 ...] [--min-cell 3]

Reads marts.fct_indicator_cases read-only, exactly as the dbt model fct_indicator_cells does
(default warehouse: the one from settings, i.e. musterstadt after `make demo`; DuckDB refuses
readers while a build writes, so point it at a copy then). Prints, per audit unit (audit group,
year): cells, LP variables, small counts attacked, primary and secondary suppressions, LP
solves, repair rounds, the seconds to build the unit and to protect it, and whether the attack
was defeated; then totals per audit group and overall. Measures and prints, asserts nothing;
prints counts of cells only, never persons.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

AREA_COLUMNS = {
    "city_district": "stadtbezirk",
    "statistical_district": "statistischer_bezirk",
    "sozialraum": "sozialraum",
    "catchment_area": "grundschulbezirk",
}
SELECT = """
    select audit_unit as unit, year, indicator_code as "table", kind, person_key as person,
        category, is_counted as counted, city_district, statistical_district, sozialraum,
        catchment_area, geschlecht, familiensprache, migrationshintergrund, leistungsbezug
    from marts.fct_indicator_cases
    where kind in ('verteilung', 'quote')
"""


def load_cases(warehouse, units, years):
    import duckdb

    sql, params = SELECT, []
    if units:
        sql += f" and audit_unit in ({', '.join('?' for _ in units)})"
        params += list(units)
    if years:
        sql += f" and year in ({', '.join('?' for _ in years)})"
        params += [int(y) for y in years]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params).df().rename(columns=AREA_COLUMNS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", help="DuckDB file (default: settings / environment)")
    parser.add_argument("--unit", action="append", help="audit unit(s), e.g. AS02 (default: all)")
    parser.add_argument("--year", action="append", help="year(s) (default: all)")
    parser.add_argument("--min-cell", type=int, default=3)
    args = parser.parse_args()

    from bildungspfade.disclosure import DisclosureSettings
    from bildungspfade.disclosure.engine import build_unit, protect_unit
    from bildungspfade.settings import load_settings

    warehouse = load_settings(args.warehouse).warehouse
    settings = DisclosureSettings(min_cell=args.min_cell)
    start = time.perf_counter()
    cases = load_cases(warehouse, args.unit, args.year)
    print(f"warehouse: {warehouse}")
    print(f"cases loaded in {time.perf_counter() - start:.1f} s ({len(cases):,} case rows)")
    header = (
        f"{'unit':<8} {'year':>5} {'cells':>7} {'vars':>8} {'small':>6} {'prim':>6} "
        f"{'secd':>6} {'solves':>7} {'rounds':>6} {'build s':>8} {'audit s':>8} defeated"
    )
    print(header)
    per_group: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0.0, 0.0])
    all_defeated = True
    total_start = time.perf_counter()
    for (unit_name, year), frame in cases.groupby(["unit", "year"], sort=True):
        t0 = time.perf_counter()
        unit = build_unit(frame.drop_duplicates(["table", "person"]), settings)
        t1 = time.perf_counter()
        s = protect_unit(unit, settings)
        t2 = time.perf_counter()
        all_defeated &= bool(s["attack_defeated"])
        print(
            f"{unit_name:<8} {year:>5} {s['cells']:>7} {s['variables']:>8} "
            f"{s['sensitive']:>6} {s['primary']:>6} {s['secondary']:>6} {s['lp_solves']:>7} "
            f"{s['repair_rounds']:>6} {t1 - t0:>8.2f} {t2 - t1:>8.2f} {s['attack_defeated']}",
            flush=True,
        )
        g = per_group[unit_name]
        for i, key in enumerate(("cells", "sensitive", "primary", "secondary", "lp_solves")):
            g[i] += s[key]
        g[5] += t1 - t0
        g[6] += t2 - t1
    total = time.perf_counter() - total_start
    print()
    print(
        f"{'unit':<8} {'cells':>8} {'small':>7} {'prim':>7} {'secd':>7} {'solves':>8} "
        f"{'build s':>8} {'audit s':>8}"
    )
    sums = [0] * 7
    for name, g in sorted(per_group.items()):
        sums = [a + b for a, b in zip(sums, g, strict=True)]
        print(
            f"{name:<8} {g[0]:>8} {g[1]:>7} {g[2]:>7} {g[3]:>7} {g[4]:>8} {g[5]:>8.1f} {g[6]:>8.1f}"
        )
    print(
        f"{'total':<8} {sums[0]:>8} {sums[1]:>7} {sums[2]:>7} {sums[3]:>7} {sums[4]:>8} "
        f"{sums[5]:>8.1f} {sums[6]:>8.1f}"
    )
    print(f"wall time (build + protect, all units): {total:.1f} s; every attack defeated: ", end="")
    print(all_defeated)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
