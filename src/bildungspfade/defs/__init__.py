"""Dagster definitions, auto-loaded by `dg` (one role-named module per kind of object)."""
