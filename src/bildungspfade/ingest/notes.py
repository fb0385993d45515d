"""Delivery notes (Lieferscheine): the sender's own account of a file, checked against it.

A note that disagrees with its file means a truncated or altered transfer, or a file under the
wrong name; either way the file is rejected whole (docs: extracts.md, "Files").
"""

from __future__ import annotations

import json
from pathlib import Path

from bildungspfade import spec
from bildungspfade.ingest.errors import Rejected
from bildungspfade.ingest.landing import DeliveryFile

# Of spec.DELIVERY_NOTE_KEYS, `erstellt` and `stelle` are informative; the rest must be there
# to be checked. Keys beyond the agreed ones are no reason to reject.
CHECKED_KEYS = tuple(k for k in spec.DELIVERY_NOTE_KEYS if k not in ("erstellt", "stelle"))


def read_note(path: Path, name: str, rows: int) -> dict:
    try:
        note = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        reason = f"{name}: Lieferschein {path.name} ist kein lesbares JSON ({exc})"
        raise Rejected(reason, rows) from None
    if not isinstance(note, dict):
        raise Rejected(f"{name}: Lieferschein {path.name} ist kein JSON-Objekt", rows)
    missing = [k for k in CHECKED_KEYS if k not in note]
    if missing:
        raise Rejected(f"{name}: Lieferschein ohne Angabe {', '.join(missing)}", rows)
    return note


def check_note(delivery: DeliveryFile, rows: int, sha256: str) -> None:
    """Raise Rejected if the delivery note exists and disagrees with the file."""
    if delivery.note is None:
        return
    name = delivery.name
    note = read_note(delivery.note, name, rows)
    if str(note["zeilen"]) != str(rows):
        reason = f"{name}: Lieferschein nennt {note['zeilen']} Zeilen, Datei hat {rows}"
        raise Rejected(reason, rows)
    if str(note["sha256"]).lower() != sha256:
        raise Rejected(
            f"{name}: Prüfsumme (SHA-256) weicht vom Lieferschein ab: Datei verändert oder "
            "unvollständig übertragen",
            rows,
        )
    expected = {
        "datensatz": delivery.dataset,
        "stichtag": delivery.stichtag.isoformat(),
        "lieferung": str(delivery.lieferung),
    }
    for key, value in expected.items():
        if str(note[key]) != value:
            raise Rejected(
                f"{name}: Lieferschein nennt {key} {note[key]!r}, Dateiname sagt {value!r}", rows
            )
