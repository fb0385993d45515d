"""Accepted pairs -> person keys: the same-delivery constraint and stable keys."""

from __future__ import annotations

import pandas as pd

from bildungspfade.linkage import resolve_keys


def _units(rows: list[tuple[str, int, list[str]]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["pseudonym_key", "first_year", "delivery_ids"])


def _pairs(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["pseudonym_key_l", "pseudonym_key_r", "match_probability"])
    out["match_weight"] = out["match_probability"]
    out["decision"] = "linked"
    return out


def _persons(keys: pd.DataFrame) -> dict[str, str]:
    return dict(zip(keys["pseudonym_key"], keys["person_key"], strict=True))


def test_a_chain_of_links_never_joins_two_pseudonyms_of_one_delivery() -> None:
    # a and c are both in the 2019 register: two persons, though b links to each
    units = _units(
        [("a", 2015, ["reg2019"]), ("b", 2016, ["school2018"]), ("c", 2017, ["reg2019"])]
    )
    keys = _persons(resolve_keys(units, _pairs([("a", "b", 0.999), ("b", "c", 0.995)])))
    assert keys["a"] == keys["b"] == "a"
    assert keys["c"] == "c"


def test_the_stronger_link_wins_the_constraint() -> None:
    units = _units(
        [("a", 2015, ["reg2019"]), ("b", 2016, ["school2018"]), ("c", 2017, ["reg2019"])]
    )
    keys = _persons(resolve_keys(units, _pairs([("a", "b", 0.991), ("b", "c", 0.9999)])))
    assert keys["b"] == keys["c"] == "b"  # b was seen first (2016)
    assert keys["a"] == "a"


def test_key_is_the_member_seen_first_and_stays_when_a_new_year_arrives() -> None:
    units = _units([("x", 2014, ["reg2014"]), ("w", 2012, ["kita2012"]), ("q", 2013, ["reg2013"])])
    before = resolve_keys(units, _pairs([("w", "x", 0.999)]))
    assert _persons(before) == {"x": "w", "w": "w", "q": "q"}
    methods = dict(zip(before["pseudonym_key"], before["link_method"], strict=True))
    assert methods == {"x": "probabilistic", "w": "exact_pseudonym", "q": "exact_pseudonym"}
    # a new year: a new pseudonym (a misspelling in 2021) joins the cluster, keys stay
    later = pd.concat([units, _units([("n", 2021, ["school2021"])])], ignore_index=True)
    after = _persons(resolve_keys(later, _pairs([("w", "x", 0.999), ("n", "x", 0.995)])))
    assert after == {"x": "w", "w": "w", "q": "q", "n": "w"}


def test_only_linked_pairs_join() -> None:
    units = _units([("a", 2015, ["d1"]), ("b", 2016, ["d2"])])
    pairs = _pairs([("a", "b", 0.9)])
    pairs["decision"] = "review"
    keys = resolve_keys(units, pairs)
    assert _persons(keys) == {"a": "a", "b": "b"}
    assert keys["match_probability"].isna().all()
