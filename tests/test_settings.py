"""Locations resolve from arguments, then the environment, then the data folder; the
environment helper leaves os.environ as it found it."""

from __future__ import annotations

import os

import pytest

from bildungspfade.settings import (
    DATA_ENV,
    DEFAULT_DATA_DIR,
    LANDING_ENV,
    PROJECT_ROOT,
    PUBLISHED_ENV,
    WAREHOUSE_ENV,
    environment,
    load_settings,
)


@pytest.fixture
def clean_env(monkeypatch):
    for name in (WAREHOUSE_ENV, LANDING_ENV, PUBLISHED_ENV, DATA_ENV):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_lie_in_the_data_folder(clean_env):
    settings = load_settings()
    assert settings.warehouse == (DEFAULT_DATA_DIR / "warehouse.duckdb").resolve()
    assert settings.landing == (DEFAULT_DATA_DIR / "synth" / "landing").resolve()
    assert settings.published == (DEFAULT_DATA_DIR / "published").resolve()


def test_data_folder_moves_the_defaults_and_the_variables_win_over_it(clean_env, tmp_path):
    clean_env.setenv(DATA_ENV, str(tmp_path / "d"))
    assert load_settings().warehouse == tmp_path / "d" / "warehouse.duckdb"
    clean_env.setenv(WAREHOUSE_ENV, str(tmp_path / "w.duckdb"))
    assert load_settings().warehouse == tmp_path / "w.duckdb"
    assert load_settings(warehouse=tmp_path / "x.duckdb").warehouse == tmp_path / "x.duckdb"


def test_environment_is_restored_after_the_block(clean_env, tmp_path):
    clean_env.setenv(LANDING_ENV, "before")
    settings = load_settings(warehouse=tmp_path / "w.duckdb", landing=tmp_path)
    with environment(settings.environment()):
        assert os.environ[WAREHOUSE_ENV] == str(tmp_path / "w.duckdb")
        assert load_settings() == settings
    assert WAREHOUSE_ENV not in os.environ
    assert os.environ[LANDING_ENV] == "before"


def test_environment_is_restored_when_the_block_fails(clean_env):
    with pytest.raises(RuntimeError), environment({WAREHOUSE_ENV: "x"}):
        raise RuntimeError
    assert WAREHOUSE_ENV not in os.environ


def test_duckdbs_memory_limit_follows_the_machine_unless_set() -> None:
    """profiles.yml: half of the machine's memory by default, BILDUNGSPFADE_DUCKDB_MEMORY wins;
    DuckDB reads the default as a share of what this machine (or container) has."""
    import re

    import duckdb

    profile = (PROJECT_ROOT / "profiles.yml").read_text(encoding="utf-8")
    default = re.search(
        r"memory_limit: \"\{\{ env_var\('BILDUNGSPFADE_DUCKDB_MEMORY', '([^']+)'\) \}\}\"", profile
    )
    assert default is not None and default.group(1) == "50%"
    con = duckdb.connect(config={"memory_limit": default.group(1)})
    half = con.execute("select current_setting('memory_limit')").fetchone()[0]
    con.close()
    con = duckdb.connect(config={"memory_limit": "100%"})
    whole = con.execute("select current_setting('memory_limit')").fetchone()[0]
    con.close()

    def gib(text: str) -> float:
        number, unit = text.split()
        return float(number) * {"MiB": 1 / 1024, "GiB": 1, "TiB": 1024}[unit]

    assert abs(gib(half) - gib(whole) / 2) < 0.2
