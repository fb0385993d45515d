"""Exports for monitoring staff: transition tables and indicators of the published layer only.

`list_available(published)` names what can be exported; `export(request, ...)` writes CSV
and/or XLSX with German headers and explanations. Both raise `PublishError` with a German
message (and an exit code) when something is missing.
"""

from __future__ import annotations

from bildungspfade.exports.request import Request
from bildungspfade.exports.run import ExportResult, export, list_available
from bildungspfade.publish.errors import PublishError

__all__ = ["ExportResult", "PublishError", "Request", "export", "list_available"]
