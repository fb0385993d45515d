import hashlib
from dataclasses import replace

from bildungspfade.synth.generate import Progress, generate

from .conftest import SMALL


def _digest(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_files(tmp_path):
    cfg = replace(SMALL, first_year=2017, last_year=2019)
    generate(cfg, tmp_path / "a", Progress(quiet=True))
    generate(cfg, tmp_path / "b", Progress(quiet=True))
    a, b = _digest(tmp_path / "a" / "landing"), _digest(tmp_path / "b" / "landing")
    assert len(a) > 30
    assert a == b
    ta, tb = _digest(tmp_path / "a" / "truth"), _digest(tmp_path / "b" / "truth")
    assert ta == tb


def test_other_seed_gives_other_files(tmp_path):
    cfg = replace(SMALL, first_year=2018, last_year=2019)
    generate(cfg, tmp_path / "a", Progress(quiet=True))
    generate(replace(cfg, seed=8), tmp_path / "b", Progress(quiet=True))
    a, b = _digest(tmp_path / "a" / "landing"), _digest(tmp_path / "b" / "landing")
    common = a.keys() & b.keys()
    assert "bevoelkerung/bevoelkerung_2018-12-31.csv" in common
    assert all(a[k] != b[k] for k in common if "/bevoelkerung_" in k)


def test_chunking_does_not_change_the_people(tmp_path):
    """Chunks bound memory at scale; the same persons must come out whatever the chunk size."""
    import duckdb

    cfg = replace(SMALL, first_year=2018, last_year=2019)
    generate(cfg, tmp_path / "one", Progress(quiet=True))
    generate(replace(cfg, chunk_persons=2_000), tmp_path / "many", Progress(quiet=True))
    con = duckdb.connect()
    counts = [
        con.execute(
            f"select count(*), count(distinct kind) from read_parquet("
            f"'{tmp_path / d}/truth/persons/*.parquet')"
        ).fetchone()
        for d in ("one", "many")
    ]
    assert counts[0] == counts[1]
    assert len(list((tmp_path / "many" / "truth" / "persons").glob("*.parquet"))) > 1


def test_parallel_workers_write_the_same_bytes(tmp_path):
    """Chunks simulated in two processes and merged in order equal a sequential run."""
    cfg = replace(SMALL, first_year=2018, last_year=2019, chunk_persons=3_000)
    generate(cfg, tmp_path / "seq", Progress(quiet=True), workers=1)
    generate(cfg, tmp_path / "par", Progress(quiet=True), workers=2)
    seq, par = _digest(tmp_path / "seq"), _digest(tmp_path / "par")
    assert len(seq) > 30 and seq == par
    assert len(list((tmp_path / "par" / "truth" / "records").glob("*.parquet"))) > 1
