"""`python -m bildungspfade.generate --check` (make lint) covers every generated file."""

from __future__ import annotations

from bildungspfade.generate import __main__ as generate
from bildungspfade.generate import files, indicator_cases, registry
from bildungspfade.generate import suites as build_suites
from bildungspfade.settings import PROJECT_ROOT


def test_committed_generated_files_are_current():
    assert generate.main(["--check"]) == 0


def test_check_covers_registry_suites_and_indicator_cases(monkeypatch):
    # A drift in any one generator's files must fail the combined check.
    for module, root in (
        (registry, PROJECT_ROOT),
        (build_suites, build_suites.SUITE_DIR),
        (indicator_cases, PROJECT_ROOT),
    ):
        original = module.files_in
        some_path = next(iter(original(root)))

        def drifted(folder, original=original, some_path=some_path):
            out = dict(original(folder))
            out[some_path] = out[some_path] + "-- drift\n"
            return out

        monkeypatch.setattr(module, "files_in", drifted)
        assert generate.main(["--check"]) == 1, module.__name__
        monkeypatch.setattr(module, "files_in", original)
    assert files.stale({}) == []
