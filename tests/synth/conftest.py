"""Small synthetic municipalities shared by the generator's tests (generated once per session)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bildungspfade.synth.config import FaultRates, SynthConfig
from bildungspfade.synth.generate import Progress, generate

SMALL = SynthConfig(scale=0.04, first_year=2014, last_year=2019, seed=7)


def make(tmp_path_factory, name: str, cfg: SynthConfig) -> Path:
    out = tmp_path_factory.mktemp(name)
    generate(cfg, out, Progress(quiet=True))
    return out


@pytest.fixture(scope="session")
def small(tmp_path_factory) -> Path:
    """Faults on at default rates, plus the truncated file and the missing column."""
    faults = replace(FaultRates(), truncated_file=True, missing_column=True)
    return make(tmp_path_factory, "small", replace(SMALL, faults=faults))


@pytest.fixture(scope="session")
def small_clk(tmp_path_factory) -> Path:
    return make(
        tmp_path_factory, "clk", replace(SMALL, with_clk=True, first_year=2018, last_year=2019)
    )
