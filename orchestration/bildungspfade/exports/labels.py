"""German labels for published codes, the disclosure flags and the signs shown in their place.

Codes that have no label here are shown as published (the published layer may already carry
German labels). Only wording lives here; nothing reads data.
"""

from __future__ import annotations

# Flags of the published layer (docs/architecture.md) and their German meaning.
FLAG_MEANING = {
    "s": "Wert unterdrückt (Fallzahl kleiner als Mindestbesetzung)",
    "z": "Wert unterdrückt, weil sonst rückrechenbar",
    "r": "auf ein Vielfaches von 5 gerundet",
    "w": "Quote nicht ausgewiesen (Basis zu klein)",
}

# Signs in place of a missing number, after the Zeichenerklärung of the Statistisches
# Bundesamt (destatis): "•" Zahlenwert unbekannt oder geheim zu halten; "/" keine Angaben,
# da Zahlenwert nicht sicher genug; "x" Tabellenfach gesperrt, weil Aussage nicht sinnvoll.
SIGN_SECRET = "•"
SIGN_UNRELIABLE = "/"
SIGN_NOT_MEANINGFUL = "x"

SIGN_MEANING = {
    SIGN_SECRET: "Zahlenwert geheim zu halten (Kennzeichen s oder z)",
    SIGN_UNRELIABLE: "keine Angabe, da Zahlenwert nicht sicher genug (Kennzeichen w)",
    SIGN_NOT_MEANINGFUL: "Tabellenfach gesperrt, weil Aussage nicht sinnvoll (z. B. Basis 0)",
}


def sign_for(flag: str | None) -> str:
    """The sign shown in a cell whose published number is null."""
    if flag in ("s", "z"):
        return SIGN_SECRET
    if flag == "w":
        return SIGN_UNRELIABLE
    return SIGN_NOT_MEANINGFUL


AREA_LEVEL = {
    "stadt": "Stadt",
    "stadtbezirk": "Stadtbezirk",
    "statistischer_bezirk": "Statistischer Bezirk",
    "sozialraum": "Sozialraum",
    "grundschulbezirk": "Grundschulbezirk",
}

SUBGROUP = {
    "alle": "alle",
    "geschlecht": "Geschlecht",
    "familiensprache": "Familiensprache",
    "migrationshintergrund": "Migrationshintergrund",
    "leistungsbezug": "Leistungsbezug",
}

METHOD = {
    "cohort": "Kohortenquote (Personen verfolgt)",
    "cross_sectional": "Querschnittsquote (Quotensummenverfahren)",
}

STAGE_PAIR = {
    "kita_to_school": "Kita → Einschulung",
    "grade4_to_grade5": "Klasse 4 → Klasse 5 (Schulform)",
    "school_type_change": "Schulformwechsel",
    "general_school_to_next": "allgemeinbildende Schule → nächster Schritt",
}

# Values of subgroups, categories and states (seed state_alphabet and code lists).
VALUE = {
    "insgesamt": "insgesamt",
    "alle": "alle",
    "m": "männlich",
    "w": "weiblich",
    "d": "divers",
    "maennlich": "männlich",
    "weiblich": "weiblich",
    "divers": "divers",
    "deutsch": "Deutsch",
    "nicht_deutsch": "nicht Deutsch",
    "ja": "ja",
    "nein": "nein",
    "mit": "mit",
    "ohne": "ohne",
    "home_care": "Betreuung in der Familie",
    "tagespflege": "Kindertagespflege",
    "kita": "Kindertageseinrichtung",
    "primary": "Grundschule",
    "grundschule": "Grundschule",
    "hauptschule": "Hauptschule",
    "realschule": "Realschule",
    "sekundarschule": "Sekundarschule",
    "gesamtschule": "Gesamtschule",
    "gemeinschaftsschule": "Gemeinschaftsschule",
    "gymnasium": "Gymnasium",
    "waldorf": "Freie Waldorfschule",
    "waldorfschule": "Freie Waldorfschule",
    "special_school": "Förderschule",
    "foerderschule": "Förderschule",
    "upper_secondary": "gymnasiale Oberstufe",
    "iabe_I": "iABE Sektor I: Berufsausbildung",
    "iabe_II": "iABE Sektor II: Übergangsbereich",
    "iabe_III": "iABE Sektor III: Hochschulzugangsberechtigung",
    "iabe_IV": "iABE Sektor IV: Studium",
    "fachschule": "Fachschule",
    "university_inferred": "Studium (erschlossen)",
    "not_in_education": "nicht in Bildung",
    "moved_away": "fortgezogen",
    "died": "verstorben",
    "unknown": "unbekannt",
    "regular": "fristgerecht",
    "early": "vorzeitig",
    "deferred": "zurückgestellt",
}

# Display order of states and school forms (seed state_alphabet), used for sorting.
ORDER = [
    "home_care",
    "tagespflege",
    "kita",
    "primary",
    "hauptschule",
    "realschule",
    "sekundarschule",
    "gesamtschule",
    "gemeinschaftsschule",
    "gymnasium",
    "waldorf",
    "special_school",
    "upper_secondary",
    "iabe_I",
    "iabe_II",
    "iabe_III",
    "iabe_IV",
    "fachschule",
    "university_inferred",
    "not_in_education",
    "moved_away",
    "died",
    "unknown",
]


def label(table: dict[str, str], code: object) -> str:
    if code is None:
        return ""
    text = str(code)
    return table.get(text, VALUE.get(text, text))


def value_label(code: object) -> str:
    return label(VALUE, code)


def sort_key(code: object) -> tuple[int, str]:
    text = "" if code is None else str(code)
    return (ORDER.index(text) if text in ORDER else len(ORDER), value_label(text))
