"""Regular expressions for the formats the specification fixes (beyond spec.py's patterns)."""

from __future__ import annotations

# Non-capturing groups: pandas warns about match groups in str.contains.
_MM = r"(?:0[1-9]|1[0-2])"
_DD = r"(?:0[1-9]|[12][0-9]|3[01])"

ISO_DATE = rf"^[0-9]{{4}}-{_MM}-{_DD}$"
GERMAN_DATE = rf"^{_DD}\.{_MM}\.[0-9]{{4}}$"  # TT.MM.JJJJ, written by the youth office
ISO_MONTH = rf"^[0-9]{{4}}-{_MM}$"
# 1024 bits = 128 bytes -> 172 base64 characters, the last being one '=' of padding.
CLK_BASE64 = r"^[A-Za-z0-9+/]{171}=$"


def date_regex(german_dates: bool) -> tuple[str, str]:
    """(regex, human-readable style) for a dataset's date columns."""
    return (GERMAN_DATE, "TT.MM.JJJJ") if german_dates else (ISO_DATE, "YYYY-MM-DD")
