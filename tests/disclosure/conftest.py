"""Reuse the session fixture of the core tests (tests/core/conftest.py): one synthetic
municipality, ingested and built by `bildungspfade run`.

pytest does not share fixtures between sibling folders; importing the fixture function here
registers the same definition. (Moving `core_warehouse` to tests/conftest.py would let both
folders share one build per session.)
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_CORE = Path(__file__).resolve().parents[1] / "core" / "conftest.py"
_spec = importlib.util.spec_from_file_location("core_conftest_for_disclosure", _CORE)
_module = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _module  # dataclasses look their module up
_spec.loader.exec_module(_module)

core_warehouse = _module.core_warehouse


@pytest.fixture(scope="session")
def method_warehouse(core_warehouse, tmp_path_factory):
    """method -> the core warehouse with its published layer under that method (the core
    build itself publishes with the default, cell_key); each built once per session."""
    from tests.disclosure.methods import rebuild

    built: dict[str, Path] = {"cell_key": core_warehouse.warehouse}
    work = tmp_path_factory.mktemp("methods")

    def get(method: str) -> Path:
        if method not in built:
            built[method] = rebuild(core_warehouse.warehouse, method, work)
        return built[method]

    return get
