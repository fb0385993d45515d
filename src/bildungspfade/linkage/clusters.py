"""Accepted pairs of pseudonyms -> person keys (docs/linkage.md, "Clusters and keys").

Pairs are joined strongest first. Two clusters are never joined when a delivery holds a
pseudonym of each: one file lists a person once, so two pseudonyms in it are two persons,
and a chain of links (A-B, B-C) may not join A and C against that either.

The person key of a cluster is the pseudonym key of its member seen first (earliest
reference year, then the smallest key). A new year's deliveries bring only later reference
years, so an existing cluster keeps its key; a new pseudonym that joins it takes that key;
only when a new link joins two existing clusters does the younger one take the older key.
"""

from __future__ import annotations

import pandas as pd


def resolve_keys(units: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per pseudonym: pseudonym_key, person_key, link_method (exact_pseudonym for a
    cluster's first member and for pseudonyms linked to nothing, probabilistic otherwise) and
    the match_probability of the link that joined it (NULL for exact_pseudonym).

    units: pseudonym_key, first_year, delivery_ids (list); pairs: score_pairs' output.
    """
    keys = units["pseudonym_key"].tolist()
    parent = {key: key for key in keys}
    deliveries = {
        key: set(ids) if ids is not None else set()
        for key, ids in zip(keys, units["delivery_ids"], strict=True)
    }
    members = {key: [key] for key in keys}
    joined_by: dict[str, float] = {}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    linked = pairs[pairs["decision"] == "linked"].sort_values(
        ["match_probability", "match_weight", "pseudonym_key_l", "pseudonym_key_r"],
        ascending=[False, False, True, True],
    )
    for left, right, probability in zip(
        linked["pseudonym_key_l"],
        linked["pseudonym_key_r"],
        linked["match_probability"],
        strict=True,
    ):
        a, b = root(left), root(right)
        if a == b or deliveries[a] & deliveries[b]:
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        parent[b] = a
        deliveries[a] |= deliveries.pop(b)
        members[a] += members.pop(b)
        for key in (left, right):
            joined_by[key] = max(joined_by.get(key, 0.0), float(probability))

    first_year = dict(zip(keys, units["first_year"], strict=True))
    person_key = {}
    for group in members.values():
        oldest = min(group, key=lambda k: (first_year[k], k))
        for key in group:
            person_key[key] = oldest
    out = pd.DataFrame({"pseudonym_key": keys})
    out["person_key"] = out["pseudonym_key"].map(person_key)
    out["link_method"] = [
        "exact_pseudonym" if key == person_key[key] else "probabilistic" for key in keys
    ]
    out["match_probability"] = [
        None if key == person_key[key] else joined_by.get(key) for key in keys
    ]
    # explicit types: an empty build (dbt --empty) must give the same columns
    return out.astype(
        {
            "pseudonym_key": "string",
            "person_key": "string",
            "link_method": "string",
            "match_probability": "float64",
        }
    )
