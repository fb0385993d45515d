"""Where the committed suites live and how they are read back (once per process)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import great_expectations as gx

from bildungspfade.settings import PROJECT_ROOT

SUITE_DIR = PROJECT_ROOT / "expectations"


def suite_path(dataset: str, directory: Path = SUITE_DIR) -> Path:
    return directory / f"{dataset}.json"


def render(suite: gx.ExpectationSuite) -> str:
    """The JSON text as committed: GX's own serialisation, stable key order, German umlauts."""
    return json.dumps(suite.to_json_dict(), indent=2, ensure_ascii=False) + "\n"


@cache
def load_suite(dataset: str) -> gx.ExpectationSuite:
    """Read the committed suite. Cached: ~250 deliveries per history share one parsed suite."""
    data = json.loads(suite_path(dataset).read_text(encoding="utf-8"))
    suite = gx.ExpectationSuite(**data)
    # GX logs and skips an expectation it cannot parse; a suite must never shrink silently.
    if len(suite.expectations) != len(data["expectations"]):
        raise ValueError(f"{suite_path(dataset)}: some expectations could not be parsed")
    return suite


@cache
def runtime_suite(dataset: str) -> gx.ExpectationSuite:
    """The committed suite as GX runs it: the same expectations, less the prose.

    GX rebuilds every expectation's configuration dozens of times per run, copying its `meta`
    each time; the runner only reads `meta.blocking` back from the results. Dropping the
    descriptions and notes here (not in the committed file) makes each run cheaper and changes
    no result: type, kwargs, mostly and severity are untouched.
    """
    data = load_suite(dataset).to_json_dict()
    for expectation in data["expectations"]:
        expectation["meta"] = {"blocking": expectation["meta"]["blocking"]}
        expectation.pop("description", None)
        expectation.pop("notes", None)
    suite = gx.ExpectationSuite(**data)
    if len(suite.expectations) != len(data["expectations"]):
        raise ValueError(f"{dataset}: some expectations could not be rebuilt")
    return suite
