"""Documentation of the analyst-facing models, read from the manifest of the session's build.

Every model in models/marts and models/published needs a description, and every column a
YAML file declares there needs one too (the columns no YAML declares are checked against the
built warehouse in tests/core/test_docs.py).
"""

from __future__ import annotations

import json

import pytest

from tests.dbt.conftest import DbtBuild

DOCUMENTED_FOLDERS = ("models/marts/", "models/published/")


@pytest.fixture(scope="module")
def documented_models(dbt_build: DbtBuild) -> dict[str, dict]:
    manifest = json.loads((dbt_build.warehouse.parent / "target" / "manifest.json").read_text())
    models = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith(DOCUMENTED_FOLDERS)
    }
    # the layers an analyst reads; an empty selection would pass every check below
    assert {"fct_indicator_values", "fct_person_years", "pub_indicators"} <= set(models)
    return models


def test_every_mart_and_published_model_has_a_description(documented_models) -> None:
    undescribed = sorted(n for n, node in documented_models.items() if not node["description"])
    assert not undescribed, f"models without a description: {undescribed}"


def test_every_declared_column_has_a_description(documented_models) -> None:
    undescribed = sorted(
        f"{name}.{column}"
        for name, node in documented_models.items()
        for column, spec in node["columns"].items()
        if not spec["description"].strip()
    )
    assert not undescribed, f"columns without a description: {undescribed}"
