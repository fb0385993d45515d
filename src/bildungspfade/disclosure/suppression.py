"""Primary suppression of small counts and the line heuristic of secondary suppression."""

from __future__ import annotations

from bildungspfade.disclosure.settings import DisclosureSettings
from bildungspfade.disclosure.unit import PRIMARY, PUBLISHED, REGION_LEVEL, SECONDARY, Unit


def primary_suppression(unit: Unit, settings: DisclosureSettings) -> None:
    """Cells with 1 .. min_cell-1 persons (zeros are published); a rate's small complement
    (base minus numerator) suppresses the numerator as secondary."""
    m = settings.min_cell
    small = (unit.value >= 1) & (unit.value <= m - 1)
    unit.status[small] = PRIMARY
    for plus, minus in unit.sensitive:
        if minus >= 0 and unit.status[plus] == PUBLISHED and unit.status[minus] == PUBLISHED:
            unit.status[minus] = SECONDARY


# Withholding a city number costs more than a city district's, which costs more than a small
# area's (by_level).
LEVEL_RANK = {"stadt": 2, REGION_LEVEL: 1}


def cheapest(
    unit: Unit, candidates, region: int | None = None, by_level: bool = False
) -> int | None:
    """The published cell to give up: smallest positive count, zeros only as a last resort;
    with `region`, a cell of that city district before any other (a partner there can be
    traded against within the district, which is where the audit looks first); with
    `by_level`, a cell of the lowest area level before any other."""
    best, best_cost = None, None
    for cid in candidates:
        if unit.status[cid] != PUBLISHED:
            continue
        v = unit.value[cid]
        elsewhere = region is not None and unit.cell_region[cid] != region
        rank = LEVEL_RANK.get(unit.keys[cid][1], 0) if by_level else 0
        cost = (v == 0, rank, elsewhere, v, cid)
        if best_cost is None or cost < best_cost:
            best, best_cost = cid, cost
    return best


def secondary_suppression(unit: Unit) -> int:
    """Until no line holds exactly one suppressed cell, suppress the cheapest other cell of
    each such line. Returns the number of cells suppressed."""
    added = 0
    dirty = set(range(len(unit.lines)))
    while dirty:
        li = dirty.pop()
        line = unit.lines[li]
        withheld = line[unit.status[line] != PUBLISHED]
        if len(withheld) != 1:
            continue
        region = None if unit.cell_region is None else int(unit.cell_region[withheld[0]])
        cid = cheapest(unit, line, region=region)
        if cid is None:
            continue
        unit.status[cid] = SECONDARY
        added += 1
        dirty.update(unit.cell_lines[cid])
    return added
