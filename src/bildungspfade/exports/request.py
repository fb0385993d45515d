"""What a reader asks for, checked against what is published, with German answers when not."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from bildungspfade.presentation import years_de
from bildungspfade.publish.errors import PublishError

_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?$")


@dataclass(frozen=True)
class Request:
    table: str | None = None
    indicator: str | None = None
    cohort: str | None = None  # "2019" or "2015-2020"; the year of an indicator
    subgroup: str | None = None
    area_level: str | None = None
    stage_pair: str | None = None


def parse_years(text: str) -> tuple[int, int]:
    match = _YEARS.match(text)
    if not match:
        raise PublishError(
            f"„{text}“ ist keine gültige Kohorte. Bitte ein Jahr (2019) oder einen Bereich "
            "(2015-2020) angeben."
        )
    lo = int(match.group(1))
    hi = int(match.group(2) or lo)
    if hi < lo:
        raise PublishError(f"Der Bereich {text} ist leer: das erste Jahr liegt nach dem zweiten.")
    return lo, hi


PLURAL = {"Kohorte": "Kohorten", "Jahr": "Jahre"}


def check_years(
    wanted: tuple[int, int], available: list[int], what: str, title: str
) -> tuple[list[int], str | None]:
    """Years of the range that are published; an error when none, a note when some miss."""
    lo, hi = wanted
    present = [y for y in sorted(set(available)) if lo <= y <= hi]
    asked = str(lo) if lo == hi else f"{lo}–{hi}"
    if not present:
        raise PublishError(
            f"{what} {asked} ist für „{title}“ nicht veröffentlicht. "
            f"Veröffentlichte {PLURAL.get(what, what)}: {years_de(available)}."
        )
    missing = [y for y in range(lo, hi + 1) if y not in present]
    plural = PLURAL.get(what, what) if len(missing) > 1 else what
    note = f"Hinweis: {plural} {years_de(missing)} nicht veröffentlicht." if missing else None
    return present, note


def check_value(value: str, available: list[str], what: str, title: str) -> None:
    if value in available:
        return
    close = difflib.get_close_matches(value, available, n=1)
    hint = f" Meinten Sie „{close[0]}“?" if close else ""
    raise PublishError(
        f"{what} „{value}“ gibt es für „{title}“ nicht.{hint} "
        f"Möglich: {', '.join(sorted(available)) or 'keine'}."
    )
