"""Strict YAML → plain Python data, with the 1-based line and column of every key and value.

We read libyaml's event stream (the C parser when available) and compose the tree ourselves,
so that we control what PyYAML would otherwise decide silently:

* duplicate keys are errors naming both lines (PyYAML keeps the last one);
* anchors, aliases, merge keys and explicit tags are errors;
* scalars are typed by a small YAML 1.2-style resolver: only ``true``/``false``, ``null``/``~``,
  decimal integers and decimal floats are anything but text. ``NO``, ``on``, ``1:20``, ``012``
  and ``2024-01-15`` stay text, and the schema decides what they mean;
* nesting depth and file size are capped, and composing is iterative, so hostile input can
  neither crash nor exhaust the process.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import UNSAFE_CHARACTERS, DataError, Problem, character_kind, display_path

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)")
_SPECIAL_FLOATS = {".nan": float("nan"), ".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf")}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Python refuses to turn longer digit strings into an int; no figure needs more than this many digits.
MAX_INTEGER_DIGITS = 30

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    line: int
    col: int


@dataclass
class LoadedFile:
    """One YAML file as plain data, plus where each key and value was written."""

    path: str
    data: dict[str, Any]
    values: dict[Loc, Mark] = field(default_factory=dict)
    keys: dict[Loc, Mark] = field(default_factory=dict)
    file: Path | None = None  # where it was read from, to read the positions again after release()
    digest: bytes = b""  # of the bytes read, so positions are read again only from the same text
    released: bool = False

    def release(self) -> None:
        """Drop the parsed data and the positions: most of a large data set's memory once the store holds
        its typed entries. A later problem's position reads the file again (see :meth:`where`)."""
        self.data, self.values, self.keys, self.released = {}, {}, {}, True

    def hold(self) -> None:
        """Read the positions back now, while the file is there (before a temporary copy goes away)."""
        if self.released:
            self._reread()

    def _reread(self) -> None:
        self.released = False
        try:
            raw = self.file.read_bytes() if self.file else b""
            if self.file and hashlib.blake2b(raw).digest() == self.digest:
                again = load_file(self.file)
                self.values, self.keys = again.values, again.keys
        except (OSError, DataError):
            pass  # changed or gone since it was loaded: problems point at line 1

    def where(self, loc: Loc, *, key: bool = False) -> Mark:
        """The position of ``loc``, or of its nearest written ancestor."""
        if self.released:
            self._reread()
        table = self.keys if key else self.values
        for end in range(len(loc), -1, -1):
            prefix = tuple(loc[:end])
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return Mark(1, 1)

    def problem(self, loc: Loc, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        mark = self.where(loc, key=key)
        return Problem(self.path, mark.line, mark.col, message, severity)


def resolve_plain(text: str) -> Any:
    """Type an unquoted scalar. Everything not unambiguously a number, boolean or null is text."""
    if text in ("", "~", "null"):
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.fullmatch(text):
        # A longer run of digits is kept as a float (inf when huge) so the schema can refuse it by size.
        return int(text) if len(text) <= MAX_INTEGER_DIGITS else float(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    return text


def _position_of_offset(text: str, offset: int) -> Mark:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Mark(line, col)


def _check_raw(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Byte-level checks that must pass before the YAML parser sees the text."""
    def at(line: int, col: int, message: str) -> list[Problem]:
        return [Problem(path, line, col, message)]

    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None, at(1, 1, "file starts with a byte-order mark (BOM); save it as UTF-8 without a BOM")
    nul = raw.find(b"\x00")
    if nul >= 0:
        prefix = raw[:nul].decode("utf-8", errors="replace")
        mark = _position_of_offset(prefix, len(prefix))
        return None, at(mark.line, mark.col, "NUL byte in file; is it a binary file? Data files must be UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", errors="replace")
        mark = _position_of_offset(prefix, len(prefix))
        return None, at(mark.line, mark.col, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
    if not text.strip():
        return None, at(1, 1, "file is empty; remove it, or add a mapping such as 'facts:' with a list of entries")
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        tab = line.find("\t", 0, indent)
        if tab >= 0:
            problems.append(Problem(path, number, tab + 1, "tab character in indentation; indent with spaces"))
        bad = _CONTROL.search(line)
        if bad:
            problems.append(Problem(path, number, bad.start() + 1, f"control character U+{ord(bad.group()):04X} is not allowed; delete it"))
    return (None if problems else text), problems


class _Composer:
    """Builds plain data from parser events, recording positions and rejecting what we forbid."""

    def __init__(self, path: str):
        self.path = path
        self.values: dict[Loc, Mark] = {}
        self.keys: dict[Loc, Mark] = {}
        self.problems: list[Problem] = []

    def fail(self, mark: Mark, message: str) -> None:
        self.problems.append(Problem(self.path, mark.line, mark.col, message))

    def check_characters(self, value: str, mark: Mark) -> None:
        """Escapes in quoted text ("\\e", "\\0", "\\u202e") must not smuggle in what the raw-text check refuses."""
        bad = UNSAFE_CHARACTERS.search(value)
        if bad:
            code = ord(bad.group())
            kind = character_kind(code)
            harm = "it is not text, and XML (the feed) cannot hold it" if kind == "a noncharacter" else \
                "it can hide or reorder text"
            self.fail(mark, f"U+{code:04X} ({kind}) is not allowed in data: {harm}; delete it")

    def compose(self, text: str) -> Any:
        root: list[Any] = []
        # Each frame: [container, loc, pending key or None, {key: Mark}]
        stack: list[list[Any]] = []
        documents = 0

        def place(value: Any, mark: Mark) -> Loc | None:
            if not stack:
                root.append(value)
                self.values[()] = mark
                return ()
            frame = stack[-1]
            container, loc = frame[0], frame[1]
            if isinstance(container, list):
                here = loc + (len(container),)
                container.append(value)
            else:
                if frame[2] is None:  # this scalar is a key
                    return None
                here = loc + (frame[2],)
                container[frame[2]] = value
                frame[2] = None
            self.values[here] = mark
            return here

        for event in yaml.parse(text, Loader=_Parser):
            mark = Mark(event.start_mark.line + 1, event.start_mark.column + 1)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.fail(mark, "a second YAML document ('---') in one file; keep one document per file")
                    return None
                continue
            if isinstance(event, yaml.AliasEvent):
                self.fail(mark, f"alias '*{event.anchor}' is not allowed; write the value out in full")
                return None
            if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.anchor is not None:
                    self.fail(mark, f"anchor '&{event.anchor}' is not allowed; write each value out in full")
                    return None
                if event.tag is not None:
                    self.fail(mark, f"tag '{event.tag}' is not allowed; quote the value if you mean text")
                    return None
            if isinstance(event, yaml.ScalarEvent):
                self.check_characters(event.value, mark)
                frame = stack[-1] if stack else None
                if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
                    key = event.value
                    if not event.style and key == "<<":
                        self.fail(mark, "merge key '<<' is not allowed; write the fields out in full")
                        return None
                    seen = frame[3]
                    if key in seen:
                        first = seen[key]
                        self.fail(mark, f"duplicate key '{key}' (first at line {first.line}, again at line {mark.line}); keep one")
                    else:
                        seen[key] = mark
                    frame[2] = key
                    self.keys[frame[1] + (key,)] = mark
                    continue
                value = resolve_plain(event.value) if not event.style else event.value
                place(value, mark)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    self.fail(mark, f"nesting deeper than {MAX_DEPTH} levels; data files never need this")
                    return None
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    self.fail(mark, "a mapping key must be plain text, not a list or mapping")
                    return None
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                loc = place(container, mark)
                stack.append([container, loc, None, {}])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
        return root[0] if root else None


def parse_text(text: str, path: str) -> LoadedFile:
    """Parse YAML text that passed the byte-level checks."""
    composer = _Composer(path)
    try:
        data = composer.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        detail = exc.problem or "invalid YAML"
        if exc.context:
            detail = f"{detail} ({exc.context}"
            context = exc.context_mark
            if context is not None and (context.line, context.column) != (mark.line, mark.column):
                detail += f" that starts at line {context.line + 1}, column {context.column + 1}"
            detail += ")"
        raise DataError([Problem(path, where.line, where.col, f"YAML syntax error: {detail}")]) from None
    except yaml.reader.ReaderError as exc:
        where = _position_of_offset(text, exc.position)
        raise DataError([Problem(path, where.line, where.col, f"unreadable character: {exc.reason}")]) from None
    except yaml.YAMLError as exc:  # any other parser complaint, without a mark
        raise DataError([Problem(path, 1, 1, f"YAML error: {exc}")]) from None
    if composer.problems:
        raise DataError(composer.problems)
    if data is None:
        raise DataError([Problem(path, 1, 1, "file holds no data (only comments?); add a mapping such as 'facts:'")])
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise DataError([Problem(path, 1, 1, f"the file is {kind}; it must be a mapping of sections such as 'facts:' or 'sources:'")])
    return LoadedFile(path, data, composer.values, composer.keys)


def load_file(path: Path) -> LoadedFile:
    """Read one data file strictly; raise DataError with positions for anything wrong."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        # Checked before reading, so a huge file is never loaded into memory.
        if size > MAX_FILE_BYTES:
            raise DataError([Problem(shown, 1, 1, f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; split it into smaller files")])
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(shown, 1, 1, f"cannot read file: {exc.strerror}")]) from None
    text, problems = _check_raw(raw, shown)
    if problems:
        raise DataError(problems)
    assert text is not None
    loaded = parse_text(text, shown)
    loaded.file, loaded.digest = path, hashlib.blake2b(raw).digest()
    return loaded
