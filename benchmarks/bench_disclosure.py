"""Time the disclosure engine per audit unit on the indicator cases of a built warehouse;
with --methods, compare the methods' utility and risk.

    .venv/bin/python benchmarks/bench_disclosure.py [--warehouse FILE] [--unit AS02 ...]
        [--year 2019 ...] [--min-cell 3]
    .venv/bin/python benchmarks/bench_disclosure.py --methods [--warehouse FILE]
        [--attack-years 2] [--method cell_key ...]
    .venv/bin/python benchmarks/bench_disclosure.py --share [--warehouse FILE]

--share prints only the disclosure models' share of the last build of the warehouse, from its
dbt log (`bildungspfade run` writes FILE.dbt.log): their seconds against the dbt wall time and
against the seconds of every dbt node (two threads), and the load average now.

--methods protects the indicator cases of the warehouse with each method (cell_key,
suppression, rounding; record keys as dim_ckm_record_keys derives them) and prints the
utility table of docs/disclosure.md (cells published by area level and subgroup, mean
absolute deviation of published from true counts, share of cells of 100 or more persons
whose published rate lies within 1 percentage point of the true one), the seconds each
method takes, the differencing attack of tests/disclosure/risk.py on AS01, AS02 and AS08
(share of true counts of 1 or 2 determined; the attacker's mean error) and, from the
warehouse's dbt log, the disclosure models' share of the build.

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


METHODS = ("cell_key", "suppression", "rounding")
LEVEL_ORDER = ("stadt", "stadtbezirk", "statistischer_bezirk", "sozialraum", "grundschulbezirk")
DISCLOSURE_MODELS = (
    "dim_ckm_record_keys",
    "fct_indicator_cells",
    "pub_transition_tables",
    "pub_pathways",
)


def with_record_keys(warehouse, cases):
    """The cases with the record key dim_ckm_record_keys gives their persons (derived
    again from the person key where the warehouse has no such model)."""
    import duckdb

    from bildungspfade.disclosure.record_keys import record_key_secret, record_keys

    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'dim_ckm_record_keys'"
        ).fetchone()[0]
        if found:
            keys = con.execute("select person_key, ckm_record_key from marts.dim_ckm_record_keys")
            keys = keys.df().set_index("person_key").ckm_record_key
            return cases.assign(record_key=cases.person.map(keys))
    persons = cases.person.drop_duplicates()
    keys = dict(zip(persons, record_keys(persons.tolist(), record_key_secret()), strict=True))
    return cases.assign(record_key=cases.person.map(keys))


def utility(cells):
    """Rows of the utility table: per area level and breakdown (alle / subgroups)."""
    import numpy as np

    out = []
    cells = cells.assign(
        breakdown=np.where(cells.subgroup == "alle", "alle", "Teilgruppen"),
        true_rate=100
        * cells.numerator_true
        / cells.denominator_true.where(cells.denominator_true > 0),
    )
    for (level, breakdown), part in cells.groupby(["area_level", "breakdown"]):
        ten = part[part.numerator_true >= 10]
        positive = part[part.numerator_true > 0]
        shown = part[part.numerator.notna()]
        big = part[part.denominator_true >= 100]
        within = (big.value - big.true_rate).abs() <= 1.0 + 1e-9
        out.append(
            {
                "level": level,
                "breakdown": breakdown,
                "cells": len(part),
                "published_10plus": ten.numerator.notna().mean() if len(ten) else np.nan,
                "withheld_positive": positive.numerator.isna().mean() if len(positive) else 0,
                "mad": (shown.numerator - shown.numerator_true).abs().mean(),
                "within_1pp_100plus": (within & big.value.notna()).mean() if len(big) else np.nan,
                "cells_100plus": len(big),
            }
        )
    order = {lvl: i for i, lvl in enumerate(LEVEL_ORDER)}
    return sorted(out, key=lambda r: (order.get(r["level"], 9), r["breakdown"]))


def risk_of(warehouse, cells, method, years_per_indicator):
    """The differencing attack of tests/disclosure/risk.py on these published cells."""
    import duckdb

    from bildungspfade.disclosure.ptable import frame as ptable_frame
    from tests.disclosure import risk

    con = duckdb.connect()
    con.execute(f"attach '{warehouse}' as wh (read_only)")
    con.execute("create schema marts; create schema published")
    con.register("bench_cells", cells.rename(columns={"table": "indicator_code"}))
    con.execute("create table marts.fct_indicator_cells as select * from bench_cells")
    con.execute(
        "create view marts.fct_indicator_cases as select * from wh.marts.fct_indicator_cases"
    )
    con.execute(
        """create table published.pub_indicators as
           select indicator_code, year, area_level, area_id, subgroup, subgroup_value,
                  category, numerator, denominator, value, flag
           from bench_cells"""
    )
    preimage = risk.preimage_for(method, ptable_frame())
    attacked = []
    for indicator in ("AS01", "AS02", "AS08"):
        years = con.execute(
            """select year from marts.fct_indicator_cells
               where indicator_code = ? and numerator_true between 1 and 2
               group by year order by count(*) desc, year limit ?""",
            [indicator, years_per_indicator],
        ).fetchall()
        for (year,) in years:
            attacked += risk.indicator_attacks(con, indicator, int(year), preimage)
    con.close()
    return risk.summarise(attacked)


def build_share(warehouse):
    """Seconds of the disclosure models, of every dbt node together and of the whole dbt
    build (wall time) from the warehouse's dbt log (`bildungspfade run` writes it beside the
    warehouse). dbt runs two threads, so node seconds add up to more than the wall time;
    both shares are printed."""
    import re
    from pathlib import Path

    log = Path(f"{warehouse}.dbt.log")
    if not log.exists():
        return None
    text = log.read_text(errors="replace")
    found = {}
    for name in DISCLOSURE_MODELS:
        hit = re.search(rf"OK created .*\.{name} .*? in ([0-9.]+)s", text)
        if hit:
            found[name] = float(hit.group(1))
    node = r"\d+ of \d+ (?:OK|PASS|WARN|ERROR|FAIL)\b.* in ([0-9.]+)s"
    nodes = sum(float(s) for s in re.findall(node, text))
    total = re.search(r"Finished running .*\(([0-9.]+)s\)", text)
    return found, float(total.group(1)) if total else None, nodes


def print_share(warehouse) -> bool:
    import os

    share = build_share(warehouse)
    if not share:
        print(f"no dbt log beside {warehouse}")
        return False
    models, total, nodes = share
    spent = sum(models.values())
    print(f"dbt log: disclosure models {models}")
    if total:
        print(f"disclosure share of the dbt wall time: {spent:.1f} s of {total:.1f} s, ", end="")
        print(f"{spent / total:.1%}")
    if nodes:
        print(f"disclosure share of all dbt node seconds: {spent:.1f} of {nodes:.1f} s, ", end="")
        print(f"{spent / nodes:.1%}")
    # the machine may be shared: the ratio means more than the seconds (load now, not then)
    print("load average now: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return True


def compare(args) -> int:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.disclosure.risk
    from bildungspfade.disclosure import DisclosureSettings, protect
    from bildungspfade.disclosure.ptable import DESIGN
    from bildungspfade.disclosure.ptable import frame as ptable_frame
    from bildungspfade.settings import load_settings

    warehouse = load_settings(args.warehouse).warehouse
    cases = with_record_keys(warehouse, load_cases(warehouse, args.unit, args.year))
    print(f"warehouse: {warehouse} ({len(cases):,} case rows); ptable {DESIGN.label}")
    results = {}
    for method in args.method or METHODS:
        settings = DisclosureSettings(method=method, min_cell=args.min_cell)
        started = time.perf_counter()
        cells, _audit = protect(cases, settings, ptable=ptable_frame())
        seconds = time.perf_counter() - started
        results[method] = (cells, seconds)
        print(f"{method}: {len(cells):,} rows protected in {seconds:.1f} s", flush=True)
    print()
    print("utility (published share of cells of 10+ persons; withheld share of positive cells;")
    print("mean absolute deviation of published counts; rates of cells of 100+ within 1 pp)")
    print(
        f"{'method':<12} {'level':<21} {'breakdown':<12} {'cells':>7} {'pub 10+':>8} "
        f"{'withheld':>8} {'MAD':>6} {'1pp 100+':>9} {'n 100+':>7}"
    )
    for method, (cells, _seconds) in results.items():
        for r in utility(cells):
            print(
                f"{method:<12} {r['level']:<21} {r['breakdown']:<12} {r['cells']:>7} "
                f"{r['published_10plus']:>8.1%} {r['withheld_positive']:>8.1%} "
                f"{r['mad']:>6.2f} {r['within_1pp_100plus']:>9.1%} {r['cells_100plus']:>7}"
            )
    print()
    print("differencing attack (AS01, AS02, AS08; all levels and subgroups in one LP):")
    for method, (cells, _seconds) in results.items():
        started = time.perf_counter()
        summary = risk_of(warehouse, cells, method, args.attack_years)
        print(f"{method:<12} {summary} ({time.perf_counter() - started:.0f} s)", flush=True)
    print()
    print_share(warehouse)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", help="DuckDB file (default: settings / environment)")
    parser.add_argument("--unit", action="append", help="audit unit(s), e.g. AS02 (default: all)")
    parser.add_argument("--year", action="append", help="year(s) (default: all)")
    parser.add_argument("--min-cell", type=int, default=3)
    parser.add_argument("--methods", action="store_true", help="utility and risk per method")
    parser.add_argument("--attack-years", type=int, default=2, help="years per indicator")
    parser.add_argument(
        "--method",
        action="append",
        choices=METHODS,
        help="with --methods: only these (default: all three; suppression takes longest)",
    )
    parser.add_argument(
        "--share", action="store_true", help="only the disclosure models' share of the build"
    )
    args = parser.parse_args()
    if args.share:
        from bildungspfade.settings import load_settings

        return 0 if print_share(load_settings(args.warehouse).warehouse) else 1
    if args.methods:
        return compare(args)

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
