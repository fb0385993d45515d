"""The faster kwargs lookups of quality.gx_kwargs return what GX's own methods return.

If a GX upgrade changes the methods the module replaces, `install()` refuses and the first test
fails: check the new GX source, then update the module and its digests.
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from great_expectations.expectations.expectation import Expectation

from bildungspfade.quality import engine, gx_kwargs, validate_delivery
from bildungspfade.quality.store import runtime_suite
from bildungspfade.spec import DATASETS
from tests.quality.quality_frames import clean_frame


def test_installed_on_the_locked_gx_version():
    engine.batch_definition()
    assert gx_kwargs.install()
    assert gx_kwargs.installed()


def _expectations(dataset: str):
    for expectation in runtime_suite(dataset).expectations:
        configuration = copy.deepcopy(expectation.configuration)
        configuration.kwargs["batch_id"] = "deliveries-delivery"  # as the validator adds it
        yield configuration.to_domain_obj()


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_lookups_equal_gx_own_for_every_expectation(dataset):
    gx_kwargs.install()
    runtime = {"result_format": dict(engine.RESULT_FORMAT), "catch_exceptions": True}
    for expectation in _expectations(dataset):
        for name, args in (
            ("_get_domain_kwargs", ()),
            ("_get_success_kwargs", ()),
            ("_get_runtime_kwargs", ()),
            ("_get_runtime_kwargs", (runtime,)),
        ):
            mine = getattr(expectation, name)(*args)
            theirs = gx_kwargs.original(name)(expectation, *args)
            assert mine == theirs, (dataset, expectation.expectation_type, name)
        keys = {*expectation.domain_keys, *expectation.success_keys, *expectation.runtime_keys}
        for key in sorted(keys) + ["no_such_key"]:
            mine = expectation._get_success_kwarg(key, "default")
            theirs = gx_kwargs.original("_get_success_kwarg")(expectation, key, "default")
            assert mine == theirs, (dataset, expectation.expectation_type, key)


def test_outcomes_equal_with_gx_own_methods(monkeypatch):
    frame = clean_frame("schueler", n=300)
    frame.loc[::7, "schulform"] = "XX"  # failures and counts to compare, not only passes
    frame.loc[::11, "jahrgang"] = "99"
    frame = pd.concat([frame, frame.head(5)], ignore_index=True)  # duplicates
    gx_kwargs.install()
    faster = validate_delivery("schueler", frame, 250)
    for name in gx_kwargs.REPLACEMENTS:
        monkeypatch.setattr(Expectation, name, gx_kwargs.original(name))
    assert not gx_kwargs.installed()
    assert validate_delivery("schueler", frame, 250) == faster
    assert any(not o["success"] for o in faster)
