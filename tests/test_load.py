"""Bad input gets one clear message at its exact position, through the real command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator import load
from generator.errors import DataError
from generator.load import load_file, parse_text

from .conftest import SMALL, run_cli


def validate_file_text(workdir: Path, text: str | bytes, name: str = "extra.yaml") -> tuple[int, list[str]]:
    path = workdir / "data" / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    result = run_cli("validate")
    return result.code, result.lines


@pytest.mark.parametrize(
    "text, expected",
    [
        ("events:\n  - id: a\n    id: b\n", "data/extra.yaml:3:5: duplicate key 'id' (first at line 2, again at line 3); keep one"),
        ("x: &anchor 1\n", "data/extra.yaml:1:4: anchor '&anchor' is not allowed; write each value out in full"),
        ("facts: []\nevents: *x\n", "data/extra.yaml:2:9: alias '*x' is not allowed; write the value out in full"),
        ("<<: {facts: []}\n", "data/extra.yaml:1:1: merge key '<<' is not allowed; write the fields out in full"),
        ("facts: !!str x\n", "data/extra.yaml:1:8: tag 'tag:yaml.org,2002:str' is not allowed; quote the value if you mean text"),
        ("facts:\n\t- id: a\n", "data/extra.yaml:2:1: tab character in indentation; indent with spaces"),
        ("", "data/extra.yaml:1:1: file is empty; remove it, or add a mapping such as 'facts:' with a list of entries"),
        ("# only a comment\n", "data/extra.yaml:1:1: file holds no data (only comments?); add a mapping such as 'facts:'"),
        ("facts: []\n---\nevents: []\n", "data/extra.yaml:2:1: a second YAML document ('---') in one file; keep one document per file"),
        ("- id: a\n- id: b\n", "data/extra.yaml:1:1: the file is a list; it must be a mapping of sections such as 'facts:' or 'sources:'"),
        ("facts: [\n", "data/extra.yaml:2:1: YAML syntax error: did not find expected node content (while parsing a flow node)"),
        ("facts:\n  - id: \"open\n", "data/extra.yaml:3:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar that starts at line 2, column 9)"),
        ("bogus: []\n", "data/extra.yaml:1:1: unknown section 'bogus'; allowed: sources, entities, people, metrics, facts, events, statements, derived, comparisons, coverage"),
        ("facts:\n  - id: x\n    bell: \"a\x07\"\n", "data/extra.yaml:3:13: control character U+0007 is not allowed; delete it"),
    ],
)
def test_bad_yaml_is_reported_at_its_position(workdir: Path, text: str, expected: str) -> None:
    code, lines = validate_file_text(workdir, text)
    assert code == 1
    assert lines == [expected]


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"\xef\xbb\xbffacts: []\n", "data/extra.yaml:1:1: file starts with a byte-order mark (BOM); save it as UTF-8 without a BOM"),
        (b"facts: []\nevents: [\x00]\n", "data/extra.yaml:2:10: NUL byte in file; is it a binary file? Data files must be UTF-8 text"),
        (b"facts: []\nevents: ['caf\xe9']\n", "data/extra.yaml:2:14: invalid UTF-8 (byte 0xe9); save the file as UTF-8"),
    ],
)
def test_bad_bytes_are_reported_at_their_position(workdir: Path, raw: bytes, expected: str) -> None:
    code, lines = validate_file_text(workdir, raw)
    assert (code, lines) == (1, [expected])


@pytest.mark.parametrize(
    "date, message",
    [
        ("2024-13-45", "impossible date '2024-13-45': there is no month 13"),
        ("2023-02-29", "impossible date '2023-02-29': month 2 of 2023 has no day 29"),
    ],
)
def test_impossible_dates(workdir: Path, date: str, message: str) -> None:
    text = f"events:\n  - id: e\n    date: {date}\n    title: T\n    citations: [{{source: acme-note, quote: q}}]\n"
    code, lines = validate_file_text(workdir, text)
    assert (code, lines) == (1, [f"data/extra.yaml:3:11: {message}"])


def test_yaml_11_values_stay_text_and_are_typed_by_the_schema(workdir: Path) -> None:
    text = (
        "sources:\n  - id: norway\n    title: NO\n    publisher: yes\n    published: 2024-01-15\n"
        "    kind: news_report\n    language: no\n    archive: on\n    sha256: 0000000000000000000000000000000000000000000000000000000000000000\n    retrieved: 2025-01-01\n    note: 1:20\n"
    )
    path = workdir / "data" / "extra.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_file(path)
    assert loaded.data["sources"][0] == {
        "id": "norway", "title": "NO", "publisher": "yes", "published": "2024-01-15",
        "kind": "news_report", "language": "no", "archive": "on", "note": "1:20", "sha256": "0" * 64,
        "retrieved": "2025-01-01",
    }
    assert parse_text("a: 012\n", "x.yaml").data == {"a": "012"}
    result = run_cli("validate")
    assert result.code == 0, result.out


def test_wrong_type_message_says_to_quote(workdir: Path) -> None:
    text = "entities:\n  - id: y2k\n    name: 2000\n    kind: place\n"
    code, lines = validate_file_text(workdir, text)
    assert lines == ["data/extra.yaml:3:11: 'name' must be text, found the number 2000; quote the value: \"2000\""]


def test_value_written_as_words_is_refused(workdir: Path) -> None:
    text = (
        "facts:\n  - id: f\n    entity: acme\n    metric: valid-patents\n    period: 2023\n"
        "    value: 630 million\n    qualifier: exact\n    citations: [{source: acme-note, quote: q}]\n"
    )
    code, lines = validate_file_text(workdir, text)
    assert lines == [
        "data/extra.yaml:6:12: expected a plain number in the metric's unit (630000000, not '630 million' or "
        "'630,000,000'; remove any quotes), found '630 million'"
    ]


def test_size_cap(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 5_000)
    code, lines = validate_file_text(workdir, "facts: []\n" + "#" * 5_000 + "\n")
    assert (code, lines) == (1, ["data/extra.yaml:1:1: file is 5,011 bytes, over the 5,000-byte limit; split it into smaller files"])


@pytest.mark.parametrize("parser", ["c", "python"])
@pytest.mark.parametrize("depth", [40, 2_000, 100_000])
def test_deep_nesting_is_refused_without_crashing(monkeypatch: pytest.MonkeyPatch, parser: str, depth: int) -> None:
    if parser == "python":
        monkeypatch.setattr(load, "_Parser", yaml.SafeLoader)
    text = "facts: " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(DataError) as info:
        parse_text(text, "deep.yaml")
    assert [p.as_text() for p in info.value.problems] == [
        "deep.yaml:1:39: nesting deeper than 32 levels; data files never need this"
    ]


def test_every_problem_is_reported_in_one_run(workdir: Path) -> None:
    (workdir / "data" / "a.yaml").write_text("facts: [\n", encoding="utf-8")
    (workdir / "data" / "b.yaml").write_bytes(b"\xef\xbb\xbffacts: []\n")
    result = run_cli("validate")
    assert result.code == 1
    assert [line.split(":")[0] for line in result.lines] == ["data/a.yaml", "data/b.yaml"]


def test_github_format(workdir: Path) -> None:
    (workdir / "data" / "extra.yaml").write_text("events:\n  - id: a\n    id: b\n", encoding="utf-8")
    result = run_cli("validate", "--format", "github")
    assert result.lines == [
        "::error file=data/extra.yaml,line=3,col=5::duplicate key 'id' (first at line 2, again at line 3); keep one"
    ]


def test_usage_errors_exit_2(workdir: Path) -> None:
    assert run_cli("validate", "--no-such-option").code == 2
    assert run_cli("validate", "--archive", "does-not-exist").code == 2
    assert run_cli("frobnicate").code == 2


def test_missing_data_directory(workdir: Path) -> None:
    result = run_cli("validate", "--data", "nowhere")
    assert (result.code, result.lines) == (1, ["nowhere:1:1: data directory not found; pass --data DIR"])


@pytest.mark.parametrize("escape, code, what", [
    ("\\e", "001B", "a control character"), ("\\a", "0007", "a control character"), ("\\0", "0000", "a control character"),
    ("\\x9b", "009B", "a control character"), ("\\r", "000D", "a control character"),
    ("\\u202e", "202E", "a bidirectional control"), ("\\u2066", "2066", "a bidirectional control"),
    ("\\u200f", "200F", "a bidirectional control"), ("\\ufffe", "FFFE", "a noncharacter"),
    ("\\uffff", "FFFF", "a noncharacter"), ("\\ufdd0", "FDD0", "a noncharacter"),
    ("\\U0010fffe", "10FFFE", "a noncharacter"),
])
def test_escapes_cannot_smuggle_control_or_bidi_characters(workdir: Path, escape: str, code: str, what: str) -> None:
    """YAML escapes in double-quoted text are refused at the value's position, and never printed raw."""
    (workdir / "data" / "extra.yaml").write_text(
        f'entities:\n  - id: e\n    name: "Acme{escape}[31m evil"\n    kind: organisation\n', encoding="utf-8")
    result = run_cli("validate")
    assert (result.code, result.lines) == (1, [
        f"data/extra.yaml:3:11: U+{code} ({what}) is not allowed in data: "
        + ("it is not text, and XML (the feed) cannot hold it" if what == "a noncharacter" else "it can hide or reorder text")
        + "; delete it"])


def test_a_literal_bidi_override_is_refused_too(workdir: Path) -> None:
    (workdir / "data" / "extra.yaml").write_text(
        "sources:\n  - id: s\n    title: \"x\"\n    publisher: p\n    published: unknown\n    kind: report\n"
        "    language: en\n    url: https://example.org/\u202egnp.exe\n    archive: a.txt\n    sha256: 0000000000000000000000000000000000000000000000000000000000000000\n    retrieved: 2025-01-01\n", encoding="utf-8")
    result = run_cli("validate")
    assert result.lines == [
        "data/extra.yaml:8:10: U+202E (a bidirectional control) is not allowed in data: it can hide or reorder text; delete it"]


def test_messages_never_print_control_characters() -> None:
    from generator.errors import Problem

    problem = Problem("data/\x1b[2Jx.yaml", 1, 1, "'\x1b]0;pwned\x07' is not a valid id \u202e")
    assert problem.as_text() == "data/<U+001B>[2Jx.yaml:1:1: '<U+001B>]0;pwned<U+0007>' is not a valid id <U+202E>"
    assert "\x1b" not in problem.as_github() and "\u202e" not in problem.as_github()


def test_symlink_loops_and_dangling_links_are_messages(workdir: Path) -> None:
    data = workdir / "data"
    (data / "loop").mkdir()
    (data / "loop" / "again").symlink_to("..")  # a folder link: not entered, so no loop
    (data / "self.yaml").symlink_to("self.yaml")
    (data / "gone.yml").symlink_to("nowhere.yml")
    result = run_cli("validate")
    assert result.code == 1
    assert result.lines == [
        "data/gone.yml:1:1: cannot read file: No such file or directory; fix or remove the link",
        "data/loop/again:1:1: warning: folder is a symbolic link and is not read; move its files into the data directory",
        "data/self.yaml:1:1: cannot read file: Too many levels of symbolic links; fix or remove the link",
    ]


def test_positions_are_read_again_after_the_store_lets_them_go(tmp_path: Path) -> None:
    """A large store drops each file's positions once loaded; a later problem still points at its line,
    and at line 1 (never a wrong line) when the file has changed since."""
    from generator.store import load_store

    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    store = load_store(data)
    origin = store.origins["acme-licensing-2023"]
    assert origin.file.released and origin.file.values == {}
    problem = origin.problem("value", message="checked later")
    text = (data / "facts.yaml").read_text(encoding="utf-8").splitlines()
    assert "value:" in text[problem.line - 1] and problem.col > 1
    store = load_store(data)
    (data / "facts.yaml").write_text("\n\n" + "\n".join(text) + "\n", encoding="utf-8")  # lines move
    moved = store.origins["acme-licensing-2023"].problem("value", message="checked later")
    assert (moved.line, moved.col) == (1, 1)


@pytest.mark.parametrize(("command", "option"), [("validate", "--data"), ("validate", "--archive"), ("build", "--work")])
def test_a_symbolic_link_to_itself_is_a_usage_error(workdir: Path, command: str, option: str) -> None:
    (workdir / "loop").symlink_to("loop")
    result = run_cli(command, option, "loop")
    assert result.code == 2
    assert (f"Invalid value for '{option}': 'loop' is a symbolic link that leads back to itself; point it at a "
            "directory, or pass the directory itself") in result.err
