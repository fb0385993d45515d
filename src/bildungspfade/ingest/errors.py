"""The one exception that means "this delivery is bad", as opposed to a bug or an IO error."""

from __future__ import annotations


class Rejected(Exception):
    """A file that breaks the delivery contract as a whole. `reason` names file and rule;
    `rows` is how many data rows the file held, as far as they could be counted."""

    def __init__(self, reason: str, rows: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.rows = rows
