"""Habits of the dbt project that need no build: every var declared once with its default,
every macro called somewhere, every configured path present.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROJECT = yaml.safe_load((ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
# a var call with its quoted name, in SQL, YAML and Jinja, wherever dbt renders them
VAR_CALL = re.compile(r"""\bvar\(\s*['"]([^'"]+)['"]""")
# --vars '{"name": ...}' in Python callers of dbt
VARS_JSON = re.compile(r"""["'](bp:[a-z_]+:[a-z0-9_]+)["']""")
MACRO = re.compile(r"{%-?\s*macro\s+(\w+)\s*\(")


def _files(*folders: str, suffixes=(".sql", ".yml", ".yaml", ".md", ".py")) -> list[Path]:
    return [
        path
        for folder in folders
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file() and path.suffix in suffixes
    ]


def used_vars() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in _files("models", "macros", "tests", "seeds"):
        for name in VAR_CALL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, path)
    for path in _files("src", "tests", "benchmarks", suffixes=(".py",)):
        for name in VARS_JSON.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, path)
    for name in VAR_CALL.findall((ROOT / "dbt_project.yml").read_text(encoding="utf-8")):
        found.setdefault(name, ROOT / "dbt_project.yml")
    return found


def test_the_scan_finds_vars_of_every_kind():
    names = set(used_vars())
    # a model var, a test-config var and a var only Python callers pass
    assert {"bp:disclosure:min_cell", "bp:tests:store_failures", "bp:identity:salt"} <= names


@pytest.mark.parametrize("name", sorted(used_vars()))
def test_every_var_is_declared_with_its_default(name):
    assert name in PROJECT["vars"], f"{name} (used in {used_vars()[name]}) not in dbt_project.yml"


def test_every_declared_var_has_a_comment():
    text = (ROOT / "dbt_project.yml").read_text(encoding="utf-8")
    block = text.split("\nvars:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    for i, line in enumerate(block):
        if line.startswith("  '"):
            above = [b.strip() for b in block[:i] if b.strip()]
            assert above and (above[-1].startswith("#") or above[-1].startswith("'bp:")), line


def test_every_macro_is_called():
    sources = {
        path: path.read_text(encoding="utf-8")
        for path in _files("models", "macros", "tests", "seeds")
        if not path.name.startswith("_")
    }
    for path in _files("macros", suffixes=(".sql",)):
        for name in MACRO.findall(sources[path]):
            if name == "generate_schema_name":  # dbt calls it for every node
                continue
            call = re.compile(rf"\b{name}\(")
            others = [p for p, text in sources.items() if p != path and call.search(text)]
            own = len(call.findall(sources[path])) > 1  # a private helper calling itself
            assert others or own, f"macro {name} ({path.relative_to(ROOT)}) is called nowhere"


@pytest.mark.parametrize("key", ["model-paths", "seed-paths", "macro-paths", "test-paths"])
def test_configured_paths_exist(key):
    for folder in PROJECT[key]:
        assert (ROOT / folder).is_dir(), f"{key}: {folder} does not exist"
