"""The explanations that go with every export: what, where from, when, and what the signs mean.

One list of (heading, text) lines serves the XLSX sheet „Erläuterungen“ and the text file
beside a CSV export.
"""

from __future__ import annotations

from bildungspfade.exports.select import Selection
from bildungspfade.presentation import (
    CELL_KEY_DE,
    FLAG_MEANING,
    METHOD,
    NOT_ADDITIVE_DE,
    SIGN_MEANING,
)

DISCLOSURE_DE = (
    "Alle Zahlen stammen aus der geheimhaltungsgeprüften Veröffentlichungsschicht. "
    f"{CELL_KEY_DE} Andere Verfahren, die eine Kommune je Veröffentlichung wählen kann: "
    "Fallzahlen unter der Mindestbesetzung (Voreinstellung 3) werden gesperrt, dazu weitere "
    "Felder, aus denen sich gesperrte Werte zurückrechnen ließen (sekundäre Geheimhaltung; "
    "Quoten aus den wahren Fallzahlen), oder jede Zahl wird einzeln auf ein Vielfaches von 5 "
    "gerundet (Praxis von IT.NRW; Kennzeichen r)."
)

FLAG_LETTERS_DE = (
    "Die Buchstaben der Spalte „Kennzeichen“ sind die der Veröffentlichungsschicht; sie "
    "entsprechen nicht den gleichnamigen Zeichen von destatis (dort r = berichtigt, "
    "s = geschätzt). In den Zahlenfeldern stehen die destatis-Zeichen „•“, „/“, „x“ und "
    "„…“ (Angabe fällt später an: die Zahl wird mit der ausstehenden Lieferung "
    "veröffentlicht, siehe Datenstand)."
)

NUMBERS_DE = (
    "XLSX: Zahlen sind als Zahlen gespeichert (Anzahl mit Tausenderpunkt, Quoten mit einer "
    "Nachkommastelle, volle Genauigkeit in der Zelle). CSV: Semikolon als Trennzeichen, "
    "UTF-8 mit BOM, Dezimalkomma, Quoten auf eine Nachkommastelle gerundet, keine "
    "Tausenderpunkte."
)

METHOD_DE = (
    f"{METHOD['kohorte']}: Personen werden von Kohorte zu Kohorte verfolgt; wer fortzieht, "
    "verlässt die Basis. "
    f"{METHOD['querschnitt']}: Bestand im Folgejahr durch Bestand im Ausgangsjahr, ohne "
    "die Personen zu verfolgen. "
    f"{METHOD['quotensumme']}: für jedes Altersjahr Ereignisse durch "
    "Wohnbevölkerung gleichen Alters, über die Altersjahre summiert (wie die amtliche "
    "Schulstatistik; nur Quote, keine Fallzahlen). "
    "Die Quoten unterscheiden sich; immer mit Basis lesen. „insgesamt“ in „von“ oder "
    "„nach“ steht für die Summe über alle Kategorien."
)


def note_lines(
    sel: Selection,
    published_at: str,
    source_file: str,
    datenstand: list[tuple[str, str]] = (),
) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = [
        ("Tabelle", sel.title_de),
        ("Beschreibung", sel.description_de),
        ("Auswahl", "; ".join(sel.filters_de) or "alle veröffentlichten Werte"),
        ("Datenquellen", "; ".join(sel.sources_de)),
        ("Stichtage", sel.reference_dates_de),
        ("Stand der Veröffentlichung", published_at),
        *datenstand,
        ("Datei", source_file),
    ]
    if sel.kind == "transition":
        lines.append(("Berechnungsart", METHOD_DE))
    lines += [
        ("Geheimhaltung", DISCLOSURE_DE),
        ("Nicht additiv", NOT_ADDITIVE_DE),
        ("Zahlenformat", NUMBERS_DE),
    ]
    lines += [(f"Kennzeichen {flag}", text) for flag, text in FLAG_MEANING.items()]
    lines.append(("Kennzeichen leer", "Wert ohne Einschränkung veröffentlicht"))
    lines += [(f"Zeichen {sign}", text) for sign, text in SIGN_MEANING.items()]
    lines.append(("Zu den Zeichen", FLAG_LETTERS_DE))
    lines += [(f"Hinweis {i}", note) for i, note in enumerate(sel.notes_de, 1)]
    for entry in sel.definitions:
        name = entry["name_de"]
        lines += [
            (f"Definition: {name}", entry["definition_de"] or ""),
            (f"Zähler: {name}", entry["numerator_de"] or ""),
            (f"Nenner: {name}", entry["denominator_de"] or ""),
            (f"Einheit: {name}", entry["unit"] or ""),
            (f"Quelle: {name}", entry["source"] or ""),
        ]
    return lines
