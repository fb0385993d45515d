"""Numbers for German readers: `1.234` for counts, `45,3` for rates, signs for missing cells."""

from __future__ import annotations

from bildungspfade.exports.labels import sign_for


def count_de(value: object, flag: str | None = None, grouping: bool = True) -> str:
    if value is None:
        return sign_for(flag)
    text = f"{int(value):,}" if grouping else str(int(value))
    return text.replace(",", ".")


def decimals_for(unit: str | None, values: list) -> int:
    """Decimals for a value column: one for percentages, more for small indices (e.g. a
    dissimilarity index of 0.35)."""
    if unit and ("%" in unit or "prozent" in unit.lower()):
        return 1
    largest = max((abs(float(v)) for v in values if v is not None), default=0.0)
    return 3 if largest < 1 else 2 if largest < 10 else 1


def rate_de(value: object, flag: str | None = None, decimals: int = 1) -> str:
    if value is None:
        return sign_for(flag)
    return f"{float(value):.{decimals}f}".replace(".", ",")
