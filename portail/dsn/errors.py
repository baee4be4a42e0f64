"""The one exception of the DSN reader, and the non-fatal anomalies it collects."""

from __future__ import annotations

from dataclasses import dataclass


class DsnError(ValueError):
    """The file cannot be used: `message` is French and shown to the member as is, `line` is 1-based.

    Messages never quote a NIR or a name, so they can be logged and shown without leaking identity data.
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"Ligne {line} : {message}" if line else message)


@dataclass(frozen=True, slots=True)
class Anomaly:
    """Something to show in the preview without refusing the file (an invalid NIR, an unknown birth day)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"Ligne {self.line} : {self.message}"
