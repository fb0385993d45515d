"""Disclosure control for the published schema (docs/disclosure.md).

`protect` turns person-level indicator cases (restricted) into published cells with flags:
primary suppression of small counts, heuristic secondary suppression along every additive line
(categories, areas of each level, subgroup values), and an audit that attacks every suppressed
small count with linear programming over all published cells of its audit unit, across the
overlapping area levels, and repairs until no small count can be narrowed. `round_to_base` is the
IT.NRW alternative; `cellkey_cells.cell_key_cells` the Cell Key Method's cells in one SQL pass.
"""

from bildungspfade.disclosure.rounding import round_to_base
from bildungspfade.disclosure.settings import DisclosureSettings, model_settings

__all__ = ["DisclosureSettings", "model_settings", "protect", "round_to_base"]


def __getattr__(name: str):
    # the engine (scipy's LP solvers, about half a second to import) only when it is used:
    # the Cell Key Method's models never call it
    if name == "protect":
        from bildungspfade.disclosure.engine import protect

        return protect
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
