"""The disclosure settings of one municipality (dbt vars `bp:disclosure:*`)."""

from __future__ import annotations

from dataclasses import dataclass, field

AREA_LEVELS = ("stadt", "stadtbezirk", "statistischer_bezirk", "sozialraum", "grundschulbezirk")
SUBGROUPS = ("geschlecht", "familiensprache", "migrationshintergrund", "leistungsbezug")
METHODS = ("cell_key", "suppression", "rounding")
# the category of a table's total and the subgroup (and value) of all persons
TOTAL = "insgesamt"
ALL = "alle"


@dataclass(frozen=True)
class DisclosureSettings:
    method: str = "suppression"
    min_cell: int = 3
    rounding_base: int = 5
    min_rate_base: int = 10
    # Subgroup breakdowns are published at these levels only (small areas: `alle` only).
    subgroup_levels: tuple[str, ...] = ("stadt", "stadtbezirk")
    area_levels: tuple[str, ...] = AREA_LEVELS
    subgroups: tuple[str, ...] = SUBGROUPS
    # Numerical slack when comparing LP bounds with integers.
    tolerance: float = 1e-6
    # Safety valve: repair rounds per audit unit before everything left is suppressed.
    max_repair_rounds: int = 200
    # Worker processes for the audit units (0: one per core).
    workers: int = 0
    extra: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"bp:disclosure:method must be one of {METHODS}, not {self.method!r}")
        if self.min_cell < 1 or self.rounding_base < 1 or self.min_rate_base < 0:
            raise ValueError("min_cell and rounding_base must be >= 1, min_rate_base >= 0")
        if self.subgroup_levels[0] != "stadt" or len(self.subgroup_levels) > 2:
            raise ValueError("subgroup_levels must be ['stadt'] or ['stadt', <one level>]")
        for level in self.subgroup_levels:
            if level not in self.area_levels:
                raise ValueError(f"unknown area level {level!r}")


def area_levels(settings: DisclosureSettings) -> list[str]:
    """The area levels below the city."""
    return [lvl for lvl in settings.area_levels if lvl != "stadt"]


_LEVEL_FIELDS = ("subgroup_levels", "area_levels", "subgroups")
# The keys of a model's `disclosure` config (its YAML renders them from the bp:disclosure:*
# vars); subgroup_levels is optional there.
CONFIG_KEYS = ("method", "min_cell", "rounding_base", "min_rate_base")


def model_settings(config: object, **fixed: object) -> DisclosureSettings:
    """The settings a dbt Python model protects its cells with.

    `config` is the model's one `disclosure` config (a dict, or the text dbt renders it
    into), which its YAML fills from the `bp:disclosure:*` vars; dbt hands a Python model only
    the configs it names in literal `dbt.config.get("...")` calls, so each model reads that
    one key and passes it here. `fixed` are what the model sets for itself (its area levels,
    subgroups) and override the config; a level list may arrive as the text dbt renders a
    list var into.
    """
    given = _as_dict(config)
    missing = [f"disclosure.{name}" for name in CONFIG_KEYS if given.get(name) is None]
    if missing:
        raise ValueError(f"the model's config lacks {', '.join(missing)} (see its YAML)")
    merged = {k: v for k, v in given.items() if k in _LEVEL_FIELDS and v is not None}
    merged.update(fixed)
    levels = {name: _as_tuple(merged.pop(name)) for name in _LEVEL_FIELDS if name in merged}
    return DisclosureSettings(
        method=str(given["method"]),
        min_cell=int(given["min_cell"]),
        rounding_base=int(given["rounding_base"]),
        min_rate_base=int(given["min_rate_base"]),
        **levels,
        **merged,
    )


def _as_dict(value: object) -> dict:
    if value is None:
        return {}
    if isinstance(value, str):
        import ast

        value = ast.literal_eval(value)
    return dict(value)


def _as_tuple(value: object) -> tuple[str, ...]:
    # dbt renders a list var into its text form in a YAML config
    if isinstance(value, str):
        import ast

        value = ast.literal_eval(value)
    return tuple(value)
