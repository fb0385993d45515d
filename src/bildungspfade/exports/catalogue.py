"""What can be exported: named transition tables and every published indicator.

A transition table is a slice of `published.pub_transition_tables` by stage pair; an indicator
is a slice of `published.pub_indicators` by indicator code. Stage pairs that appear in the
published layer without a name here are offered as `uebergang_<stage_pair>`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bildungspfade.presentation import STAGE_PAIR
from bildungspfade.publish.read import fetch_dicts

ALL_TRANSITIONS = "uebergaenge"

SOURCES_SCHOOL = "Schulstatistik (Individualdaten der allgemeinbildenden Schulen)"
SOURCES_RESIDENTS = "Einwohnermelderegister (Wohnbevölkerung, Wegzüge)"


@dataclass(frozen=True)
class TableSpec:
    name: str
    title_de: str
    stage_pair: str | None  # None: every stage pair
    default_area_level: str | None
    description_de: str
    reference_dates_de: str
    sources_de: tuple[str, ...]
    # catalogue entries whose definitions go with the table (seeds/indicators)
    related_indicators: tuple[str, ...] = ()


TRANSITION_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        name="uebergang_klasse5_schulform",
        title_de="Übergang von Klasse 4 in Klasse 5 nach Schulform",
        stage_pair="klasse4_klasse5",
        default_area_level="stadt",
        description_de=(
            "Kinder in Klasse 4 im Schuljahr t (Kohorte t) nach der Schulform, die sie im "
            "Schuljahr t+1 in Klasse 5 besuchen; Stadt insgesamt, sofern nicht anders gewählt."
        ),
        reference_dates_de=(
            "Schulen: 15. Oktober des Schuljahres t (Klasse 4) und t+1 (Klasse 5); "
            "Wohnbevölkerung: 31. Dezember."
        ),
        sources_de=(SOURCES_SCHOOL, SOURCES_RESIDENTS),
        related_indicators=("AS02", "AS03"),
    ),
    TableSpec(
        name="einschulung",
        title_de="Übergang von der Kindertagesbetreuung in die Schule",
        stage_pair="kita_einschulung",
        default_area_level=None,
        description_de=(
            "Kinder nach Betreuung vor der Einschulung und Art der Einschulung "
            "(fristgerecht, vorzeitig, zurückgestellt)."
        ),
        reference_dates_de=(
            "Kita: 1. März des Jahres t+1; Schuleingangsuntersuchung: 31. Juli t+1; "
            "Schulen: 15. Oktober; Wohnbevölkerung: 31. Dezember."
        ),
        sources_de=(
            "Kita-Daten des Jugendamts",
            "Schuleingangsuntersuchung des Gesundheitsamts",
            SOURCES_SCHOOL,
            SOURCES_RESIDENTS,
        ),
        related_indicators=("AS01",),
    ),
    TableSpec(
        name="schulformwechsel",
        title_de="Schulformwechsel in der Sekundarstufe I",
        stage_pair="schulformwechsel",
        default_area_level=None,
        description_de="Wechsel der Schulform zwischen zwei Schuljahren, nach Herkunft und Ziel.",
        reference_dates_de="Schulen: 15. Oktober jedes Schuljahres.",
        sources_de=(SOURCES_SCHOOL,),
        related_indicators=("AS07",),
    ),
    TableSpec(
        name="anschluss_nach_schule",
        title_de="Anschluss nach der allgemeinbildenden Schule",
        stage_pair="schulabgang_anschluss",
        default_area_level=None,
        description_de=(
            "Abgängerinnen und Abgänger allgemeinbildender Schulen nach ihrem nächsten "
            "Schritt (Berufsausbildung, Übergangsbereich, Oberstufe, Studium, nicht in Bildung)."
        ),
        reference_dates_de=(
            "Abgänge: 31. Juli des Schuljahres; Berufskolleg und Schulen: 15. Oktober des "
            "folgenden Schuljahres."
        ),
        sources_de=(
            "Schulabgangsstatistik",
            "Statistik der Berufskollegs (iABE-Zuordnung)",
            SOURCES_SCHOOL,
        ),
        related_indicators=("BB01",),
    ),
    TableSpec(
        name="abgang_abschluss",
        title_de="Abgängerinnen und Abgänger allgemeinbildender Schulen nach Abschluss",
        stage_pair="schulabgang_abschluss",
        default_area_level=None,
        description_de="Abgänge allgemeinbildender Schulen nach der Abschlussgruppe.",
        reference_dates_de="Abgänge: 31. Juli des Schuljahres; Wohnbevölkerung: 31. Dezember.",
        sources_de=("Schulabgangsstatistik", SOURCES_RESIDENTS),
        related_indicators=("AS08",),
    ),
    TableSpec(
        name=ALL_TRANSITIONS,
        title_de="Alle veröffentlichten Übergangstabellen",
        stage_pair=None,
        default_area_level=None,
        description_de="Alle Übergänge, Kohorten, Merkmale und Gebiete in einer Tabelle.",
        reference_dates_de=(
            "Schulen: 15. Oktober; Kita: 1. März; Schuleingangsuntersuchung und Abgänge: "
            "31. Juli; Wohnbevölkerung: 31. Dezember."
        ),
        sources_de=(SOURCES_SCHOOL, SOURCES_RESIDENTS, "weitere je Übergang"),
        related_indicators=("AS01", "AS02", "AS03", "AS07", "BB01"),
    ),
)


@dataclass(frozen=True)
class ExportItem:
    option: str  # "--table NAME" or "--indicator CODE"
    title_de: str
    kind: str  # "tabelle" or "indikator"


def generic_spec(stage_pair: str) -> TableSpec:
    return TableSpec(
        name=f"uebergang_{stage_pair}",
        title_de=f"Übergang {STAGE_PAIR.get(stage_pair, stage_pair)}",
        stage_pair=stage_pair,
        default_area_level=None,
        description_de=f"Übergangstabelle für {STAGE_PAIR.get(stage_pair, stage_pair)}.",
        reference_dates_de="Schulen: 15. Oktober; Wohnbevölkerung: 31. Dezember.",
        sources_de=(SOURCES_SCHOOL, SOURCES_RESIDENTS),
    )


def published_stage_pairs(con) -> list[str]:
    rows = con.execute(
        "select distinct stage_pair from published.pub_transition_tables order by 1"
    ).fetchall()
    return [r[0] for r in rows]


def table_specs(con) -> dict[str, TableSpec]:
    """Named tables whose stage pair is published, then one per unnamed stage pair."""
    pairs = published_stage_pairs(con)
    specs = {s.name: s for s in TRANSITION_TABLES if s.stage_pair is None or s.stage_pair in pairs}
    named = {s.stage_pair for s in TRANSITION_TABLES}
    for pair in pairs:
        if pair not in named:
            spec = generic_spec(pair)
            specs[spec.name] = spec
    return specs


def indicators(con) -> list[dict]:
    return fetch_dicts(
        con, "select * from published.pub_indicator_catalogue order by family, indicator_code"
    )


def list_exports(con) -> list[ExportItem]:
    items = [
        ExportItem(f"--table {s.name}", s.title_de, "tabelle") for s in table_specs(con).values()
    ]
    items += [
        ExportItem(f"--indicator {row['indicator_code']}", row["name_de"], "indikator")
        for row in indicators(con)
    ]
    return items
