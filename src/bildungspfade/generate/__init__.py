"""Files generated from the project's own lists and committed beside the code.

spec.py gives the dbt side of the datasets (`registry`) and the expectation suites
(`bildungspfade.generate.suites`); the indicator catalogue gives the case models that
fct_indicator_cases unions (`indicator_cases`). `python -m bildungspfade.generate` writes them
all; with --check it only compares (make lint), so CI fails when a committed file drifted.
"""
