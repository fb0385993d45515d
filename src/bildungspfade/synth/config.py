"""Settings of one synthetic municipality: preset, scale, years, seed and fault rates."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

# Population factor of each preset relative to a kreisfreie Stadt of 300,000 inhabitants
# (about 80,000 residents under 27). `land` is NRW-sized: about 5 million persons under 27.
PRESETS = {
    "musterstadt": 1.0,
    "land": 62.0,
}


@dataclass(frozen=True)
class FaultRates:
    """Rates of the faults real deliveries contain (per delivered record unless stated)."""

    pid_persistent: float = 0.012  # per person and agency: the agency spells the name its own way
    pid_transient: float = 0.006  # per record: a one-off typo or wrong birth date
    pid_empty: float = 0.003  # per record: no identifying data sent
    duplicate: float = 0.002  # per record: the same row twice
    double_kita: float = 0.004  # per Kita child: a second Kita on the reference date
    out_of_range: float = 0.001  # per record: a value outside its code list or range
    impossible_date: float = 0.0005  # per record: birth month after the reference date
    missing_dataset_years: int = 1  # dataset-years never delivered
    corrected_redeliveries: int = 1  # deliveries later replaced by an _L2
    truncated_file: bool = False  # behind a flag: a file cut off, its note disagrees
    missing_column: bool = False  # behind a flag: a file without a required column

    @classmethod
    def none(cls) -> FaultRates:
        return cls(**{f.name: (False if f.type == "bool" else 0) for f in fields(cls)})

    def with_overrides(self, overrides: dict[str, str]) -> FaultRates:
        values = {}
        known = {f.name: f for f in fields(self)}
        for name, raw in overrides.items():
            if name not in known:
                raise ValueError(f"unknown fault {name!r}; known: {', '.join(sorted(known))}")
            kind = known[name].type
            if kind == "bool":
                values[name] = raw.lower() in ("1", "true", "yes", "ja", "on")
            elif kind == "int":
                values[name] = int(raw)
            else:
                values[name] = float(raw)
        return replace(self, **values)


# What `bildungspfade synth` (and so `make demo`) delivers unless told otherwise: the faults
# above plus one rejected delivery, a Berufskolleg file cut off in transfer (its delivery note
# promises more rows), so that a new user sees a gap in the run summary, the report and the
# exports. The library default FaultRates() stays without it: tests ask for file faults
# explicitly.
DEMO_FAULTS = replace(FaultRates(), truncated_file=True)


@dataclass(frozen=True)
class SynthConfig:
    preset: str = "musterstadt"
    scale: float = 1.0
    first_year: int = 2005
    last_year: int = 2024
    seed: int = 20241
    faults: FaultRates = field(default_factory=FaultRates)
    with_clk: bool = False  # write the optional namen_clk Bloom-filter column
    parquet_from: int | None = 2020  # the residents register switches to Parquet in this year
    chunk_persons: int = 150_000  # persons per chunk: bounds memory, and chunks run in parallel

    @property
    def factor(self) -> float:
        if self.preset not in PRESETS:
            raise ValueError(f"unknown preset {self.preset!r}; known: {', '.join(PRESETS)}")
        return PRESETS[self.preset] * self.scale

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def __post_init__(self) -> None:
        if self.first_year > self.last_year:
            raise ValueError("first year after last year")
        if self.scale <= 0:
            raise ValueError("scale must be positive")
        self.factor  # noqa: B018 - validates the preset early
