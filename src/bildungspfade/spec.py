"""The delivery specification (../shared/extracts.md) as data.

One source of truth for the generator, the ingestion checks and the expectation suites: every
dataset with its agency, reference date, file encoding, date style and columns, and every code
list. Nothing here reads files or the environment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

# --- code lists ------------------------------------------------------------------------------

SEX_REGISTER = ("1", "2", "3", "7")  # residents register, youth office, health office
SEX_SCHOOL = ("m", "w", "d", "x")  # school statistics
EREIGNIS = ("GEB", "ZUZ", "FORT", "UMZ", "TOD")
MIGRATIONSHINTERGRUND = ("0", "1", "2")
YES_NO_12 = ("1", "2")
YES_NO_JN = ("J", "N")
BETREUUNGSART = ("1", "2")
BETREUUNGSZEIT = ("25", "35", "45")
KITA_BESUCH = ("0", "1", "2", "3", "4")
SPRACHSTAND = ("1", "2", "3")
EMPFEHLUNG_SEU = ("1", "2", "3", "4")

# NRW ASD school form keys for general schools.
SCHULFORM = {
    "02": "Grundschule",
    "04": "Hauptschule",
    "08": "Förderschule",
    "10": "Realschule",
    "14": "Sekundarschule",
    "15": "Gesamtschule",
    "16": "Gemeinschaftsschule",
    "17": "Freie Waldorfschule",
    "20": "Gymnasium",
}
EINSCHULUNGSART = ("51", "52", "53")
FOERDERSCHWERPUNKT = ("LB", "SB", "EZ", "GB", "KB", "GH", "SG", "BL", "SH", "KR")
VERSETZUNG = ("V", "N", "FR", "BE")
UEBERGANGSEMPFEHLUNG = ("H", "H/R", "R", "R/GY", "GY", "OHNE")

# Certificate keys. The labels in OLD_TO_NEW_ABSCHLUSS were replaced on 1 Aug 2022 (ESA reform);
# deliveries before that use the old label, and both are valid keys.
ABSCHLUSS_CURRENT = (
    "OA",
    "ESAA",
    "ESA",
    "EESA",
    "MSA",
    "MSA_Q",
    "FHR_S",
    "FGHR",
    "ABITUR",
    "FOEL",
    "FOEG",
    "WALD",
)
OLD_TO_NEW_ABSCHLUSS = {"HA9": "ESA", "HA10": "EESA", "FOR": "MSA", "FOR_Q": "MSA_Q"}
ABSCHLUSS_REFORM_YEAR = 2022  # first school year (reference 31 Jul of that year) with new keys
ABSCHLUSS = ABSCHLUSS_CURRENT + tuple(OLD_TO_NEW_ABSCHLUSS)
ABGANG_ART = ("1", "2", "3", "4", "5")

BILDUNGSGANG = {
    "A-DUAL": "I",  # dual apprenticeship class
    "B-BFS-VQ": "I",  # fully qualifying vocational school
    "A-AV": "II",  # pre-vocational year (Ausbildungsvorbereitung)
    "B-BFS-GB": "II",  # part-qualifying vocational school
    "C-HBFS": "III",
    "C-FOS": "III",
    "D-BG": "III",
    "E-FS": "FS",  # Fachschule: further education, outside the iABE entrant sectors
}
# Range of berufskolleg.jahrgang: either numbering, 1.. (programme year) or 11..13 (the
# upper-secondary years of programmes leading to a Hochschulreife).
BERUFSKOLLEG_JAHRGANG = (1, 13)
TRAEGER_KJH = tuple(f"{i:02d}" for i in range(1, 15))
TRAEGERSCHAFT = ("O", "P")

PID_PATTERN = re.compile(r"^[0-9a-f]{64}$")
BAUBLOCK_PATTERN = re.compile(r"^[0-9]{7}$")
SCHULNR_PATTERN = re.compile(r"^[0-9]{6}$")
ISO3_PATTERN = re.compile(r"^[A-Z]{3}$")

# What each delivered column holds, German term first (the glossary of the raw tables in the
# dbt docs, models/staging/_raw__sources.yml). Keyed by column name: a name means the same in
# every dataset. geschlecht is described from its code list (Dataset.column_description).
RAW_COLUMN_DESCRIPTIONS: dict[str, str] = {
    "pid": (
        "Pseudonym (pid): HMAC-SHA256 of name, birth date and sex, computed by the trust "
        "office; 64 hex characters, NULL where the agency sent no identifying data. Never "
        "published."
    ),
    "geburtsmonat": "Geburtsmonat: month of birth, stored as the first day of the month.",
    "namen_clk": (
        "Namen-CLK: keyed Bloom filter of the name's bigrams (base64), only for probabilistic "
        "linkage. Never published."
    ),
    "staatsangehoerigkeit": "Staatsangehörigkeit: nationality, ISO 3166-1 alpha-3 (DEU = German).",
    "migrationshintergrund": (
        "Migrationshintergrund (MigraPro): 0 German without, 1 foreign national, 2 German with "
        "migration background."
    ),
    "baublock": "Baublock: city block, 7 digits.",
    "zuzug_datum": "Zuzugsdatum: date of moving into the municipality; NULL when born here.",
    "ereignis": (
        "Ereignis: event (GEB birth, ZUZ move-in, FORT move-out, UMZ move within, TOD death)."
    ),
    "datum": "Datum: date of the event.",
    "baublock_alt": "Baublock alt: block before the event (NULL where not applicable).",
    "baublock_neu": "Baublock neu: block after the event (NULL where not applicable).",
    "einrichtung_nr": "Einrichtungsnummer: the Kita's number in the youth office's directory.",
    "betreuungsart": "Betreuungsart: kind of care (1 Kita, 2 Kindertagespflege).",
    "betreut_seit": "Betreut seit: start of care, first day of the month (delivered TT.MM.JJJJ).",
    "auslaendische_herkunft": (
        "Ausländische Herkunft: at least one parent of foreign origin (1 yes, 2 no)."
    ),
    "familiensprache": "Familiensprache: language mainly spoken at home (1 German, 2 not German).",
    "betreuungszeit": "Betreuungszeit: contracted hours a week (25, 35 or 45).",
    "eingliederungshilfe": "Eingliederungshilfe: integration assistance (1 yes, 2 no).",
    "untersuchung_datum": "Untersuchungsdatum: date of the school entry examination.",
    "kita_besuch": (
        "Kita-Besuch: duration of Kita attendance (NRW key 0 none, 1 under 1 year, 2 one to "
        "under 2, 3 two to under 3, 4 three years or more)."
    ),
    "sprachstand": (
        "Sprachstand: German language level (1 age-appropriate, 2 support needed, 3 intensive "
        "support needed)."
    ),
    "deutsch_erstsprache": "Deutsch Erstsprache: German is the first language (1 yes, 2 no).",
    "empfehlung": (
        "Empfehlung: recommendation of the examination (1 enrol, 2 defer, 3 early enrolment, 4 "
        "check special educational needs)."
    ),
    "schuljahr": "Schuljahr: first calendar year of the school year (2019 = 2019/20).",
    "schulnr": "Schulnummer: official 6-digit school number.",
    "schulform": (
        "Schulform: NRW ASD school form key (02 Grundschule, 04 Hauptschule, 08 Förderschule, ...)."
    ),
    "jahrgang": "Jahrgang: grade.",
    "einschulungsjahr": "Einschulungsjahr: calendar year of school entry.",
    "einschulungsart": (
        "Einschulungsart: kind of school entry (51 regular, 52 early, 53 after deferral)."
    ),
    "verkehrssprache_deutsch": (
        "Verkehrssprache Deutsch: German is the language spoken in the family (J/N)."
    ),
    "foerderschwerpunkt": (
        "Förderschwerpunkt: special educational needs focus (LB, SB, EZ, GB, KB, GH, SG, BL, "
        "SH, KR) or NULL."
    ),
    "versetzung": (
        "Versetzung: result of the previous school year (V promoted, N not promoted, FR "
        "voluntary repetition, BE ...)."
    ),
    "ganztag": "Ganztag: all-day schooling (J/N).",
    "uebergangsempfehlung": (
        "Übergangsempfehlung: primary school's recommendation for grade 5 (H, H/R, R, R/GY, GY,"
        " OHNE); grade 5 only."
    ),
    "wohn_baublock": "Wohn-Baublock: block of residence.",
    "abgang_datum": "Abgangsdatum: date of leaving the school.",
    "abschluss": (
        "Abschluss: NRW ASD certificate key (OA, ESA, EESA, MSA, ...; old labels HA9, HA10, "
        "FOR, FOR_Q before 2022); NULL where the pupil left without a certificate."
    ),
    "abgang_art": (
        "Abgangsart: kind of leaving (1 certificate, 2 without one after compulsory schooling, "
        "3 to a vocational school, 4 moved away, 5 other)."
    ),
    "bildungsgang": (
        "Bildungsgang: vocational programme (A-DUAL, A-AV, B-BFS-GB, B-BFS-VQ, C-HBFS, C-FOS, "
        "D-BG, E-FS)."
    ),
    "vorbildung": "Vorbildung: highest prior certificate, key as abschluss.",
    "ausbildungsvertrag": "Ausbildungsvertrag: has a training contract (J/N).",
    "jahr": "Jahr: calendar year covered.",
    "monate_leistungsbezug": (
        "Monate Leistungsbezug: months in a benefit household that year (1 to 12)."
    ),
    "but_lernfoerderung": "BuT Lernförderung: months with tutoring paid (0 to 12).",
    "but_mittagessen": "BuT Mittagessen: months with school lunch paid (0 to 12).",
    "but_ausfluege": "BuT Ausflüge: months with school trips paid (0 to 12).",
    "but_schulbedarf": "BuT Schulbedarf: months with school supplies paid (0 to 12).",
    "but_teilhabe": "BuT Teilhabe: months with social and cultural participation paid (0 to 12).",
    "statistischer_bezirk": "Statistischer Bezirk: statistical district.",
    "stadtbezirk": "Stadtbezirk: city district.",
    "sozialraum": "Sozialraum: social planning area.",
    "grundschulbezirk": "Grundschulbezirk: primary school catchment (may be NULL).",
    "wahlbezirk": "Wahlbezirk: polling district.",
    "gueltig_ab": "Gültig ab: first day of validity.",
    "gueltig_bis": "Gültig bis: last day of validity; NULL = open.",
    "name": "Name: name of the institution.",
    "traeger": "Träger: provider type (KJH key 01 to 14).",
    "plaetze": "Plätze: licensed places.",
    "traegerschaft": "Trägerschaft: O public, P private.",
    "geometrie": (
        "Geometrie: the block's polygon as delivered (GeoJSON geometry, ETRS89 / UTM zone 32N, "
        "EPSG:25832, metres). Public."
    ),
}

# Coordinate reference system of the geometrie delivery (extracts.md).
GEOMETRY_CRS = "EPSG:25832"


# --- columns and datasets ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # pid, month, date, int, code, text, pattern, clk, geometry
    required: bool = True  # the column must be in the header
    nullable: bool = True  # an empty value is allowed
    codes: tuple[str, ...] | None = None
    low: int | None = None
    high: int | None = None
    pattern: re.Pattern[str] | None = None
    description: str = ""  # empty: RAW_COLUMN_DESCRIPTIONS[name]


def _pid() -> Column:
    return Column("pid", "pid", nullable=True, pattern=PID_PATTERN)


def _birth() -> Column:
    return Column("geburtsmonat", "month", nullable=False)


def _clk() -> Column:
    return Column("namen_clk", "clk", required=False)


def _block(name: str, nullable: bool = True) -> Column:
    return Column(name, "pattern", nullable=nullable, pattern=BAUBLOCK_PATTERN)


def _code(name: str, codes: tuple[str, ...], nullable: bool = False) -> Column:
    return Column(name, "code", nullable=nullable, codes=codes)


def _int(name: str, low: int, high: int, nullable: bool = False) -> Column:
    return Column(name, "int", nullable=nullable, low=low, high=high)


def _date(name: str, nullable: bool = False) -> Column:
    return Column(name, "date", nullable=nullable)


def _schulnr() -> Column:
    return Column("schulnr", "pattern", nullable=False, pattern=SCHULNR_PATTERN)


@dataclass(frozen=True)
class Dataset:
    name: str
    agency: str
    stelle: str  # short name of the delivering office, as in delivery notes
    label_de: str
    reference: tuple[int, int] | None  # (month, day) of the reference date; None: on change
    person_level: bool
    encoding: str  # encoding the agency's system writes: utf-8 or cp1252
    german_dates: bool  # dates written TT.MM.JJJJ
    columns: tuple[Column, ...]
    key: tuple[str, ...] = field(default=())  # natural key for non-person datasets
    # The dbt side (python -m bildungspfade.generate.registry writes the raw source and the registry
    # macro from these): the staging model of raw.<name>, and the intermediate spell models
    # built from it that int_spell_records_reconciled reconciles against staging.
    staging_model: str = ""
    spell_models: tuple[str, ...] = field(default=())
    # File formats the agency may deliver; geometrie comes as GeoJSON only.
    formats: tuple[str, ...] = ("csv", "parquet")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def sex_system(self) -> str | None:
        """source_system of seed xwalk_sex for the geschlecht codes, None without sex."""
        if "geschlecht" not in self.column_names:
            return None
        codes = self.column("geschlecht").codes
        return {SEX_REGISTER: "register", SEX_SCHOOL: "school"}[codes]

    def column_description(self, name: str) -> str:
        column = self.column(name)
        if column.description:
            return column.description
        if name == "geschlecht" and column.codes:
            return f"Geschlecht: sex as delivered ({', '.join(column.codes)})."
        return RAW_COLUMN_DESCRIPTIONS[name]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    def reference_date(self, year: int) -> date:
        if self.reference is None:
            raise ValueError(f"{self.name} is delivered on change, not on a reference date")
        return date(year, *self.reference)


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "bevoelkerung",
            "Meldebehörde über Statistikstelle",
            "Statistikstelle",
            "Einwohnerbestand unter 27 Jahren",
            (12, 31),
            True,
            "utf-8",
            False,
            (
                _pid(),
                _birth(),
                _clk(),
                _code("geschlecht", SEX_REGISTER),
                Column("staatsangehoerigkeit", "pattern", nullable=False, pattern=ISO3_PATTERN),
                _code("migrationshintergrund", MIGRATIONSHINTERGRUND),
                _block("baublock", nullable=False),
                _date("zuzug_datum", nullable=True),
            ),
            staging_model="stg_bevoelkerung__residents",
            spell_models=("int_residence_spells_built",),
        ),
        Dataset(
            "bewegungen",
            "Meldebehörde",
            "Statistikstelle",
            "Bevölkerungsbewegungen unter 27 Jahren",
            (12, 31),
            True,
            "utf-8",
            False,
            (
                _pid(),
                _birth(),
                _clk(),
                _code("geschlecht", SEX_REGISTER),
                _code("ereignis", EREIGNIS),
                _date("datum"),
                _block("baublock_alt"),
                _block("baublock_neu"),
            ),
            staging_model="stg_bewegungen__events",
            spell_models=("int_residence_spells_built",),
        ),
        Dataset(
            "kita",
            "Jugendamt",
            "Jugendamt",
            "Kinder in Kindertagesbetreuung",
            (3, 1),
            True,
            "cp1252",
            True,
            (
                _pid(),
                _birth(),
                _clk(),
                Column("einrichtung_nr", "text", nullable=True),
                _code("betreuungsart", BETREUUNGSART),
                _code("geschlecht", SEX_REGISTER),
                Column("betreut_seit", "date", nullable=False),
                _code("auslaendische_herkunft", YES_NO_12),
                _code("familiensprache", YES_NO_12),
                _code("betreuungszeit", BETREUUNGSZEIT),
                _code("eingliederungshilfe", YES_NO_12),
            ),
            staging_model="stg_kita__children",
            spell_models=("int_kita_spells_built",),
        ),
        Dataset(
            "seu",
            "Gesundheitsamt",
            "Gesundheitsamt",
            "Schuleingangsuntersuchung",
            (7, 31),
            True,
            "utf-8",
            False,
            (
                _pid(),
                _birth(),
                _clk(),
                _code("geschlecht", SEX_REGISTER),
                _date("untersuchung_datum"),
                _code("kita_besuch", KITA_BESUCH),
                _code("sprachstand", SPRACHSTAND),
                _code("deutsch_erstsprache", YES_NO_12),
                _code("empfehlung", EMPFEHLUNG_SEU),
                _block("baublock"),
            ),
            staging_model="stg_seu__examinations",
        ),
        Dataset(
            "schueler",
            "Schulstatistik (allgemeinbildende Schulen)",
            "Schulamt",
            "Schülerinnen und Schüler an allgemeinbildenden Schulen",
            (10, 15),
            True,
            "cp1252",
            False,
            (
                _pid(),
                _birth(),
                _clk(),
                _int("schuljahr", 1990, 2100),
                _schulnr(),
                _code("schulform", tuple(SCHULFORM)),
                _int("jahrgang", 1, 13),
                _code("geschlecht", SEX_SCHOOL),
                _int("einschulungsjahr", 1990, 2100, nullable=True),
                _code("einschulungsart", EINSCHULUNGSART, nullable=True),
                Column("staatsangehoerigkeit", "pattern", nullable=True, pattern=ISO3_PATTERN),
                _code("verkehrssprache_deutsch", YES_NO_JN),
                _code("foerderschwerpunkt", FOERDERSCHWERPUNKT, nullable=True),
                _code("versetzung", VERSETZUNG, nullable=True),
                _code("ganztag", YES_NO_JN),
                _code("uebergangsempfehlung", UEBERGANGSEMPFEHLUNG, nullable=True),
                _block("wohn_baublock"),
            ),
            staging_model="stg_schueler__enrolments",
            spell_models=("int_school_enrolments_deduplicated", "int_school_spells_built"),
        ),
        Dataset(
            "abgaenge",
            "Schulstatistik (allgemeinbildende Schulen)",
            "Schulamt",
            "Abgängerinnen und Abgänger allgemeinbildender Schulen",
            (7, 31),
            True,
            "cp1252",
            False,
            (
                _pid(),
                _birth(),
                _clk(),
                _int("schuljahr", 1990, 2100),
                _schulnr(),
                _code("schulform", tuple(SCHULFORM)),
                _int("jahrgang", 1, 13),
                _code("geschlecht", SEX_SCHOOL),
                _date("abgang_datum"),
                # Empty where the pupil left without a certificate (extracts.md), as most who
                # move away (abgang_art 4) or leave for other reasons (5) do.
                _code("abschluss", ABSCHLUSS, nullable=True),
                _code("abgang_art", ABGANG_ART),
            ),
            staging_model="stg_abgaenge__leavers",
            spell_models=("int_school_leavers_classified",),
        ),
        Dataset(
            "berufskolleg",
            "Schulstatistik (Berufskollegs)",
            "Schulamt",
            "Schülerinnen und Schüler an Berufskollegs",
            (10, 15),
            True,
            "cp1252",
            False,
            (
                _pid(),
                _birth(),
                _clk(),
                _int("schuljahr", 1990, 2100),
                _schulnr(),
                _code("bildungsgang", tuple(BILDUNGSGANG)),
                # The programme year as the school counts it: 1, 2, 3 in most programmes, but
                # programmes leading to a Hochschulreife may count the upper-secondary years
                # 11, 12, 13 (extracts.md: do not assume either numbering). The warehouse reads
                # the programme year from seed xwalk_programme_year_numbering.
                Column(
                    "jahrgang",
                    "int",
                    nullable=False,
                    low=BERUFSKOLLEG_JAHRGANG[0],
                    high=BERUFSKOLLEG_JAHRGANG[1],
                    description=(
                        "Jahrgang: programme year as the school counts it (1, 2, 3, ... or, in "
                        "programmes leading to a Hochschulreife, the upper-secondary years 11, "
                        "12, 13)."
                    ),
                ),
                _code("geschlecht", SEX_SCHOOL),
                _code("vorbildung", ABSCHLUSS, nullable=True),
                _code("ausbildungsvertrag", YES_NO_JN),
                _block("wohn_baublock"),
            ),
            staging_model="stg_berufskolleg__enrolments",
            spell_models=("int_vocational_enrolments_deduplicated",),
        ),
        Dataset(
            "sgb2",
            "Jobcenter",
            "Jobcenter",
            "Kinder und Jugendliche in SGB-II-Bedarfsgemeinschaften mit BuT",
            (12, 31),
            True,
            "utf-8",
            False,
            (
                _pid(),
                _birth(),
                _clk(),
                _int("jahr", 1990, 2100),
                _int("monate_leistungsbezug", 1, 12),
                _int("but_lernfoerderung", 0, 12),
                _int("but_mittagessen", 0, 12),
                _int("but_ausfluege", 0, 12),
                _int("but_schulbedarf", 0, 12),
                _int("but_teilhabe", 0, 12),
            ),
            staging_model="stg_sgb2__benefit_years",
            spell_models=("int_benefit_years_deduplicated",),
        ),
        Dataset(
            "raumbezug",
            "Statistikstelle",
            "Statistikstelle",
            "Kleinräumige Gliederung (Baublöcke)",
            None,
            False,
            "utf-8",
            False,
            (
                _block("baublock", nullable=False),
                Column("statistischer_bezirk", "text", nullable=False),
                Column("stadtbezirk", "text", nullable=False),
                Column("sozialraum", "text", nullable=False),
                Column("grundschulbezirk", "text", nullable=True),
                Column("wahlbezirk", "text", nullable=False),
                _date("gueltig_ab"),
                _date("gueltig_bis", nullable=True),
            ),
            key=("baublock", "gueltig_ab"),
            staging_model="stg_raumbezug__blocks",
        ),
        Dataset(
            "einrichtungen",
            "Jugendamt",
            "Jugendamt",
            "Verzeichnis der Kindertageseinrichtungen",
            None,
            False,
            "cp1252",
            True,
            (
                Column("einrichtung_nr", "text", nullable=False),
                Column("name", "text", nullable=False),
                _code("traeger", TRAEGER_KJH),
                _block("baublock", nullable=False),
                _int("plaetze", 1, 500),
                _date("gueltig_ab"),
                _date("gueltig_bis", nullable=True),
            ),
            key=("einrichtung_nr", "gueltig_ab"),
            staging_model="stg_einrichtungen__kitas",
        ),
        Dataset(
            "schulen",
            "Schulverwaltungsamt",
            "Schulverwaltungsamt",
            "Schulverzeichnis",
            None,
            False,
            "cp1252",
            False,
            (
                _schulnr(),
                Column("name", "text", nullable=False),
                _code("schulform", tuple(SCHULFORM) + ("30",)),
                _code("traegerschaft", TRAEGERSCHAFT),
                _block("baublock", nullable=False),
                _date("gueltig_ab"),
                _date("gueltig_bis", nullable=True),
            ),
            key=("schulnr", "gueltig_ab"),
            staging_model="stg_schulen__schools",
        ),
        # Optional: a municipality without it gets tile maps instead of maps. One GeoJSON
        # feature is one row; ingest.geojson turns the FeatureCollection into these columns.
        Dataset(
            "geometrie",
            "Statistikstelle",
            "Statistikstelle",
            "Geometrie der Baublöcke",
            None,
            False,
            "utf-8",
            False,
            (
                _block("baublock", nullable=False),
                _date("gueltig_ab"),
                _date("gueltig_bis", nullable=True),
                Column("geometrie", "geometry", nullable=False),
            ),
            key=("baublock", "gueltig_ab"),
            staging_model="stg_geometrie__blocks",
            formats=("geojson",),
        ),
    )
}

PERSON_DATASETS = tuple(n for n, d in DATASETS.items() if d.person_level)
DIRECTORY_DATASETS = tuple(n for n, d in DATASETS.items() if not d.person_level)

FILE_NAME = re.compile(
    r"^(?P<dataset>[a-z0-9]+)_(?P<stichtag>\d{4}-\d{2}-\d{2})(?:_L(?P<lieferung>\d+))?"
    r"\.(?P<ext>csv|parquet|geojson)$"
)
DELIVERY_NOTE_SUFFIX = ".lieferschein.json"
DELIVERY_NOTE_KEYS = (
    "datensatz",
    "stichtag",
    "lieferung",
    "zeilen",
    "sha256",
    "erstellt",
    "stelle",
)


def file_name(dataset: str, stichtag: date, lieferung: int = 1, ext: str = "csv") -> str:
    suffix = "" if lieferung == 1 else f"_L{lieferung}"
    return f"{dataset}_{stichtag.isoformat()}{suffix}.{ext}"
