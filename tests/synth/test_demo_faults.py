"""The default synthetic municipality of `bildungspfade synth` (what `make demo` loads)
includes one rejected delivery: a Berufskolleg file cut off in transfer. Tests' own cities
(FaultRates()) stay without it; --no-faults and --no-rejected-file leave it out."""

from __future__ import annotations

import argparse

import pytest

from bildungspfade.synth.command import add_arguments, config_from_args
from bildungspfade.synth.config import FaultRates, SynthConfig
from bildungspfade.synth.generate import plan_file_faults


def _config(*argv: str) -> SynthConfig:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return config_from_args(parser.parse_args(list(argv)))


def test_the_default_demo_has_one_truncated_berufskolleg_file():
    cfg = _config()
    assert cfg.faults.truncated_file
    assert not cfg.faults.missing_column
    planned = plan_file_faults(cfg)
    dataset, year = planned.truncated
    assert dataset == "berufskolleg"
    assert cfg.first_year < year < cfg.last_year
    # the README names it: berufskolleg_2018-10-15.csv in the default municipality
    assert year == 2018


@pytest.mark.parametrize("flag", ["--no-faults", "--no-rejected-file"])
def test_the_rejected_file_can_be_left_out(flag):
    assert not _config(flag).faults.truncated_file


def test_the_library_default_has_no_file_fault():
    assert not FaultRates().truncated_file
    assert plan_file_faults(SynthConfig()).truncated is None
