"""spec.py is the one list of datasets, for dbt too (python -m bildungspfade.generate.registry).

The committed raw source and registry macro match spec.py; a hand edit is caught; and a toy
dataset added to a copy of the project (a spec entry, one staging model and its YAML, nothing
else written by hand) flows through every model and test that unions the datasets.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from bildungspfade.generate import registry
from bildungspfade.spec import DATASETS
from tests.dbt.dbt_cli import dbt_manifest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
COPIED = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "src/bildungspfade",
)
TOY_ENTRY = """\
        Dataset(
            "toy", "Testamt", "Testamt", "Spielzeugdatensatz", (6, 30), True, "utf-8", False,
            (_pid(), _birth(), _clk(), _code("geschlecht", SEX_REGISTER),
             Column("wert", "int", description="Wert: a toy value.")),
            staging_model="stg_toy__things",
        ),
"""
TOY_MODEL = """\
with

renamed as (

    select
        {{ leading_columns('toy') }},
        delivered.wert as toy_value,
        {{ trailing_columns('toy') }}
    {{ from_delivered('toy') }}

)

select * from renamed
"""
TOY_YAML = """\
version: 2

models:
  - name: stg_toy__things
    description: "One row per delivered toy row of a current delivery."
    columns:
      - name: record_key
        description: "delivery_id:row_number."
        data_tests:
          - unique
          - not_null
"""


def test_committed_files_match_spec() -> None:
    assert registry.drifted() == [], "run: python -m bildungspfade.generate.registry"


def test_check_flags_a_hand_edited_file(tmp_path: Path) -> None:
    registry.write(tmp_path)
    assert registry.main(["--check", "--root", str(tmp_path)]) == 0
    macro = tmp_path / registry.MACRO_PATH
    macro.write_text(macro.read_text().replace("'stg_kita__children'", "'stg_kita'"))
    assert registry.drifted(tmp_path) == [macro]
    assert registry.main(["--check", "--root", str(tmp_path)]) == 1


def test_raw_source_describes_every_delivered_and_provenance_column() -> None:
    source = yaml.safe_load(registry.render_sources())["sources"][0]
    tables = {t["name"]: t for t in source["tables"]}
    assert list(tables) == list(DATASETS)
    for name, ds in DATASETS.items():
        columns = [c["name"] for c in tables[name]["columns"]]
        assert columns[: len(ds.columns)] == list(ds.column_names)
        assert columns[len(ds.columns) :] == [n for n, _ in registry.PROVENANCE_COLUMNS]
        assert all(c["description"].strip() for c in tables[name]["columns"])
        restricted = {c["name"] for c in tables[name]["columns"] if c.get("meta")}
        assert restricted == ({"pid", "namen_clk"} if ds.person_level else set())


def test_staging_materialisation_follows_the_registry(tmp_path: Path) -> None:
    # a directory is delivered whole and rebuilt; a person-level dataset is appended delivery
    # by delivery (delete_stale_rows needs its build_fingerprint, which a directory lacks)
    manifest = dbt_manifest("parse", project=PROJECT_ROOT, work=tmp_path)
    materialized = {
        node["name"]: node["config"]["materialized"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }
    for name, ds in DATASETS.items():
        expected = "incremental" if ds.person_level else "table"
        assert materialized[ds.staging_model] == expected, (
            f"{ds.staging_model} ({name}, {'person-level' if ds.person_level else 'a directory'})"
            f" must be materialized {expected!r}"
            + ("" if ds.person_level else ": `config: materialized: table` in its models YAML")
        )


def _copy_project(root: Path) -> None:
    for relative in COPIED:
        source = PROJECT_ROOT / relative
        if source.is_dir():
            shutil.copytree(source, root / relative, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / relative)


def _changed_files(root: Path) -> set[str]:
    """Files of the copy that differ from the project or are new, relative paths."""
    changed = set()
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if not path.is_file() or not str(relative).startswith(COPIED):
            continue
        original = PROJECT_ROOT / relative
        if not original.exists() or not filecmp.cmp(path, original, shallow=False):
            changed.add(str(relative))
    return changed


def test_a_toy_dataset_flows_through_the_registry(tmp_path: Path) -> None:
    root = tmp_path / "project"
    _copy_project(root)
    # the hand-written part: a spec entry, a staging model and its YAML
    spec = root / "src/bildungspfade/spec.py"
    text = spec.read_text(encoding="utf-8")
    end_of_datasets = "    )\n}\n\nPERSON_DATASETS"
    assert text.count(end_of_datasets) == 1
    spec.write_text(text.replace(end_of_datasets, TOY_ENTRY + end_of_datasets), encoding="utf-8")
    folder = root / "models/staging/toy"
    folder.mkdir()
    (folder / "stg_toy__things.sql").write_text(TOY_MODEL)
    (folder / "_toy__models.yml").write_text(TOY_YAML)
    hand_written = {
        "src/bildungspfade/spec.py",
        "models/staging/toy/stg_toy__things.sql",
        "models/staging/toy/_toy__models.yml",
    }

    env = {
        **os.environ,
        "PYTHONPATH": str(root / "src"),
        "BILDUNGSPFADE_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
    }
    generate = subprocess.run(
        [sys.executable, "-m", "bildungspfade.generate.registry", "--root", str(root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert generate.returncode == 0, generate.stderr
    generated = {str(p) for p in registry.generated()}
    assert _changed_files(root) == hand_written | generated

    manifest = dbt_manifest(
        "compile",
        "--select",
        "stg_toy__things",
        "int_deliveries_reconciled",
        "int_person_records_deduplicated",
        "int_person_records_reconciled",
        "int_person_attributes_collected",
        "source:audit.deliveries",
        project=root,
        work=tmp_path,
        env={"PYTHONPATH": str(root / "src")},
        timeout=300,
    )
    nodes = manifest["nodes"]
    toy_source = manifest["sources"]["source.bildungspfade.raw.toy"]
    assert toy_source["columns"]["wert"]["description"] == "Wert: a toy value."
    assert toy_source["columns"]["pid"]["meta"] == {"restricted": True}

    def compiled_sql(model: str) -> str:
        return nodes[f"model.bildungspfade.{model}"]["compiled_code"]

    # int_person_records_reconciled takes the staged counts of the person-level datasets
    assert "'toy'" in compiled_sql("int_person_records_reconciled")
    staging = compiled_sql("stg_toy__things")
    assert "coalesce(cast(raw_rows.wert as varchar), '')" in staging  # record_hash
    assert "where source_system = 'register'" in staging  # the sex crosswalk
    for model in (
        "int_deliveries_reconciled",
        "int_person_records_deduplicated",
        "int_person_attributes_collected",
    ):
        sql = compiled_sql(model)
        assert "'toy' as dataset" in sql and "stg_toy__things" in sql, model
        assert (
            "model.bildungspfade.stg_toy__things"
            in nodes[f"model.bildungspfade.{model}"]["depends_on"]["nodes"]
        ), model
    accepted = [
        node["compiled_code"]
        for node in nodes.values()
        if node["resource_type"] == "test"
        and node.get("test_metadata", {}).get("name") == "accepted_values"
        and node["test_metadata"]["kwargs"].get("column_name") == "dataset"
        and node.get("compiled_code")
    ]
    assert accepted and all("'toy'" in sql for sql in accepted)
