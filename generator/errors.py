"""The one error type for bad data, and how problems are printed.

Every problem carries the file and a 1-based line and column, so that a contributor
can jump to it and GitHub can annotate the changed line of a pull request.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# Characters that must never reach a terminal or a page raw: C0 and C1 controls (terminal escape
# sequences, NUL) and the bidirectional overrides and isolates that reorder what a reader sees.
# Unicode's noncharacters (U+FDD0–U+FDEF and the last two code points of every plane): never text, and not
# allowed in XML (a feed holding U+FFFE is malformed).
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
UNSAFE_CHARACTERS = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069{NONCHARACTERS}]")


def character_kind(code: int) -> str:
    """What an unsafe character is, for a message: 'a control character', 'a bidirectional control', 'a
    noncharacter'."""
    if code <= 0x9F:
        return "a control character"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return "a noncharacter"
    return "a bidirectional control"


def printable(text: str) -> str:
    """``text`` with every unsafe character written as ``<U+001B>``, for terminals, logs and annotations."""
    return UNSAFE_CHARACTERS.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


class BuildError(Exception):
    """The site could not be built for a reason other than bad data (MkDocs failed, say)."""


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
        return printable(f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}")

    def as_github(self) -> str:
        # GitHub workflow commands need %, CR and LF escaped in the message and properties.
        def esc(text: str, *, prop: bool = False) -> str:
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            if prop:
                text = text.replace(":", "%3A").replace(",", "%2C")
            return text

        kind = "error" if self.severity == "error" else "warning"
        return printable(
            f"::{kind} file={esc(self.path, prop=True)},line={self.line},col={self.col}"
            f"::{esc(self.message)}"
        )


class DataError(Exception):
    """Raised when the data cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.as_text() for p in self.problems))


class UsageProblem(Exception):
    """A command cannot run as asked (a refused output directory, a bad environment variable).

    The CLI prints the message on one line and exits 2; nothing has been written.
    """


class Interrupted(BaseException):
    """SIGTERM or SIGINT arrived: unwind (stopping child processes, removing temporary folders) and exit.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` on the way swallows it.
    """

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signum)


def display_path(path: Path | str) -> str:
    """A path as a contributor would type it: relative to the working directory when possible."""
    path = Path(path)
    absolute, here = Path(os.path.abspath(path)), Path(os.getcwd())  # links are not followed: the path as written
    return absolute.relative_to(here).as_posix() if absolute.is_relative_to(here) else path.as_posix()
