"""The code location loads, and its shape matches the committed snapshot.

Update the snapshot deliberately after adding assets, jobs or dbt models:
`UPDATE_SNAPSHOT=1 pytest tests/orchestration/test_definitions.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from bildungspfade.defs.asset_checks import CHECK_NAME
from bildungspfade.spec import DATASETS

SNAPSHOT = Path(__file__).with_name("expected_definitions.json")
REPO = Path(__file__).resolve().parents[2]


def _shape(defs: dg.Definitions) -> dict:
    graph = defs.resolve_asset_graph()
    assets = {
        key.to_user_string(): graph.get(key).group_name
        for key in graph.get_all_asset_keys()
        if graph.get(key).is_materializable
    }
    repo = defs.get_repository_def()
    # Checks from dbt tests change whenever a test is added; the snapshot pins ours.
    checks = sorted(
        f"{k.asset_key.to_user_string()}:{k.name}"
        for k in graph.asset_check_keys
        if k.name == CHECK_NAME
    )
    return {
        "assets": dict(sorted(assets.items())),
        "jobs": sorted(j.name for j in repo.get_all_jobs() if not j.name.startswith("__")),
        "schedules": sorted(s.name for s in repo.schedule_defs),
        "sensors": sorted(s.name for s in repo.sensor_defs),
        "delivery_checks": checks,
        "resources": sorted(defs.resources),
    }


def test_definitions_match_snapshot(defs):
    shape = _shape(defs)
    if os.environ.get("UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(shape, indent=2, ensure_ascii=False) + "\n")
    assert shape == json.loads(SNAPSHOT.read_text())


def test_every_dataset_has_a_blocking_check_and_lineage(defs):
    graph = defs.resolve_asset_graph()
    for name in DATASETS:
        key = dg.AssetKey(["raw", name])
        assert graph.get(key).partitions_def is not None
        check = graph.get_check_spec(dg.AssetCheckKey(key, CHECK_NAME))
        assert check.blocking
    # dbt sources raw.<dataset> are the ingestion assets: staging reads from them.
    children = graph.get(dg.AssetKey(["raw", "kita"])).child_keys
    assert any(graph.get(k).group_name == "staging" for k in children)


def test_every_dbt_model_sits_in_its_folder_group(defs):
    graph = defs.resolve_asset_graph()
    dbt_groups = {"staging", "intermediate", "marts", "published", "reference"}
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if node.is_materializable and "dbt" in (node.kinds or set()):
            assert node.group_name in dbt_groups, key


def test_dg_lists_the_same_definitions(defs):
    """`dg list defs` (what `dg dev` shows) loads the same assets."""
    env = {**os.environ, "NO_COLOR": "1", "VIRTUAL_ENV": str(Path(sys.executable).parents[1])}
    out = subprocess.run(
        [str(Path(sys.executable).with_name("dg")), "list", "defs", "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout
    listed = json.dumps(json.loads(out))
    for key in _shape(defs)["assets"]:
        assert f'"{key}"' in listed, key
