"""The pathway (Sankey) labels of pub_pathways cover every code its steps can carry: the
school entry kinds of fct_transitions and the states of the state alphabet. A code without a
label would fall into „unbekannt / noch nicht erreicht“, which is meant for paths not yet
reached (13,370 of 13,855 entrants of a cohort group once did, under old entry-kind codes)."""

from __future__ import annotations

import csv

import yaml

from tests.dbt.conftest import PROJECT_ROOT
from tests.dbt.python_models import load

FALLBACK = "unbekannt / noch nicht erreicht"


def _pathways():
    return load("published/pub_pathways.py")


def _entry_kinds() -> list[str]:
    models = yaml.safe_load(
        (PROJECT_ROOT / "models/marts/transitions/_transitions__models.yml").read_text()
    )
    model = next(m for m in models["models"] if m["name"] == "fct_transitions")
    column = next(c for c in model["columns"] if c["name"] == "entry_kind")
    test = next(t for t in column["data_tests"] if "accepted_values" in t)
    return test["accepted_values"]["arguments"]["values"]


def _states(*stages: str) -> list[str]:
    path = next((PROJECT_ROOT / "seeds").rglob("state_alphabet.csv"))
    with path.open(encoding="utf-8") as f:
        return [row["state"] for row in csv.DictReader(f) if row["stage"] in stages]


def test_every_entry_kind_has_its_label() -> None:
    label = _pathways()._label
    kinds = _entry_kinds()
    assert kinds == ["regular", "early", "deferred"]
    assert {k: label("entry", k) for k in kinds} == {
        "regular": "fristgerecht eingeschult",
        "early": "vorzeitig eingeschult",
        "deferred": "nach Zurückstellung eingeschult",
    }
    assert label("entry", None) == FALLBACK  # not (yet) at school in the city


def test_every_grade5_and_first_step_state_has_its_label() -> None:
    label = _pathways()._label
    grade5 = _states("lower_secondary", "all_through", "special_needs")
    first_step = _states("vocational", "upper_secondary", "tertiary", "none", "censored")
    assert grade5 and first_step
    assert not [s for s in grade5 if label("grade5", s) == FALLBACK]
    assert not [s for s in first_step if label("first_step", s) == FALLBACK]
