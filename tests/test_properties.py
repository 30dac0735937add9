"""Whatever text a contributor writes, the loader answers with DataError, never anything else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import DataError
from generator.load import load_file, parse_text
from generator.schema_errors import validate_file

YAML_ALPHABET = st.sampled_from(list("abc:-[]{}#&*!|>'\"%@`,?\n\t 0123456789.~<=\\") + ["\u00e9", "\ufeff", "\x00", "\x85"])


def _load_and_type(text: str) -> None:
    try:
        loaded = parse_text(text, "fuzz.yaml")
    except DataError as exc:
        assert all(p.line >= 1 and p.col >= 1 for p in exc.problems)
        return
    validate_file(loaded)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=YAML_ALPHABET, max_size=80))
def test_yaml_like_text_raises_only_data_error(text: str) -> None:
    _load_and_type(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_raises_only_data_error(text: str) -> None:
    _load_and_type(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=60))
def test_arbitrary_bytes_raise_only_data_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(raw)
    try:
        loaded = load_file(path)
    except DataError:
        return
    validate_file(loaded)


_folders = st.lists(st.sampled_from(["metrics", "sources", "x", "a"]), max_size=3)
_file = st.sampled_from(["index.md", "a.md", "x.md"])


@given(_folders, _file, _folders, _file)
def test_page_links_agree_with_relpath(page_dirs: list[str], page: str, target_dirs: list[str], target: str) -> None:
    """Links between pages (files, never folders) are what posixpath.relpath would make."""
    import posixpath

    from generator.render.tables import Page

    here, there = "/".join(page_dirs + [page]), "/".join(target_dirs + [target])
    assert Page(here).href(there) == posixpath.relpath(there, posixpath.dirname(here) or ".")


class _Tags(__import__("html.parser").parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001 - HTMLParser's signature
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# Each place a template puts data, and the tags that place makes by itself.
POSITIONS = {
    "{t}": {"p"},
    "# {t}": {"h1"},
    "Text before\n{t}": {"p"},
    "| Head |\n| --- |\n| {t} |": {"table", "thead", "tbody", "tr", "th", "td"},
    "x[^n]\n\n[^n]: {t}": {"p", "sup", "a", "div", "hr", "ol", "li"},
    "!!! note\n    {t}": {"div", "p"},
    "- {t}": {"ul", "li"},
    "**{t}** for 2024": {"p", "strong"},
    "See [{t}](x.md).": {"p", "a"},
}
BLOCK_STARTS = ["# ", "1986. ", "- ", "+ ", "* ", "> ", "    ", "\t", "---", "===", "| ", "C#", "*nix", "#", "## x ##",
                "-", "=", "1. ", "2024.", "!!! ", "[^1]: ", ":", "~~~", "```", "<!-- ", "&#35;"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(POSITIONS)), st.sampled_from(BLOCK_STARTS),
       st.text(alphabet=st.sampled_from(list("ab #-+*>|=._1\t`~[]:!")), max_size=12))
def test_text_starting_like_markdown_stays_text_in_every_position(position: str, start: str, rest: str) -> None:
    """Text that starts like a heading, list, quote, code block, rule or table is shown as typed."""
    import markdown

    from generator.render.escape import escape_text

    text = start + rest
    html = markdown.markdown(position.format(t=escape_text(text)),
                             extensions=["tables", "footnotes", "admonition", "toc", "attr_list"])
    parsed = _Tags()
    parsed.feed(html)
    assert set(parsed.tags) <= POSITIONS[position], html
    shown = " ".join("".join(parsed.text).split())
    assert " ".join(text.split()) in shown, html


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80)
       | st.sampled_from(["<script>x</script>", "[a](javascript:x)", "![i](x)", "*a* _b_ `c`", "<!--", "&amp;",
                          "{: .x }", "[^1]", "!!! note", "| a | b |", "\\", "<http://x>", "a  \nb", "**", "__init__"]))
def test_escaped_text_renders_as_itself(text: str) -> None:
    """Whatever the data says, Python-Markdown (as MkDocs runs it) shows exactly that text and no markup."""
    import markdown

    from generator.render.escape import escape_text

    html = markdown.markdown(f"x {escape_text(text)} y", extensions=["tables", "footnotes", "admonition", "toc", "attr_list"])
    parsed = _Tags()
    parsed.feed(html)
    assert parsed.tags in ([], ["p"]), html
    shown = " ".join("".join(parsed.text).split())
    assert shown == " ".join(f"x {text} y".split()), html
