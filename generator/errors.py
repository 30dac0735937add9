"""The one error type for bad data, and how problems are printed.

Every problem carries the file and a 1-based line and column, so that a contributor
can jump to it and GitHub can annotate the changed line of a pull request.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, at a position in a file."""

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"  # "error" or "warning"

    def as_text(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"

    def as_github(self) -> str:
        # GitHub workflow commands need %, CR and LF escaped in the message and properties.
        def esc(text: str, *, prop: bool = False) -> str:
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            if prop:
                text = text.replace(":", "%3A").replace(",", "%2C")
            return text

        kind = "error" if self.severity == "error" else "warning"
        return (
            f"::{kind} file={esc(self.path, prop=True)},line={self.line},col={self.col}"
            f"::{esc(self.message)}"
        )


class DataError(Exception):
    """Raised when the data cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.as_text() for p in self.problems))


def display_path(path: Path | str) -> str:
    """A path as a contributor would type it: relative to the working directory when possible."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
