"""Probabilistic linkage of pseudonyms (docs/linkage.md).

`comparisons` says what splink compares and how candidates are blocked; `scoring` trains the
model and scores candidate pairs of pseudonyms; `clusters` turns the accepted pairs into
person keys under the same-delivery constraint, stable when new years arrive.
"""

from .clusters import resolve_keys
from .scoring import LinkageSettings, score_pairs

__all__ = ["LinkageSettings", "resolve_keys", "score_pairs"]
