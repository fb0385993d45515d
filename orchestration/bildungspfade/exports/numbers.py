"""Numbers for German readers: `1.234` for counts, `45,3` for rates, signs for missing cells."""

from __future__ import annotations

from bildungspfade.exports.labels import sign_for


def count_de(value: object, flag: str | None = None, grouping: bool = True) -> str:
    if value is None:
        return sign_for(flag)
    text = f"{int(value):,}" if grouping else str(int(value))
    return text.replace(",", ".")


def rate_de(value: object, flag: str | None = None, decimals: int = 1) -> str:
    if value is None:
        return sign_for(flag)
    return f"{float(value):.{decimals}f}".replace(".", ",")
