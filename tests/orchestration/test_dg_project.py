"""`dg dev` finds the code location (issue 17: it failed with "Cannot find module").

dg looks for the project's root module at the project root or in `src/`; this builds the
workspace `dg dev` would start, with dg's own code, and loads the code location it names.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import yaml
from dagster_dg_cli.cli.utils import create_temp_workspace_file
from dagster_dg_core.context import DgContext

ROOT = Path(__file__).resolve().parents[2]


def test_dg_dev_workspace_names_the_bildungspfade_code_location():
    context = DgContext.for_project_environment(ROOT, {})
    with create_temp_workspace_file(context) as path:
        workspace = yaml.safe_load(Path(path).read_text())
    (entry,) = [item["python_module"] for item in workspace["load_from"]]
    assert entry["location_name"] == "bildungspfade"
    assert Path(entry["working_directory"]) == ROOT / "src"
    definitions = importlib.import_module(entry["module_name"])
    assert Path(definitions.__file__).is_relative_to(ROOT / "src" / "bildungspfade")
