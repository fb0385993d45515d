"""A dbt Python model's module, loaded from its file, so that tests can call its helper
functions (label tables, quota sums, cell building) without dbt."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from tests.dbt.conftest import PROJECT_ROOT


def load(relative_path: str) -> ModuleType:
    """The module of `models/<relative_path>` (e.g. `published/pub_pathways.py`)."""
    path = PROJECT_ROOT / "models" / relative_path
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
