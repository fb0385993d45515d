"""`bildungspfade docs` on the session's synthetic warehouse: one self-contained HTML page with
the manifest and the catalog of the built marts, and a description for every column an
analyst reads."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.core.conftest import CoreWarehouse

MARTS = ("models/marts/",)
PUBLISHED = ("models/published/",)


@dataclass
class Docs:
    page: str
    manifest: dict
    catalog: dict


def _inlined(page: str, name: str) -> dict:
    """The JSON document dbt inlines into the static page as `<name>:{...}`."""
    start = re.search(rf'{name}:(?=\{{"metadata")', page)
    assert start, f"{name} is not inlined"
    document, _ = json.JSONDecoder().raw_decode(page, start.end())
    return document


@pytest.fixture(scope="module")
def docs(core_warehouse: CoreWarehouse, tmp_path_factory: pytest.TempPathFactory) -> Docs:
    from bildungspfade.cli import main

    # dbt opens the warehouse for writing; a copy keeps it clear of the read-only
    # connections other test modules may still hold on the session warehouse
    folder = tmp_path_factory.mktemp("docs")
    warehouse = folder / "warehouse.duckdb"
    shutil.copy(core_warehouse.warehouse, warehouse)
    wal = core_warehouse.warehouse.with_name(core_warehouse.warehouse.name + ".wal")
    if wal.exists():
        shutil.copy(wal, warehouse.with_name(warehouse.name + ".wal"))
    out = folder / "site" / "dbt_docs.html"
    assert main(["docs", "--warehouse", str(warehouse), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    return Docs(page, _inlined(page, "manifest"), _inlined(page, "catalog"))


def _models(docs: Docs, folders: tuple[str, ...]) -> dict[str, dict]:
    return {
        uid: node
        for uid, node in docs.manifest["nodes"].items()
        if node["resource_type"] == "model" and node["original_file_path"].startswith(folders)
    }


def _undescribed_columns(docs: Docs, folders: tuple[str, ...]) -> list[str]:
    missing = []
    for uid, node in _models(docs, folders).items():
        for column in docs.catalog["nodes"][uid]["columns"]:
            spec = node["columns"].get(column) or node["columns"].get(column.lower())
            if not spec or not spec["description"].strip():
                missing.append(f"{node['name']}.{column}")
    return sorted(missing)


def test_page_is_self_contained(docs: Docs) -> None:
    # a static page loads nothing: no manifest.json or catalog.json beside it, no scripts
    assert docs.manifest["metadata"]["dbt_schema_version"].endswith("/manifest/v12.json")
    assert "/catalog/" in docs.catalog["metadata"]["dbt_schema_version"]
    assert not re.search(r"<script[^>]+src=", docs.page)


def test_page_does_not_carry_the_identity_salt(docs: Docs) -> None:
    from bildungspfade.commands.docs import SALT_PLACEHOLDER

    compiled = docs.manifest["nodes"]["model.bildungspfade.int_person_records_deduplicated"][
        "compiled_code"
    ]
    assert f"md5('{SALT_PLACEHOLDER}' || pseudonym)" in compiled
    assert "md5('bildungspfade'" not in docs.page


def test_page_documents_every_mart_and_published_model_with_its_columns(docs: Docs) -> None:
    models = _models(docs, MARTS + PUBLISHED)
    names = {node["name"] for node in models.values()}
    assert {"fct_indicator_cases", "fct_segregation_indices", "pub_indicators"} <= names
    # in the catalog means: found as a relation in the built warehouse, with its columns
    catalogued = docs.catalog["nodes"]
    without_columns = sorted(
        node["name"] for uid, node in models.items() if not catalogued.get(uid, {}).get("columns")
    )
    assert not without_columns
    assert all(node["description"].strip() for node in models.values())


def test_every_mart_column_is_described(docs: Docs) -> None:
    assert _undescribed_columns(docs, MARTS) == []


def test_every_published_column_is_described(docs: Docs) -> None:
    assert _undescribed_columns(docs, PUBLISHED) == []


def test_docs_without_a_warehouse_is_a_usage_error(tmp_path: Path, capsys) -> None:
    from bildungspfade.cli import main

    assert main(["docs", "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert "bildungspfade run" in capsys.readouterr().err
