"""Adding an indicator takes three hand-written files: a catalogue row, its case model and the
model's YAML with its unit test (docs/indicators.md, "Adding an indicator").

The test copies the dbt project to a temporary folder, adds a toy indicator XX01 there, runs
the generator (python -m bildungspfade.generate.indicator_cases) and compiles
fct_indicator_cases with dbt, then requires that fct_indicator_cases depends on the new case
model, that its compiled SQL reads it, that the new unit test is known to dbt, and that
nothing else changed but the generated macro. One dbt process (about half a minute).
"""

from __future__ import annotations

import csv
import filecmp
import shutil
from pathlib import Path

import pytest

from bildungspfade.generate import indicator_cases as generator
from tests.dbt.conftest import PROJECT_ROOT
from tests.dbt.dbt_cli import dbt_manifest

PROJECT_PARTS = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "tests/dbt/singular",
)

TOY_MODEL = """\
{# XX01 toy indicator: one row per resident aged 18-26 on 31 December of y; counted when in
    SGB II receipt in year y. #}
with

person_years as (

    select
        person_key,
        school_year,
        is_resident,
        has_benefit_receipt,
        age_residence_date
    from {{ ref('fct_person_years') }}

),

cases as (

    select
        'XX01' as indicator_code,
        school_year as year,
        person_key,
        'junge_erwachsene' as category,
        coalesce(has_benefit_receipt, false) as is_counted
    from person_years
    where is_resident and age_residence_date between 18 and 26

)

select * from cases
"""

TOY_YAML = """\
version: 2

models:
  - name: fct_indicator_cases__xx01
    description: "One row per resident aged 18-26 and school year (toy indicator XX01)."
    data_tests:
      - unique_combination:
          arguments:
            columns: [year, person_key]
    columns:
      - name: person_key
        description: "{{ doc('indicator_person_key') }}"
        data_tests: [not_null]

unit_tests:
  - name: test_fct_indicator_cases__xx01
    model: fct_indicator_cases__xx01
    description: "Residents 18-26 are the base; counted with benefit receipt."
    given:
      - input: ref('fct_person_years')
        rows:
          - {person_key: a, school_year: 2018, is_resident: true,
             has_benefit_receipt: true, age_residence_date: 18}
          - {person_key: b, school_year: 2018, is_resident: true,
             has_benefit_receipt: null, age_residence_date: 26}
          - {person_key: c, school_year: 2018, is_resident: true,
             has_benefit_receipt: true, age_residence_date: 27}
    expect:
      rows:
        - {indicator_code: XX01, year: 2018, person_key: a,
           category: junge_erwachsene, is_counted: true}
        - {indicator_code: XX01, year: 2018, person_key: b,
           category: junge_erwachsene, is_counted: false}
"""


def _copy_project(target: Path) -> None:
    for part in PROJECT_PARTS:
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.exists():
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)


def _changed_files(before: Path, after: Path) -> set[str]:
    """Paths (relative) added or changed in `after` compared with `before`."""
    changed = set()
    for path in after.rglob("*"):
        if path.is_file():
            relative = path.relative_to(after)
            original = before / relative
            if not original.exists() or not filecmp.cmp(original, path, shallow=False):
                changed.add(relative.as_posix())
    return changed


def _add_catalogue_row(project: Path) -> None:
    path = project / generator.CATALOGUE
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames
        rows = list(reader)
    assert fields is not None
    toy = dict.fromkeys(fields, "")
    toy |= {
        "indicator_code": "XX01",
        "family": "Rahmenbedingungen",
        "name_de": "Spielindikator",
        "definition_de": "Anteil der 18- bis 26-Jährigen im SGB-II-Leistungsbezug",
        "numerator_de": "Leistungsberechtigte",
        "denominator_de": "Einwohnerinnen und Einwohner von 18 bis 26 Jahren",
        "unit": "Prozent",
        "source": "SGB-II-Statistik, Melderegister",
        "kind": "quote",
        "audit_unit": "XX01",
        "sort_order": str(max(int(r["sort_order"]) for r in rows) + 1),
    }
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=fields, lineterminator="\n").writerow(toy)


def test_a_catalogue_row_a_model_and_its_yaml_add_an_indicator(tmp_path: Path) -> None:
    original = tmp_path / "original"
    project = tmp_path / "project"
    _copy_project(original)
    _copy_project(project)
    assert generator.main(["--check", "--root", str(project)]) == 0

    # 1. the catalogue row: the generator now misses its model
    _add_catalogue_row(project)
    with pytest.raises(generator.CatalogueError, match="fct_indicator_cases__xx01"):
        generator.case_models(project)
    # 2. the case model and 3. its YAML with the unit test
    cases = project / generator.CASE_MODEL_DIR
    (cases / "fct_indicator_cases__xx01.sql").write_text(TOY_MODEL, encoding="utf-8")
    (cases / "fct_indicator_cases__xx01.yml").write_text(TOY_YAML, encoding="utf-8")
    # the committed macro no longer matches the catalogue until the generator runs
    assert generator.main(["--check", "--root", str(project)]) == 1
    assert generator.main(["--root", str(project)]) == 0
    assert generator.main(["--check", "--root", str(project)]) == 0

    assert _changed_files(original, project) == {
        "seeds/indicators/indicator_catalogue.csv",
        "models/marts/indicators/cases/fct_indicator_cases__xx01.sql",
        "models/marts/indicators/cases/fct_indicator_cases__xx01.yml",
        generator.MACRO.as_posix(),  # generated
    }

    manifest = dbt_manifest(
        "compile",
        "--select",
        "fct_indicator_cases",
        project=project,
        work=tmp_path,
    )
    depends_on = manifest["nodes"]["model.bildungspfade.fct_indicator_cases"]["depends_on"]["nodes"]
    assert "model.bildungspfade.fct_indicator_cases__xx01" in depends_on
    # every indicator of the catalogue that is not an index still reaches the union
    assert {f"model.bildungspfade.{name}" for name in generator.case_models(project)} <= set(
        depends_on
    )
    unit_tests = {t["name"]: t for t in manifest["unit_tests"].values()}
    assert unit_tests["test_fct_indicator_cases__xx01"]["model"] == "fct_indicator_cases__xx01"

    compiled = next(
        (tmp_path / "target").glob("compiled/bildungspfade/**/fct_indicator_cases.sql")
    ).read_text()
    assert '"fct_indicator_cases__xx01"' in compiled or ".fct_indicator_cases__xx01" in compiled
