"""The disclosure step reports its progress with what is left (issues 16 and 18): audit units
done of the total, elapsed seconds, an estimate of the seconds left; in one process and with
worker processes; in the dbt log and `bildungspfade run`'s output of the core build."""

from __future__ import annotations

import re

import pytest

from bildungspfade.disclosure import DisclosureSettings, protect
from bildungspfade.disclosure import progress as progress_module
from tests.disclosure.disclosure_cases import three_years

DONE = re.compile(r"(\d+)/(\d+) audit units done, \d+ s elapsed(, about \d+ s left)?$")


@pytest.mark.parametrize("workers", [1, 2])
def test_protect_reports_units_done_and_left(monkeypatch, workers):
    from bildungspfade.disclosure import engine

    monkeypatch.setattr(engine, "PARALLEL_MIN_CASES", 0)
    # every unit reported, not one line per ten seconds
    monkeypatch.setattr(progress_module, "EVERY_SECONDS", 0.0)
    lines: list[str] = []
    protect(three_years(), DisclosureSettings(workers=workers), progress=lines.append)
    assert lines[0].startswith(f"suppression, {workers} process(es): 3 audit unit(s)")
    done = [DONE.match(line) for line in lines[1:]]
    assert all(done), lines
    assert [int(m.group(1)) for m in done] == [1, 2, 3]
    assert all(int(m.group(2)) == 3 for m in done)
    assert done[-1].group(3) is None and all(m.group(3) for m in done[:-1])


def test_progress_is_throttled_but_the_last_unit_always_reported():
    lines: list[str] = []
    tracker = progress_module.UnitProgress(lines.append, units=50, rows=5000, what="x")
    for _ in range(50):
        tracker.unit_done(100)
    assert len(lines) == 2 and lines[-1].startswith("50/50 audit units done")


def test_a_step_reports_its_start_and_its_seconds():
    lines: list[str] = []
    step = progress_module.Step(lines.append, "counting")
    assert lines == ["counting"]
    step.done("12 cells counted")
    assert len(lines) == 2 and re.fullmatch(r"12 cells counted in \d+\.\d s", lines[1])


def test_run_output_and_dbt_log_show_the_disclosure_progress(core_warehouse):
    """`bildungspfade run` passes the models' progress lines on from dbt's log."""
    shown = [line.strip() for line in core_warehouse.output.splitlines()]
    prefix = progress_module.PREFIX
    assert any(line.startswith(f"{prefix} fct_indicator_cells: ") for line in shown)
    # the default method counts in one SQL pass: a line when it starts and when it is done
    assert any(line.startswith(f"{prefix} pub_pathways: Cell Key Method") for line in shown)
    assert any(
        re.match(rf"{prefix} pub_pathways: links of \d+ cohort groups counted in [\d.]+ s$", line)
        for line in shown
    )
    log = core_warehouse.warehouse.with_name(core_warehouse.warehouse.name + ".dbt.log")
    assert f"{prefix} fct_indicator_cells: cells of " in log.read_text()
