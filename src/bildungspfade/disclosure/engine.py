"""Disclosure control of person-level cases: cells, suppression, the audit and the published
rows, one audit unit at a time (see unit.py, suppression.py, audit.py; docs/disclosure.md).

The attacker knows every published cell of the unit, which intersections of the area levels
and which combinations of categories occur (structural zeros: a stronger attacker than a real
one), and that a cell flagged `s` holds 1 .. min_cell-1.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np
import pandas as pd

from bildungspfade.disclosure.audit import (
    Attacker,
    AuditResult,
    attack,
    repair,
    required_width,
)
from bildungspfade.disclosure.cellkey import perturb
from bildungspfade.disclosure.progress import Reporter, UnitProgress
from bildungspfade.disclosure.ptable import KEY_RANGE
from bildungspfade.disclosure.ptable import frame as ptable_frame
from bildungspfade.disclosure.rounding import round_to_base
from bildungspfade.disclosure.settings import DisclosureSettings
from bildungspfade.disclosure.suppression import primary_suppression, secondary_suppression
from bildungspfade.disclosure.unit import (
    ALL,
    CASE_COLUMNS,
    PRIMARY,
    PUBLISHED,
    RECORD_KEY,
    REGION_LEVEL,
    SECONDARY,
    TOTAL,
    Unit,
    area_levels,
    build_unit,
)

__all__ = [
    "ALL",
    "CASE_COLUMNS",
    "CELL_COLUMNS",
    "PRIMARY",
    "PUBLISHED",
    "SECONDARY",
    "SUMMARY_COLUMNS",
    "TOTAL",
    "Attacker",
    "AuditResult",
    "Unit",
    "attack",
    "build_unit",
    "primary_suppression",
    "protect",
    "protect_unit",
    "secondary_suppression",
]

CELL_COLUMNS = [
    "table",
    "year",
    "area_level",
    "area_id",
    "subgroup",
    "subgroup_value",
    "category",
    "numerator_true",
    "denominator_true",
    "numerator",
    "denominator",
    "value",
    "flag",
    "numerator_status",
    "denominator_status",
    "audit_lower",
    "audit_upper",
    "numerator_ckey",
    "denominator_ckey",
]
# Below this many case rows the worker processes' start-up (about a second) costs more than
# they save.
PARALLEL_MIN_CASES = 50_000
# A small count still failing on its local LP after this many repairs goes to the full LP.
LOCAL_REPAIRS = 25
STATUS_NAMES = {PUBLISHED: "published", PRIMARY: "primary", SECONDARY: "secondary"}
# One audit row per unit and year (protect_unit); under rounding only cells and sensitive.
SUMMARY_COLUMNS = [
    "cells",
    "primary",
    "secondary",
    "secondary_heuristic",
    "secondary_audit",
    "sensitive",
    "lp_solves",
    "repair_rounds",
    "city_totals_restored",
    "min_interval_width",
    "attack_defeated",
    "variables",
    "seconds",
]


def _regions_of_targets(unit: Unit, targets: list[tuple[int, int]]) -> dict[tuple, list]:
    """Targets grouped by the city districts whose local LP attacks them: the district that
    holds most of their persons (-1: the persons outside every city district, a region of
    its own); for a count of a city district itself also a partner district holding a
    withheld cell of the same line (the lines of city districts run across districts, so a
    trade needs both)."""
    groups: dict[tuple, list] = defaultdict(list)
    homes: list[tuple] = []
    plus = unit.rows[[p for p, _ in targets]].tocsr()
    for i, target in enumerate(targets):
        cols = plus.indices[plus.indptr[i] : plus.indptr[i + 1]]
        weight = unit.truth[cols]
        regions = unit.region[cols]
        found = np.unique(regions[weight > 0])
        if len(found) == 0:
            groups[(-1,)].append(target)
            continue
        home = int(found[int(np.argmax([weight[regions == r].sum() for r in found]))])
        partner = None
        if home >= 0 and unit.keys[target[0]][1] == REGION_LEVEL:
            partner = _partner_region(unit, target[0], home)
        homes.append((target, home, partner))
    # one partner district per home district (the most frequent): few LPs of two districts,
    # each built once (building and first solving one costs more than most attacks on it)
    partners = Counter((home, partner) for _, home, partner in homes if partner is not None)
    chosen: dict[int, int] = {}
    for (home, partner), _n in sorted(partners.items(), key=lambda kv: (-kv[1], kv[0])):
        chosen.setdefault(home, partner)
    for target, home, partner in homes:
        key = (home,) if partner is None else tuple(sorted((home, chosen[home])))
        groups[key].append(target)
    return groups


def _local_attacker(unit: Unit, settings: DisclosureSettings, regions: tuple) -> Attacker:
    return Attacker(unit, settings, local=np.isin(unit.region, regions))


def _partner_region(unit: Unit, cid: int, home: int) -> int | None:
    """The city district of the smallest withheld cell of another district on cid's lines."""
    best = None
    for li in unit.cell_lines[cid]:
        for other in unit.lines[li]:
            region = int(unit.cell_region[other])
            if unit.status[other] == PUBLISHED or region < 0 or region == home:
                continue
            if best is None or unit.value[other] < unit.value[best[1]]:
                best = (region, other)
    return None if best is None else best[0]


def _attack_and_repair(
    attacker: Attacker, targets: list, settings: DisclosureSettings, log: dict
) -> tuple[dict, list]:
    """Attack, repair the failing targets one cell each, attack them again, until none fails.
    Returns the intervals found and, for a local attacker, the targets handed on to the full
    LP: those whose local LP no withholding can widen (nothing published binds them there,
    e.g. their only partners live in another city district) and those still failing after
    LOCAL_REPAIRS rounds. On the full LP a target that nothing can repair any more, or
    max_repair_rounds rounds, open the safety valve: the whole unit is withheld."""
    unit, local = attacker.unit, attacker.local
    intervals: dict = {}
    handed_on: list = []
    tries: Counter = Counter()
    rounds = 0
    while targets:
        attacker.refresh()
        result = attacker.attack(targets)
        intervals.update(result.intervals)
        if not result.failing:
            break
        rounds += 1
        log["rounds"] += 1
        still = []
        for target in result.failing:
            tries[target] += 1
            if local and tries[target] > LOCAL_REPAIRS:
                handed_on.append(target)
            elif repair(unit, *target, result.certificates[target]):
                # one cell per failing target and round; repairs may protect others too
                log["repairs"] += 1
                still.append(target)
            elif local:
                handed_on.append(target)
            else:
                rounds = settings.max_repair_rounds + 1
        if rounds > settings.max_repair_rounds:
            # safety valve: withhold the whole unit (attacked once more for the record)
            unit.status[unit.status != SECONDARY] = SECONDARY
            log["valve"] = True
            break
        log["heuristic"] += secondary_suppression(unit)
        targets = still
    return intervals, handed_on


def _restore_city_totals(unit: Unit, settings: DisclosureSettings) -> tuple[int, dict, int]:
    """Publish again the whole-city totals (stadt, alle, insgesamt) that secondary
    suppression withheld, one at a time, wherever the full attacker then still narrows no
    small count: a city total is the number readers need most, and the heuristic and the
    local repairs withhold more than the full LP requires. Returns (totals restored, the
    intervals of the last passing attack, LP solves)."""
    candidates = [
        cid
        for cid, (_t, lvl, _a, s, _v, c, _part) in enumerate(unit.keys)
        if lvl == "stadt"
        and s == ALL
        and c == TOTAL
        and unit.status[cid] == SECONDARY
        and unit.value[cid] >= settings.min_cell
    ]
    if not candidates:
        return 0, {}, 0
    attacker = Attacker(unit, settings)
    restored, intervals = 0, {}
    for cid in candidates:
        unit.status[cid] = PUBLISHED
        attacker.refresh()
        result = attacker.attack(list(unit.sensitive))
        if result.failing:
            unit.status[cid] = SECONDARY
            attacker.refresh()
        else:
            restored += 1
            intervals = result.intervals
    return restored, intervals, attacker.solves


def protect_unit(unit: Unit, settings: DisclosureSettings) -> dict:
    """Primary, secondary suppression and the audit-repair loop; returns the audit summary.

    Every small count is attacked on the LP of the city district that holds most of its
    persons, the rest of the unit held at its true values: a pass there is a pass against the
    full attacker (see Attacker), and a repair there withholds at least what the full LP
    would need. Withholding only relaxes the attacker's constraints, so a count that passed
    in one district stays protected while the others are repaired. The few counts that a
    local LP cannot settle go to the full LP last."""
    started = time.perf_counter()
    primary_suppression(unit, settings)
    log = {"heuristic": secondary_suppression(unit), "repairs": 0, "rounds": 0, "valve": False}
    intervals: dict = {}
    solves = 0
    groups = _regions_of_targets(unit, list(unit.sensitive)) if unit.sensitive else {}
    handed_on: list = []
    for key in sorted(groups):
        attacker = _local_attacker(unit, settings, key)
        found, left = _attack_and_repair(attacker, groups[key], settings, log)
        intervals.update(found)
        handed_on += left
        solves += attacker.solves
    if handed_on:
        attacker = Attacker(unit, settings)
        found, _ = _attack_and_repair(attacker, handed_on, settings, log)
        intervals.update(found)
        solves += attacker.solves
    if log["valve"]:
        attacker = Attacker(unit, settings)
        intervals.update(attacker.attack(list(unit.sensitive)).intervals)
        solves += attacker.solves
    restored = 0
    if not log["valve"]:
        restored, found, more = _restore_city_totals(unit, settings)
        intervals.update(found)
        solves += more
    unit.intervals = intervals
    widths = [hi - lo for lo, hi in intervals.values()]
    return {
        "cells": len(unit.keys),
        "primary": int(np.count_nonzero(unit.status == PRIMARY)),
        "secondary": int(np.count_nonzero(unit.status == SECONDARY)),
        "secondary_heuristic": log["heuristic"],
        "secondary_audit": log["repairs"],
        "sensitive": len(unit.sensitive),
        "lp_solves": solves,
        "repair_rounds": log["rounds"],
        "city_totals_restored": restored,
        "min_interval_width": float(min(widths)) if widths else None,
        # the intervals are rounded inward to integers already
        "attack_defeated": all(w >= required_width(settings) for w in widths),
        "variables": unit.n_vars,
        "seconds": round(time.perf_counter() - started, 3),
    }


# --- publication ---------------------------------------------------------------------------------


def _cells_frame(unit: Unit, year: int, kinds: dict[str, str], settings: DisclosureSettings):
    """Published rows: a numerator cell joined with its denominator cell."""
    index = {k: i for i, k in enumerate(unit.keys)}
    out = []
    rounding = settings.method == "rounding"
    cell_key = settings.method == "cell_key"
    m = settings.min_cell
    for cid, (t, lvl, a, s, v, c, part) in enumerate(unit.keys):
        if part != "num":
            continue
        den = (
            index[(t, lvl, a, s, v, c, "den")]
            if kinds[t] == "quote"
            else index[(t, lvl, a, s, v, TOTAL, "num")]
        )
        n_true, d_true = int(unit.value[cid]), int(unit.value[den])
        n_status, d_status = unit.status[cid], unit.status[den]
        n_key = d_key = None
        if cell_key:
            # published counts, rates and flags come from the perturbation table afterwards
            # (cellkey.perturb, one SQL pass over all cells)
            n_status = d_status = PUBLISHED
            n_pub = d_pub = None
            n_key = int(unit.key_sum[cid]) % KEY_RANGE
            d_key = int(unit.key_sum[den]) % KEY_RANGE
            small = False
        elif rounding:
            n_status = d_status = PUBLISHED
            n_pub = round_to_base(n_true, settings.rounding_base)
            d_pub = round_to_base(d_true, settings.rounding_base)
            small = 1 <= n_true <= m - 1 or 1 <= d_true - n_true <= m - 1
        else:
            n_pub = n_true if n_status == PUBLISHED else None
            d_pub = d_true if d_status == PUBLISHED else None
            small = False
        suppressed = n_status != PUBLISHED or d_status != PUBLISHED
        base_small = d_true < settings.min_rate_base
        value = None
        if not suppressed and not base_small and not small and d_true > 0:
            value = round(100.0 * n_true / d_true, 1)
        if PRIMARY in (n_status, d_status):
            flag = "s"
        elif SECONDARY in (n_status, d_status):
            flag = "z"
        elif value is None and d_true > 0:
            flag = "w"
        elif rounding:
            flag = "r"
        else:
            flag = ""
        # the attacker's interval for a small count on this row (numerator, denominator or
        # their difference): the narrowest one
        found = [
            unit.intervals[k] for k in ((cid, -1), (den, -1), (den, cid)) if k in unit.intervals
        ]
        narrowest = min(found, key=lambda iv: iv[1] - iv[0]) if found else (None, None)
        out.append(
            (
                t,
                year,
                lvl,
                a,
                s,
                v,
                c,
                n_true,
                d_true,
                n_pub,
                d_pub,
                value,
                flag,
                STATUS_NAMES[int(unit.status[cid])],
                STATUS_NAMES[int(unit.status[den])],
                narrowest[0],
                narrowest[1],
                n_key,
                d_key,
            )
        )
    return out


def _protect_one(unit_name: str, year: int, frame: pd.DataFrame, kinds, settings) -> tuple:
    """Cells and audit row of one audit unit (runs in a worker process when parallel)."""
    unit = build_unit(frame, settings)
    if settings.method == "suppression":
        summary = protect_unit(unit, settings)
    else:
        summary = {"cells": len(unit.keys), "sensitive": len(unit.sensitive)}
    rows = [(unit_name, *r) for r in _cells_frame(unit, year, kinds, settings)]
    return rows, {"audit_unit": unit_name, "year": year, **summary}


def _workers(settings: DisclosureSettings, n_cases: int, n_units: int) -> int:
    # only the audit gains: the Cell Key Method's and rounding's units take about 20 s for
    # the full musterstadt in one process and longer with two workers (spawning and
    # pickling cost more than the cells; measured, docs/disclosure.md)
    if settings.method != "suppression" or n_cases < PARALLEL_MIN_CASES or n_units < 2:
        return 1
    wanted = settings.workers or (os.cpu_count() or 1)
    return max(1, min(wanted, n_units))


def protect(
    cases: pd.DataFrame,
    settings: DisclosureSettings,
    ptable: pd.DataFrame | None = None,
    progress: Reporter | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Published cells (with the true counts beside them, for the restricted marts) and one
    audit row per audit unit. `cases` has the columns CASE_COLUMNS, the area levels below the
    city and the subgroups (one row per person, table and year); under the Cell Key Method
    also `record_key` (the person's fixed key, 0 .. 255), and `ptable` is the perturbation
    table (seed ckm_ptable; default: the one bildungspfade.disclosure.ptable builds).

    Audit units are independent: with enough cases they are protected in parallel worker
    processes (settings.workers, default one per core), largest first; each unit's result
    does not depend on which process ran it, so the output is the same. `progress` (e.g.
    progress.dbt_note) hears the audit units done and left as they finish."""
    needed = {*CASE_COLUMNS, *settings.subgroups, *area_levels(settings)}
    if settings.method == "cell_key":
        needed.add(RECORD_KEY)
    missing = needed - set(cases.columns)
    if missing:
        raise ValueError(f"cases lack columns {sorted(missing)}")
    kinds = cases.groupby("table")["kind"].first().to_dict()
    jobs = [
        (str(unit_name), int(year), frame.drop_duplicates(["table", "person"]))
        for (unit_name, year), frame in cases.groupby(["unit", "year"], sort=True)
    ]
    workers = _workers(settings, len(cases), len(jobs))
    tracker = UnitProgress(
        progress, len(jobs), len(cases), f"{settings.method}, {workers} process(es)"
    )
    results: list = [None] * len(jobs)
    if workers == 1:
        for i, job in enumerate(jobs):
            results[i] = _protect_one(*job, kinds, settings)
            tracker.unit_done(len(job[2]))
    else:
        # spawn, not fork: the calling process (dbt, with DuckDB's threads) must not be forked
        context = multiprocessing.get_context("spawn")
        order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i][2]))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(_protect_one, *jobs[i], kinds, settings): i for i in order}
            for future in as_completed(futures):
                i = futures[future]
                results[i] = future.result()
                tracker.unit_done(len(jobs[i][2]))
    rows = [row for unit_rows, _ in results for row in unit_rows]
    audits = [summary for _, summary in results]
    cells = pd.DataFrame(rows, columns=["audit_unit", *CELL_COLUMNS])
    if settings.method == "cell_key":
        cells = perturb(cells, ptable_frame() if ptable is None else ptable, settings)
    # the same columns whatever the method and however many units (none: an empty history)
    audit = pd.DataFrame(audits).reindex(columns=["audit_unit", "year", *SUMMARY_COLUMNS])
    if not audits:  # no rows to infer types from: keys typed like the cells' so they merge
        audit = audit.astype({"audit_unit": cells["audit_unit"].dtype, "year": cells["year"].dtype})
    return cells, audit
