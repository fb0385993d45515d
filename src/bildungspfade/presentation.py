"""German presentation of published numbers, for exports and the report alike: labels of
published codes, the disclosure flags and the signs shown in their place, and German number,
year and date formats (`1.234` for counts, `45,3` for rates).

Codes that have no label here are shown as published (the published layer may already carry
German labels). Only wording and formats live here; nothing reads data.
"""

from __future__ import annotations

from datetime import datetime

# Flags of the published layer (docs/architecture.md) and their German meaning.
FLAG_MEANING = {
    "s": "Wert unterdrückt (Fallzahl kleiner als Mindestbesetzung)",
    "z": "Wert unterdrückt, weil sonst rückrechenbar",
    "r": "auf ein Vielfaches von 5 gerundet",
    "w": "Quote nicht ausgewiesen (Basis zu klein)",
    "…": "Angabe fällt später an: eine Lieferung, aus der der Wert berechnet wird, steht aus "
    "(siehe Datenstand); mit ihrer Nachlieferung wird der Wert veröffentlicht",
}

# Signs in place of a missing number, after the Zeichenerklärung of the Statistisches
# Bundesamt (destatis): "•" Zahlenwert unbekannt oder geheim zu halten; "/" keine Angaben,
# da Zahlenwert nicht sicher genug; "x" Tabellenfach gesperrt, weil Aussage nicht sinnvoll;
# "…" Angabe fällt später an (here: a delivery the value is computed from is awaited).
SIGN_SECRET = "•"
SIGN_UNRELIABLE = "/"
SIGN_NOT_MEANINGFUL = "x"
SIGN_LATER = "…"

SIGN_MEANING = {
    SIGN_SECRET: "Zahlenwert geheim zu halten (Kennzeichen s oder z)",
    SIGN_UNRELIABLE: "keine Angabe, da Zahlenwert nicht sicher genug (Kennzeichen w)",
    SIGN_NOT_MEANINGFUL: "Tabellenfach gesperrt, weil Aussage nicht sinnvoll (z. B. Basis 0)",
    SIGN_LATER: "Angabe fällt später an (Kennzeichen …): eine Lieferung steht aus",
}


# The Cell Key Method (default, docs/disclosure.md) as monitoring staff read it, after the
# Erläuterungen of the Zensus 2022; one wording for exports and the report.
CELL_KEY_DE = (
    "Geheimhaltung nach der Cell-Key-Methode (stochastische Überlagerung, wie beim Zensus "
    "2022): jede Fallzahl wird um höchstens 2 verändert, Fallzahlen von 1 und 2 werden nicht "
    "ausgewiesen (sie erscheinen als 0 oder ab 3). Dieselben Personen erhalten in jeder "
    "Tabelle dieselbe Überlagerung. Quoten und Anteile werden aus den überlagerten Fallzahlen "
    "berechnet und bei einer Basis unter 10 nicht ausgewiesen („/“). Bei einer Basis unter "
    "400 Personen kann eine Quote dadurch um mehr als einen Prozentpunkt vom wahren Wert "
    "abweichen, bei einer Basis um 100 um bis zu etwa 4 Prozentpunkte."
)
NOT_ADDITIVE_DE = (
    "Tabellen sind nicht additiv: Da jede Fallzahl einzeln überlagert (oder gerundet) wird, "
    "addieren sich die ausgewiesenen Einzelwerte nicht notwendigerweise zur ausgewiesenen "
    "Summe („insgesamt“), Stadtbezirke nicht zur Stadt und Teilgruppen nicht zu „alle“. "
    "Auch die Summen selbst sind überlagert und können von amtlichen Bevölkerungszahlen "
    "abweichen. Eigene Summen und Quoten aus ausgewiesenen Werten weichen daher vom "
    "wahren Wert etwas ab; die ausgewiesenen Werte sind nicht zu korrigieren."
)


def sign_for(flag: str | None) -> str:
    """The sign shown in a cell whose published number is null."""
    if flag in ("s", "z"):
        return SIGN_SECRET
    if flag == "w":
        return SIGN_UNRELIABLE
    if flag == SIGN_LATER:
        return SIGN_LATER
    return SIGN_NOT_MEANINGFUL


AREA_LEVEL = {
    "stadt": "Stadt",
    "stadtbezirk": "Stadtbezirk",
    "statistischer_bezirk": "Statistischer Bezirk",
    "sozialraum": "Sozialraum",
    "grundschulbezirk": "Grundschulbezirk",
}

# "nach …": the area levels in the dative plural, for captions
AREA_LEVEL_BY = {
    "stadt": "Stadt",
    "stadtbezirk": "Stadtbezirken",
    "statistischer_bezirk": "statistischen Bezirken",
    "sozialraum": "Sozialräumen",
    "grundschulbezirk": "Grundschulbezirken",
}

SUBGROUP = {
    "alle": "alle",
    "geschlecht": "Geschlecht",
    "familiensprache": "Familiensprache",
    "migrationshintergrund": "Migrationshintergrund",
    "leistungsbezug": "Leistungsbezug",
}

# The codes of published.pub_transition_tables (seed xwalk_published_code).
METHOD = {
    "kohorte": "Kohortenquote (Personen verfolgt)",
    "querschnitt": "Querschnittsquote",
    "quotensumme": "Quotensummenverfahren (Querschnitt, KMK)",
}

STAGE_PAIR = {
    "kita_einschulung": "Kita → Einschulung",
    "klasse4_klasse5": "Klasse 4 → Klasse 5 (Schulform)",
    "schulformwechsel": "Schulformwechsel",
    "schulabgang_anschluss": "allgemeinbildende Schule → nächster Schritt",
    "schulabgang_abschluss": "Abgang von der allgemeinbildenden Schule (Abschluss)",
}

# Values of the subgroups (published.pub_indicators.subgroup_value and friends).
SUBGROUP_VALUE = {
    "alle": "alle",
    "maennlich": "männlich",
    "weiblich": "weiblich",
    "divers": "divers",
    "m": "männlich",
    "w": "weiblich",
    "d": "divers",
    "deutsch": "Deutsch",
    "nichtdeutsch": "nichtdeutsch",
    "nicht_deutsch": "nichtdeutsch",
    "mit": "mit Migrationshintergrund",
    "ohne": "ohne Migrationshintergrund",
    "ja": "mit Leistungsbezug",
    "nein": "ohne Leistungsbezug",
    "unbekannt": "unbekannt",
}

# The category codes of the published tables (indicators, transition tables: seed
# xwalk_published_code), in display order:
# the order of this mapping is the order of rows, lines and columns.
CATEGORY = {
    "insgesamt": "insgesamt",
    "unter_3": "unter 3 Jahre",
    "3_bis_schuleintritt": "3 Jahre bis Schuleintritt",
    "unter_1": "unter 1 Jahr",
    "1_jahr": "1 Jahr",
    "2_jahre": "2 Jahre",
    "3_jahre": "3 Jahre",
    "4_jahre": "4 Jahre",
    "5_jahre_und_aelter": "5 Jahre und älter",
    "6_bis_9": "6 bis 9 Jahre",
    "10_bis_14": "10 bis 14 Jahre",
    "15_bis_17": "15 bis 17 Jahre",
    "familie": "Betreuung in der Familie",
    "tagespflege": "Kindertagespflege",
    "kita": "Kindertageseinrichtung",
    "altersgemaess": "altersgemäß",
    "foerderbedarf": "Förderbedarf",
    "intensiver_foerderbedarf": "intensiver Förderbedarf",
    "fristgerecht": "fristgerecht",
    "vorzeitig": "vorzeitig",
    "nach_zurueckstellung": "nach Zurückstellung",
    "grundschule": "Grundschule",
    "primarstufe": "Primarstufe",
    "sekundarstufe_i": "Sekundarstufe I",
    "hauptschule": "Hauptschule",
    "hauptschule_eingeschraenkt_realschule": "Hauptschule, eingeschränkt Realschule",
    "realschule": "Realschule",
    "realschule_eingeschraenkt_gymnasium": "Realschule, eingeschränkt Gymnasium",
    "sekundarschule": "Sekundarschule",
    "gesamtschule": "Gesamtschule",
    "gemeinschaftsschule": "Gemeinschaftsschule",
    "gymnasium": "Gymnasium",
    "waldorf": "Freie Waldorfschule",
    "waldorfschule": "Freie Waldorfschule",
    "foerderschule": "Förderschule",
    "allgemeine_schule": "allgemeine Schule (gemeinsames Lernen)",
    "aufwaerts": "aufwärts",
    "abwaerts": "abwärts",
    "gleichwertig": "gleichwertig",
    "kein_wechsel": "kein Wechsel",
    "sonstiger_wechsel": "sonstiger Wechsel",
    "ohne": "ohne Abschluss",
    "esa": "Erster Schulabschluss",
    "eesa": "Erweiterter Erster Schulabschluss",
    "msa": "Mittlerer Schulabschluss",
    "fhr": "Fachhochschulreife",
    "abitur": "Allgemeine Hochschulreife",
    "gymnasiale_oberstufe": "gymnasiale Oberstufe",
    "sektor_i": "Sektor I: Berufsausbildung",
    "sektor_i_berufsausbildung": "Sektor I: Berufsausbildung",
    "sektor_ii": "Sektor II: Übergangsbereich",
    "sektor_ii_uebergangsbereich": "Sektor II: Übergangsbereich",
    "sektor_iii": "Sektor III: Hochschulzugangsberechtigung",
    "sektor_iii_hochschulzugang": "Sektor III: Hochschulzugangsberechtigung",
    "sektor_iv": "Sektor IV: Studium",
    "sektor_iv_studium": "Sektor IV: Studium",
    "fachschule": "Fachschule",
    "studium_erschlossen": "Studium (erschlossen)",
    "keine_bildung": "nicht in Bildung",
    "fortgezogen": "fortgezogen",
    "verstorben": "verstorben",
    "sonstige": "sonstige",
    "kitas": "über Kitas",
    "kitas_wohnbezirke": "über Wohnbezirke der Kita-Kinder",
    "grundschulen": "über Grundschulen",
    "grundschulen_wohnbezirke": "über Wohnbezirke der Grundschulkinder",
    "keine_angabe": "keine Angabe",
    "unbekannt": "unbekannt",
}
ORDER = list(CATEGORY)


def _readable(code: str) -> str:
    """A code without a label: underscores become spaces (the code stays recognisable)."""
    return code.replace("_", " ")


def label(table: dict[str, str], code: object) -> str:
    if code is None:
        return ""
    text = str(code)
    return table.get(text, _readable(text))


def category_label(code: object) -> str:
    return label(CATEGORY, code)


def subgroup_value_label(code: object) -> str:
    return label(SUBGROUP_VALUE, code)


UNIT_SHORT = {"Prozent": "%", "prozent": "%"}


def unit_short(unit: str | None) -> str:
    return UNIT_SHORT.get(unit or "", unit or "")


def sort_key(code: object) -> tuple[int, str]:
    text = "" if code is None else str(code)
    return (ORDER.index(text) if text in ORDER else len(ORDER), category_label(text))


# --- numbers, years and dates ---------------------------------------------------------------


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


def school_year_de(year: object) -> str:
    """A school year as German statistics write it: 2018 -> `2018/19` (1 August 2018 to
    31 July 2019). Every `year` and `cohort` of the published layer is a school year y (y/y+1);
    a transition's is the year of its destination (grade 5, school entry, the first step)."""
    y = int(year)
    return f"{y}/{(y + 1) % 100:02d}"


def years_de(years: list[int]) -> str:
    """Runs of consecutive years, e.g. `2010–2015, 2018`."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs) or "keine"


def datetime_de(stamp: datetime) -> str:
    """A point in time as Germans write it: `TT.MM.JJJJ HH:MM`."""
    return stamp.strftime("%d.%m.%Y %H:%M")
