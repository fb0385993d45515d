"""The published contract (bildungspfade.publish.CONTRACT, the one list of published columns
that exports, the report and the test fixture derive theirs from) is what the dbt models of
`published` declare (models/published/*.yml), column for column and in order, so a renamed,
added or dropped column fails here, not at a reader. SQL models enforce
their contract in dbt; dbt cannot enforce one on a Python model, so there the YAML column list
is the declaration (and the exports check the built table's columns when they read it)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bildungspfade.publish import CONTRACT

MODELS = Path(__file__).resolve().parents[2] / "models" / "published"


def declared_models() -> dict[str, list[str]]:
    """Columns of the SQL models whose contract dbt enforces and of the Python models (the
    other SQL models may list a few columns only)."""
    models: dict[str, list[str]] = {}
    for path in sorted(MODELS.glob("*.yml")):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            enforced = (model.get("config") or {}).get("contract", {}).get("enforced")
            if enforced or (MODELS / f"{model['name']}.py").is_file():
                models[model["name"]] = [c["name"] for c in model.get("columns", [])]
    return models


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_published_model_declares_the_columns_readers_use(table):
    models = declared_models()
    # a model is published under its own name or, with an alias, without the pub_ prefix
    candidates = [name for name in (table, f"pub_{table}") if name in models]
    assert candidates, f"no model of models/published declares the columns of published.{table}"
    declared = models[candidates[0]]
    missing = [c for c in CONTRACT[table] if c not in declared]
    assert not missing, f"{candidates[0]} lacks {missing} (docs/architecture.md contract)"
    assert declared == list(CONTRACT[table]), (
        f"{candidates[0]} declares {declared}; the contract lists {list(CONTRACT[table])}"
    )


def test_python_model_writes_the_contract_columns():
    """pub_transition_tables names its output columns itself (a Python model has no dbt
    contract); it takes them from the contract, in order."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "pub_transition_tables", MODELS / "pub_transition_tables.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert list(CONTRACT["pub_transition_tables"]) == module.PUBLISHED
    # the cells are built without the area's name, which the last step adds
    assert [c for c in module.PUBLISHED if c != "area_name"] == module.COLUMNS
