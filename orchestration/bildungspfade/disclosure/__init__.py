"""Disclosure control for the published schema (docs/disclosure.md).

`protect` turns person-level indicator cases (restricted) into published cells with flags:
primary suppression of small counts, heuristic secondary suppression along every additive line
(categories, areas of each level, subgroup values), and an audit that attacks every suppressed
small count with linear programming over all published cells of its audit unit, across the
overlapping area levels, and repairs until no small count can be narrowed. `round_to_base` is the
IT.NRW alternative.
"""

from bildungspfade.disclosure.engine import protect
from bildungspfade.disclosure.rounding import round_to_base
from bildungspfade.disclosure.settings import DisclosureSettings, model_settings

__all__ = ["DisclosureSettings", "model_settings", "protect", "round_to_base"]
