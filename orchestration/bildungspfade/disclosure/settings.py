"""The disclosure settings of one municipality (dbt vars `bp:disclosure:*`)."""

from __future__ import annotations

from dataclasses import dataclass, field

AREA_LEVELS = ("stadt", "stadtbezirk", "statistischer_bezirk", "sozialraum", "grundschulbezirk")
SUBGROUPS = ("geschlecht", "familiensprache", "migrationshintergrund", "leistungsbezug")
METHODS = ("suppression", "rounding")


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

    @classmethod
    def from_vars(cls, get) -> DisclosureSettings:
        """Build from a dbt `var` lookup (`dbt.config.get` in a Python model)."""

        def value(name, default):
            got = get(f"bp:disclosure:{name}")
            return default if got is None else got

        return cls(
            method=str(value("method", "suppression")),
            min_cell=int(value("min_cell", 3)),
            rounding_base=int(value("rounding_base", 5)),
            min_rate_base=int(value("min_rate_base", 10)),
            subgroup_levels=tuple(value("subgroup_levels", ["stadt", "stadtbezirk"])),
        )
