"""The cells of one audit unit as sparse rows over the attacker's variables.

An audit unit is (audit group, year): the indicators of one group share a base population
(children 0-5 on 1 March, pupils on 15 October, ...), so their tables are audited together.
The variables are the counts of every intersection of the small-area levels times every joint
category combination of the unit's tables ("atoms"), plus per subgroup the counts per sub-area,
subgroup value and atom; cells are sums of them. See docs/disclosure.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from bildungspfade.disclosure.settings import ALL, TOTAL, DisclosureSettings, area_levels

__all__ = ["ALL", "TOTAL", "Unit", "area_levels", "build_unit"]

PUBLISHED, PRIMARY, SECONDARY = 0, 1, 2
# Statistical districts nest in city districts: the local attack works within them.
REGION_LEVEL = "stadtbezirk"
CASE_COLUMNS = ("unit", "year", "table", "kind", "person", "category", "counted")
# Optional case column: the person's record key of the Cell Key Method (0 .. 255).
RECORD_KEY = "record_key"


@dataclass
class Unit:
    """The cells of one audit unit as sparse rows over its variables."""

    n_vars: int
    truth: np.ndarray  # true value of every variable
    link: sparse.csr_matrix  # rows that must be 0 (subgroup views add up to the area view)
    rows: sparse.csr_matrix  # one row per cell
    value: np.ndarray  # true count per cell
    status: np.ndarray  # PUBLISHED, PRIMARY or SECONDARY
    lines: list[np.ndarray]  # cell ids that add up (last id: the total of the line)
    cell_lines: list[list[int]]  # line ids per cell
    keys: list[tuple]  # (table, level, area, subgroup, value, category, part) per cell
    sensitive: list[tuple[int, int]] = field(default_factory=list)  # (cell, minus cell or -1)
    intervals: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)
    # city district of every variable (-1: none, or a sub-area across city districts)
    region: np.ndarray | None = None
    # city district of every cell (-1: its variables lie in several or in none)
    cell_region: np.ndarray | None = None
    # sum of the record keys of every cell's persons (Cell Key Method; None without keys)
    key_sum: np.ndarray | None = None


def _join_columns(frame: pd.DataFrame, missing: str, sep: str) -> pd.Series:
    """One text key per row from all columns (vectorised; NULL written as `missing`)."""
    key = pd.Series("", index=frame.index, dtype=object)
    for i, col in enumerate(frame.columns):
        part = frame[col].astype(object).where(frame[col].notna(), missing).astype(str)
        key = part if i == 0 else key + sep + part
    return key


def _regions(inter_area: pd.DataFrame, sub_of_inter: np.ndarray, n_sub: int):
    """City district code of every intersection and of every subgroup sub-area (-1: none,
    or a sub-area that spans several city districts)."""
    if REGION_LEVEL not in inter_area.columns:
        return np.full(len(inter_area), -1), np.full(n_sub, -1)
    codes, _ = pd.factorize(inter_area[REGION_LEVEL], sort=True)  # NaN -> -1
    sub_region = np.full(n_sub, -1)
    for b in range(n_sub):
        found = np.unique(codes[sub_of_inter == b])
        if len(found) == 1:
            sub_region[b] = found[0]
    return codes, sub_region


def _cell_regions(rows: sparse.csr_matrix, region: np.ndarray) -> np.ndarray:
    """The one city district of each cell's variables, -1 where they lie in several."""
    of_entry = region[rows.indices]
    starts = np.minimum(rows.indptr[:-1], max(len(of_entry) - 1, 0))
    low = np.minimum.reduceat(of_entry, starts) if len(of_entry) else np.zeros(0, int)
    high = np.maximum.reduceat(of_entry, starts) if len(of_entry) else np.zeros(0, int)
    empty = np.diff(rows.indptr) == 0
    out = np.where(low == high, low, -1)
    out[empty] = -1
    return out.astype(np.int32)


def build_unit(frame: pd.DataFrame, settings: DisclosureSettings) -> Unit:
    """Variables, cells and lines of one audit unit from its person-level cases."""
    levels = area_levels(settings)
    sub_level = settings.subgroup_levels[1] if len(settings.subgroup_levels) > 1 else None
    tables = sorted(frame["table"].unique())
    kinds = frame.groupby("table")["kind"].first().to_dict()

    # One row per person: attributes and the joint atom over the unit's tables.
    wide = frame.pivot_table(
        index="person", columns="table", values=["category", "counted"], aggfunc="first"
    )
    has_keys = RECORD_KEY in frame.columns
    attrs = frame.groupby("person")[
        [*levels, *settings.subgroups, *([RECORD_KEY] if has_keys else [])]
    ].first()
    atom_cols = []
    for t in tables:
        cat = wide[("category", t)].astype(object)
        cnt = wide[("counted", t)].astype(object)
        atom_cols.append(
            cat.where(cat.isna(), cat.astype(str) + "|" + cnt.map({True: "1", False: "0"}))
        )
    atoms = pd.concat(atom_cols, axis=1, keys=tables).reindex(attrs.index)
    atom_key = _join_columns(atoms, "-", "#")
    atom_codes, atom_uniques = pd.factorize(atom_key, sort=True)
    atom_table = (
        atoms.assign(_k=atom_key).drop_duplicates("_k").set_index("_k").reindex(atom_uniques)
    )
    n_atoms = len(atom_uniques)

    area = attrs[levels].astype(object).where(attrs[levels].notna(), None)
    area_key = _join_columns(area, "\x00", "\x01")
    inter_codes, inter_uniques = pd.factorize(area_key, sort=True)
    inter_area = (
        area.assign(_k=area_key).drop_duplicates("_k").set_index("_k").reindex(inter_uniques)
    )
    n_inter = len(inter_uniques)

    # Variables: the area view (intersection x atom), then per subgroup (sub-area x value x atom).
    truth_parts = [np.bincount(inter_codes * n_atoms + atom_codes, minlength=n_inter * n_atoms)]
    # the record keys summed like the counts: the key sum of a cell is the same sparse row
    # applied to them, so it is additive exactly as the count is
    keys_of = attrs[RECORD_KEY].to_numpy(dtype=float) if has_keys else None
    key_parts = []
    if has_keys:
        key_parts.append(
            np.bincount(
                inter_codes * n_atoms + atom_codes, weights=keys_of, minlength=n_inter * n_atoms
            )
        )
    offset = n_inter * n_atoms
    views: dict[str, dict] = {}
    link_rows, link_cols, link_vals, n_link = [], [], [], 0
    if sub_level is not None:
        sub_of_inter_codes, sub_uniques = pd.factorize(
            inter_area[sub_level].fillna("\x00").astype(str), sort=True
        )
    else:
        sub_of_inter_codes, sub_uniques = np.zeros(n_inter, dtype=int), pd.Index(["\x00"])
    sub_of_person = sub_of_inter_codes[inter_codes]
    n_sub = len(sub_uniques)
    inter_region, sub_region = _regions(inter_area, sub_of_inter_codes, n_sub)
    region_parts = [np.repeat(inter_region, n_atoms)]
    for s in settings.subgroups:
        v_codes, v_uniques = pd.factorize(attrs[s].fillna("unbekannt").astype(str), sort=True)
        n_v = len(v_uniques)
        size = n_sub * n_v * n_atoms
        idx = (sub_of_person * n_v + v_codes) * n_atoms + atom_codes
        truth_parts.append(np.bincount(idx, minlength=size))
        if has_keys:
            key_parts.append(np.bincount(idx, weights=keys_of, minlength=size))
        region_parts.append(np.repeat(sub_region, n_v * n_atoms))
        views[s] = {"offset": offset, "values": list(v_uniques), "n_v": n_v}
        # link: for each (sub, atom): sum_v y[sub, v, atom] - sum_{i in sub} x[i, atom] = 0
        b, v, a = np.meshgrid(np.arange(n_sub), np.arange(n_v), np.arange(n_atoms), indexing="ij")
        link_rows.append(n_link + (b * n_atoms + a).ravel())
        link_cols.append((offset + (b * n_v + v) * n_atoms + a).ravel())
        link_vals.append(np.ones(b.size))
        i, a = np.meshgrid(np.arange(n_inter), np.arange(n_atoms), indexing="ij")
        link_rows.append(n_link + (sub_of_inter_codes[i] * n_atoms + a).ravel())
        link_cols.append((i * n_atoms + a).ravel())
        link_vals.append(-np.ones(i.size))
        n_link += n_sub * n_atoms
        offset += size
    n_vars = offset
    truth = np.concatenate(truth_parts).astype(float)
    link = sparse.csr_matrix(
        (
            np.concatenate(link_vals) if link_vals else np.zeros(0),
            (
                np.concatenate(link_rows) if link_rows else np.zeros(0, int),
                np.concatenate(link_cols) if link_cols else np.zeros(0, int),
            ),
        ),
        shape=(n_link, n_vars),
    )

    # Atom masks per table, category and part.
    atom_masks: dict[tuple[str, str, str], np.ndarray] = {}
    categories: dict[str, list[str]] = {}
    for t in tables:
        col = atom_table[t]
        present = col.notna().to_numpy()
        cat = col.fillna("|").str.rsplit("|", n=1).str[0].to_numpy()
        cnt = col.fillna("|").str.rsplit("|", n=1).str[1].to_numpy() == "1"
        cats = sorted(set(cat[present]))
        categories[t] = cats
        for c in cats:
            if kinds[t] == "verteilung":
                atom_masks[(t, c, "num")] = present & (cat == c)
            else:
                atom_masks[(t, c, "num")] = present & (cat == c) & cnt
                atom_masks[(t, c, "den")] = present & (cat == c)
        if kinds[t] == "verteilung":
            atom_masks[(t, TOTAL, "num")] = present
        else:
            atom_masks[(t, TOTAL, "num")] = present & cnt
            atom_masks[(t, TOTAL, "den")] = present

    # Area masks: per level and area, which intersections / sub-areas.
    area_masks: list[tuple[str, str, np.ndarray, np.ndarray | None]] = [
        ("stadt", "stadt", np.ones(n_inter, bool), np.ones(n_sub, bool))
    ]
    for lvl in levels:
        col = inter_area[lvl]
        for a in sorted(col.dropna().unique()):
            sub_mask = None
            if lvl == sub_level:
                sub_mask = np.asarray(sub_uniques == a)
            area_masks.append((lvl, a, (col == a).to_numpy(), sub_mask))

    # Cells are sums over areas of per-intersection (per sub-area and value) sums over the
    # atoms of one category: those inner sums are variables of their own ("aggregates",
    # defined by link rows), so a city-level cell has one entry per intersection instead of
    # one per intersection and atom. The same LP (the aggregates are determined by the
    # counts), with a far sparser matrix for the simplex.
    atom_idx = {k: np.flatnonzero(m) for k, m in atom_masks.items()}
    agg_keys = [
        (t, c, part)
        for t in tables
        for c in [*categories[t], TOTAL]
        for part in (("num",) if kinds[t] == "verteilung" else ("num", "den"))
    ]
    d_rows, d_cols = [], []
    agg_offset: dict[tuple, int] = {}
    n_agg = 0
    for k in agg_keys:
        at = atom_idx[k]
        # one aggregate per intersection: sum of x[i, atom] over the atoms of the category
        agg_offset[(ALL, *k)] = n_agg
        region_parts.append(inter_region)
        d_rows.append(np.repeat(n_agg + np.arange(n_inter), len(at)))
        d_cols.append((np.arange(n_inter)[:, None] * n_atoms + at[None, :]).ravel())
        n_agg += n_inter
        for s in settings.subgroups:
            view = views[s]
            n_sv = n_sub * view["n_v"]
            agg_offset[(s, *k)] = n_agg
            region_parts.append(np.repeat(sub_region, view["n_v"]))
            d_rows.append(np.repeat(n_agg + np.arange(n_sv), len(at)))
            d_cols.append(
                (view["offset"] + np.arange(n_sv)[:, None] * n_atoms + at[None, :]).ravel()
            )
            n_agg += n_sv
    n_base = n_vars
    d_r = np.concatenate(d_rows) if d_rows else np.zeros(0, int)
    d_c = np.concatenate(d_cols) if d_cols else np.zeros(0, int)
    definition = sparse.csr_matrix((np.ones(len(d_r)), (d_r, d_c)), shape=(n_agg, n_base))
    n_vars = n_base + n_agg
    truth = np.concatenate([truth, definition @ truth])
    key_truth = None
    if has_keys:
        key_truth = np.concatenate(key_parts)
        key_truth = np.concatenate([key_truth, definition @ key_truth])
    # link rows: aggregate - sum of its counts = 0
    define = sparse.hstack([-definition, sparse.identity(n_agg, format="csr")]).tocsr()
    link = sparse.vstack([sparse.hstack([link, sparse.csr_matrix((n_link, n_agg))]), define])
    link = link.tocsr()

    keys: list[tuple] = []
    r_rows, r_cols = [], []
    key_index: dict[tuple, int] = {}

    def add_cell(key: tuple, cols: np.ndarray) -> int:
        if key in key_index:
            return key_index[key]
        cid = len(keys)
        key_index[key] = cid
        keys.append(key)
        r_rows.append(np.full(len(cols), cid))
        r_cols.append(cols)
        return cid

    for t in tables:
        parts = ("num",) if kinds[t] == "verteilung" else ("num", "den")
        for lvl, a, inter_mask, sub_mask in area_masks:
            inters = np.flatnonzero(inter_mask)
            for c in [*categories[t], TOTAL]:
                for part in parts:
                    cols = n_base + agg_offset[(ALL, t, c, part)] + inters
                    add_cell((t, lvl, a, ALL, ALL, c, part), cols)
            if lvl not in settings.subgroup_levels or sub_mask is None:
                continue
            subs = np.flatnonzero(sub_mask)
            for s in settings.subgroups:
                view = views[s]
                for vi, v in enumerate(view["values"]):
                    for c in [*categories[t], TOTAL]:
                        for part in parts:
                            base = n_base + agg_offset[(s, t, c, part)]
                            add_cell((t, lvl, a, s, v, c, part), base + subs * view["n_v"] + vi)

    n_cells = len(keys)
    rows_i = np.concatenate(r_rows) if r_rows else np.zeros(0, int)
    cols_i = np.concatenate(r_cols) if r_cols else np.zeros(0, int)
    rows = sparse.csr_matrix((np.ones(len(rows_i)), (rows_i, cols_i)), shape=(n_cells, n_vars))
    value = np.rint(rows @ truth).astype(np.int64)

    # Lines: categories + total; areas of a level + city; subgroup values + alle.
    lines: list[np.ndarray] = []
    groups: dict[tuple, list[int]] = {}
    for cid, (t, lvl, a, s, v, c, part) in enumerate(keys):
        if c != TOTAL:
            groups.setdefault(("cat", t, lvl, a, s, v, part), []).append(cid)
        if lvl != "stadt":
            groups.setdefault(("area", t, lvl, s, v, c, part), []).append(cid)
        if s != ALL:
            groups.setdefault(("sub", t, lvl, a, s, c, part), []).append(cid)
    for gk, members in groups.items():
        kind, t = gk[0], gk[1]
        if kind == "cat":
            _, _, lvl, a, s, v, part = gk
            total = key_index[(t, lvl, a, s, v, TOTAL, part)]
        elif kind == "area":
            _, _, lvl, s, v, c, part = gk
            total = key_index.get((t, "stadt", "stadt", s, v, c, part))
        else:
            _, _, lvl, a, s, c, part = gk
            total = key_index[(t, lvl, a, ALL, ALL, c, part)]
        if total is None:
            continue
        lines.append(np.array([*members, total]))
    cell_lines: list[list[int]] = [[] for _ in range(n_cells)]
    for li, line in enumerate(lines):
        for cid in line:
            cell_lines[cid].append(li)

    region = np.concatenate(region_parts).astype(np.int32)
    unit = Unit(
        n_vars=n_vars,
        truth=truth,
        link=link,
        rows=rows,
        value=value,
        status=np.zeros(n_cells, dtype=np.int8),
        lines=lines,
        cell_lines=cell_lines,
        keys=keys,
        region=region,
        cell_region=_cell_regions(rows, region),
        key_sum=None if key_truth is None else np.rint(rows @ key_truth).astype(np.int64),
    )
    m = settings.min_cell
    for cid, key in enumerate(keys):
        if 1 <= value[cid] <= m - 1:
            unit.sensitive.append((cid, -1))
        if key[-1] == "den":
            num = key_index[(*key[:-1], "num")]
            if 1 <= value[cid] - value[num] <= m - 1:
                unit.sensitive.append((cid, num))
    return unit
