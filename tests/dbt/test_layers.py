"""Layers read one layer down, checked on the dependencies of the dbt manifest.

staging reads sources and seeds; intermediate reads staging, intermediate and seeds; marts
read intermediate, marts and seeds (never staging or a source); published reads marts,
published and seeds. A model's layer is its folder under models/. Only models are checked:
data tests and unit tests are not dependencies (a unit test's `given` inputs are fixtures).

The manifest comes from one `dbt parse` into a temporary target: no warehouse is built.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dbt.dbt_cli import dbt_manifest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# what each layer may read
ALLOWED_UPSTREAM: dict[str, frozenset[str]] = {
    "staging": frozenset({"source", "seed"}),
    "intermediate": frozenset({"staging", "intermediate", "seed"}),
    "marts": frozenset({"intermediate", "marts", "seed"}),
    "published": frozenset({"marts", "published", "seed"}),
}


def node_layer(manifest: dict, unique_id: str) -> str:
    """The layer of a model (its folder under models/), or 'source' / 'seed'."""
    if unique_id.startswith("source."):
        return "source"
    node = manifest["nodes"][unique_id]
    if node["resource_type"] == "seed":
        return "seed"
    if node["resource_type"] != "model":
        return node["resource_type"]
    parts = Path(node["original_file_path"]).parts
    return parts[1] if len(parts) > 2 and parts[0] == "models" else "unknown"


def layer_violations(manifest: dict) -> list[tuple[str, str, str, str]]:
    """Every model dependency a layer may not read: (model, layer, upstream, upstream layer)."""
    found = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        layer = node_layer(manifest, node["unique_id"])
        allowed = ALLOWED_UPSTREAM.get(layer, frozenset())
        for upstream in sorted(set(node["depends_on"]["nodes"])):
            upstream_layer = node_layer(manifest, upstream)
            if upstream_layer not in allowed:
                found.append((node["name"], layer, upstream, upstream_layer))
    return sorted(found)


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("dbt_parse")
    return dbt_manifest("parse", project=PROJECT_ROOT, work=work)


def test_every_layer_has_models(manifest: dict) -> None:
    # an empty or misread manifest would pass the checks below
    layers = {
        node_layer(manifest, uid)
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
    }
    assert layers == set(ALLOWED_UPSTREAM), layers


def test_layers_read_one_layer_down(manifest: dict) -> None:
    violations = layer_violations(manifest)
    assert not violations, "models reading a layer they may not read:\n" + "\n".join(
        f"  {model} ({layer}) reads {upstream} ({upstream_layer})"
        for model, layer, upstream, upstream_layer in violations
    )


# ------------------------------ the checker on a hand-made manifest ---------------------


def _model(name: str, folder: str, *upstream: str) -> tuple[str, dict]:
    uid = f"model.p.{name}"
    return uid, {
        "unique_id": uid,
        "name": name,
        "resource_type": "model",
        "original_file_path": f"models/{folder}/{name}.sql",
        "depends_on": {"nodes": list(upstream)},
    }


def _hand_made_manifest() -> dict:
    nodes = dict(
        [
            _model("stg_a__rows", "staging/a", "source.p.raw.a", "seed.p.xwalk_a"),
            _model("stg_b__rows", "staging/b", "model.p.int_a_linked"),
            _model("int_a_linked", "intermediate/a", "model.p.stg_a__rows", "seed.p.xwalk_a"),
            _model("int_b_read", "intermediate/b", "source.p.audit.current"),
            _model("dim_a", "marts/a", "model.p.int_a_linked", "model.p.fct_a"),
            _model("fct_a", "marts/a", "model.p.int_a_linked"),
            _model("fct_b", "marts/b", "model.p.stg_a__rows", "source.p.audit.current"),
            _model("pub_a", "published", "model.p.dim_a", "seed.p.xwalk_a"),
            _model("pub_b", "published", "model.p.int_a_linked"),
            _model("misplaced", "other", "model.p.dim_a"),
        ]
    )
    nodes["seed.p.xwalk_a"] = {
        "unique_id": "seed.p.xwalk_a",
        "name": "xwalk_a",
        "resource_type": "seed",
        "original_file_path": "seeds/xwalk_a.csv",
        "depends_on": {"nodes": []},
    }
    # a data test on a mart that reads staging: tests are no dependency of a layer
    nodes["test.p.relationships_fct_a"] = {
        "unique_id": "test.p.relationships_fct_a",
        "name": "relationships_fct_a",
        "resource_type": "test",
        "original_file_path": "models/marts/a/_a__models.yml",
        "depends_on": {"nodes": ["model.p.fct_a", "model.p.stg_a__rows"]},
    }
    return {
        "nodes": nodes,
        "sources": {"source.p.raw.a": {}, "source.p.audit.current": {}},
        # a unit test of a mart given a source as input: not a dependency either
        "unit_tests": {
            "unit_test.p.fct_a.test_fct_a": {
                "resource_type": "unit_test",
                "depends_on": {"nodes": ["model.p.fct_a", "source.p.raw.a"]},
            }
        },
    }


def test_checker_finds_every_layer_violation_and_nothing_else() -> None:
    assert layer_violations(_hand_made_manifest()) == [
        ("fct_b", "marts", "model.p.stg_a__rows", "staging"),
        ("fct_b", "marts", "source.p.audit.current", "source"),
        ("int_b_read", "intermediate", "source.p.audit.current", "source"),
        ("misplaced", "other", "model.p.dim_a", "marts"),
        ("pub_b", "published", "model.p.int_a_linked", "intermediate"),
        ("stg_b__rows", "staging", "model.p.int_a_linked", "intermediate"),
    ]
