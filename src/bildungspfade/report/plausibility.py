"""The Datenstand's plausibility part: the warnings of published.pub_plausibility_warnings.

Shares and thresholds only (the published table carries no count); the checks and their
thresholds are described in README, "Plausibility warnings".
"""

from __future__ import annotations

from bildungspfade.publish.plausibility import PlausibilityWarning, lines_de
from bildungspfade.report.html import esc


def warnings_part(warnings: list[PlausibilityWarning]) -> str:
    """A heading, one sentence and, if there are any, the warnings as a list."""
    overall, *messages = lines_de(warnings)
    items = "".join(f"<li>{esc(message)}</li>" for message in messages)
    listed = f'<ul class="plausibility">{items}</ul>' if items else ""
    return (
        '<div id="plausibilitaet"><h3>Plausibilitätsprüfungen</h3>'
        f"<p>{esc(overall)}</p>{listed}</div>"
    )
