"""The published copy of the session's synthetic warehouse opens in the oldest DuckDB client
the project writes for (Makefile OLD_DUCKDB, installed beside .venv by `make setup`), with
every table readable and the comments of every published table and column."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import duckdb
import pytest

from bildungspfade.publish import CONTRACT, published_file
from tests.core.conftest import PROJECT_ROOT, CoreWarehouse

OLD_CLIENT = PROJECT_ROOT / ".tools" / "duckdb-1.0.0"

READ_WITH_OLD_CLIENT = """
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
tables = con.execute(
    "select schema_name, table_name, comment from duckdb_tables() order by all"
).fetchall()
out = {"version": duckdb.__version__, "tables": {}}
for schema, table, comment in tables:
    rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
    # every value read, not only the count: a type the old client cannot decode fails here
    con.execute(f'select * from "{schema}"."{table}"').fetchall()
    columns = dict(con.execute(
        "select column_name, comment from duckdb_columns() "
        "where schema_name = ? and table_name = ?", [schema, table]
    ).fetchall())
    out["tables"][f"{schema}.{table}"] = {"rows": rows, "comment": comment, "columns": columns}
print(json.dumps(out))
"""


def _with_old_client(script: str, *args: str):
    """Run `script` in the old DuckDB client; its JSON output."""
    assert (OLD_CLIENT / "duckdb").is_dir(), "the old DuckDB client is missing: run `make setup`"
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        env={"PYTHONPATH": str(OLD_CLIENT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def published(core_warehouse: CoreWarehouse):
    path = published_file(core_warehouse.warehouse, core_warehouse.warehouse.parent / "published")
    assert path.is_file(), core_warehouse.output[-3000:]
    return path


def test_a_duckdb_1_client_reads_every_table_with_its_comments(published) -> None:
    seen = _with_old_client(READ_WITH_OLD_CLIENT, str(published))
    assert seen["version"] == "1.0.0"

    con = duckdb.connect(str(published), read_only=True)
    expected = {
        f"{schema}.{table}": rows
        for schema, table in con.execute(
            "select schema_name, table_name from duckdb_tables()"
        ).fetchall()
        for (rows,) in [con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()]
    }
    con.close()
    assert {name: t["rows"] for name, t in seen["tables"].items()} == expected
    for table, columns in CONTRACT.items():
        old = seen["tables"][f"published.{table}"]
        assert old["comment"], table
        missing = [c for c in columns if not old["columns"].get(c)]
        assert not missing, f"published.{table}: columns without a comment {missing}"


def test_the_example_queries_of_the_docs_run_in_a_duckdb_1_client(published) -> None:
    """docs/querying.md answers five questions in SQL: each runs and returns rows."""
    text = (PROJECT_ROOT / "docs" / "querying.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", text, re.S)
    assert len(queries) == 5
    script = (
        "import json, sys, duckdb\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print(json.dumps([len(con.execute(q).fetchall()) for q in json.loads(sys.argv[2])]))\n"
    )
    rows = _with_old_client(script, str(published), json.dumps(queries))
    # questions 1-4 read indicators and transition tables, which the session's city has;
    # question 5 lists awaited deliveries, which it has too (a missing dataset-year)
    assert all(n > 0 for n in rows), dict(zip(range(1, 6), rows, strict=True))


def test_transition_tables_carry_german_codes_and_area_names(published) -> None:
    """Issue 17: codes were German in the indicators and English in the transition tables,
    which had no area names. Every code is one of seed xwalk_published_code's German codes,
    and every area has the name pub_indicators gives it."""
    seed = PROJECT_ROOT / "seeds" / "states" / "xwalk_published_code.csv"
    con = duckdb.connect(str(published), read_only=True)
    german = {
        column: {
            code
            for (code,) in con.execute(
                f"select code_de from read_csv('{seed}') where code_column = ?", [column]
            ).fetchall()
        }
        for column in ("stage_pair", "method", "category")
    }
    for column, codes in (
        ("stage_pair", german["stage_pair"]),
        ("method", german["method"]),
        ("from_category", german["category"]),
        ("to_category", german["category"]),
    ):
        used = {
            v
            for (v,) in con.execute(
                f"select distinct {column} from published.pub_transition_tables"
            ).fetchall()
        }
        assert used and used <= codes, (column, sorted(used - codes))
    unnamed = con.execute(
        """select count(*) from published.pub_transition_tables as t
           left join (select distinct area_level, area_id, area_name
                      from published.pub_indicators) as i using (area_level, area_id)
           where t.area_name is null or t.area_name is distinct from i.area_name"""
    ).fetchone()[0]
    con.close()
    assert unnamed == 0


def test_every_published_category_has_a_german_label(published) -> None:
    """Exports and the report label categories with presentation.CATEGORY; a code without a
    label showed as the bare code ("sektor i", "3 bis schuleintritt"). Every category of the
    published indicators and transition tables, and every German category code of seed
    xwalk_published_code, has one."""
    from bildungspfade.presentation import CATEGORY

    seed = PROJECT_ROOT / "seeds" / "states" / "xwalk_published_code.csv"
    con = duckdb.connect(str(published), read_only=True)
    codes = {
        code
        for (code,) in con.execute(
            f"""select category from published.pub_indicators
                union select from_category from published.pub_transition_tables
                union select to_category from published.pub_transition_tables
                union select code_de from read_csv('{seed}') where code_column = 'category'"""
        ).fetchall()
        if code is not None
    }
    con.close()
    assert codes and not sorted(codes - set(CATEGORY)), sorted(codes - set(CATEGORY))
