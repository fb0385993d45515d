import base64
import re

import numpy as np
import pyarrow.parquet as pq

from bildungspfade.synth.identity import TrustOffice, bloom_filter, name_lists, normalise


def test_normalise_follows_the_trust_office_rules():
    assert normalise("Müller-Lüdenscheidt") == "MUELLERLUEDENSCHEIDT"
    assert normalise("Öztürk") == "OEZTUERK"
    assert normalise("Strauß") == "STRAUSS"
    assert normalise("José") == "JOSE"


def test_every_name_survives_normalisation():
    """Names reach the trust office in Latin script; none normalises to nothing, and every
    locale has enough surnames that name, birth date and sex rarely coincide."""
    for locale, (male, female, last_m, last_f) in name_lists().items():
        for names in (male, female, last_m, last_f):
            assert all(normalise(str(name)) for name in names), locale
        assert min(len(last_m), len(last_f)) >= 50, locale
    _, _, polish_m, polish_f = name_lists()["pl_PL"]
    assert "Kowalski" in polish_m and "Kowalska" in polish_f


def test_bloom_filter_is_1024_bits_keyed_and_salted():
    keys = (b"k1" * 16, b"k2" * 16)
    a = base64.b64decode(bloom_filter("ANNA MEIER", 2015, keys))
    assert len(a) == 128
    b = base64.b64decode(bloom_filter("ANNA MEIER", 2016, keys))
    c = base64.b64decode(bloom_filter("ANNA MEIER", 2015, (b"x" * 32, b"y" * 32)))
    assert a != b and a != c
    # similar names share most bits (that is what probabilistic linkage uses)
    d = base64.b64decode(bloom_filter("ANNA MAIER", 2015, keys))
    bits = lambda x: bin(int.from_bytes(x, "big")).count("1")  # noqa: E731
    common = bits(bytes(x & y for x, y in zip(a, d, strict=True)))
    assert common / max(bits(a), bits(d)) > 0.6


def test_pseudonyms_are_hmac_hex_and_variants_differ():
    office = TrustOffice(
        1,
        np.arange(1, 6),
        np.array([15000] * 5),
        np.array([0, 1, 0, 1, 0]),
        np.zeros(5, dtype=int),
        np.array(["DEU"] * 5),
    )
    pid = office.pid(0)
    assert re.fullmatch(r"[0-9a-f]{64}", pid)
    assert office.pid(0) == pid and office.pid(0, 1) != pid
    other_key = TrustOffice(
        2,
        np.arange(1, 6),
        np.array([15000] * 5),
        np.array([0, 1, 0, 1, 0]),
        np.zeros(5, dtype=int),
        np.array(["DEU"] * 5),
    )
    assert other_key.pid(0) != pid


def test_clk_column_is_written_and_names_are_not(small_clk):
    landing = small_clk / "landing"
    path = sorted((landing / "seu").glob("*.csv"))[0]
    text = path.read_text(encoding="utf-8")
    header = text.splitlines()[0].split(";")
    assert "namen_clk" in header
    col = header.index("namen_clk")
    values = [line.split(";")[col] for line in text.splitlines()[1:50]]
    assert all(len(base64.b64decode(v)) == 128 for v in values if v)
    # no file holds a name: the true names of the first persons appear nowhere
    persons = pq.read_table(small_clk / "truth" / "persons").slice(0, 50)
    office = TrustOffice(
        7,
        np.array(persons["person_id"]),
        np.zeros(50, dtype=int),
        np.array(persons["sex"]),
        np.array(persons["migration_background"]),
        np.array(persons["nationality"]),
    )
    surnames = {str(s) for s in office.last if len(str(s)) > 5}
    blob = b"".join(p.read_bytes() for p in landing.rglob("*.csv")).decode("cp1252")
    assert surnames and not any(s in blob for s in surnames)
