"""The one error type of readers of the published copy (exports, the report): a German
message for monitoring staff."""

from __future__ import annotations

EXIT_UNAVAILABLE = 1  # the published copy is missing, unreadable or not as the contract says
EXIT_REQUEST = 2  # the request names something that is not published


class PublishError(Exception):
    """A problem the reader can act on. `message` is German and names what to do."""

    def __init__(self, message: str, exit_code: int = EXIT_REQUEST) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
