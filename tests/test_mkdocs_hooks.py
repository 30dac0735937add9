"""The MkDocs hooks change how long a build takes, never what it builds."""

from __future__ import annotations

import json
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser

from generator import mkdocs_hooks as hooks
from generator.engines import mkdocs_config, run_mkdocs

from .conftest import ROOT, run_cli, seeds_dir
from .test_site import tree

EXTENSIONS = {"extensions": ["toc", "tables", "footnotes", "admonition"], "extension_configs": {"toc": {"permalink": True}}}


def convert(text: str) -> str:
    return markdown.Markdown(**EXTENSIONS).convert(text)


def convert_around(text: str) -> str:
    """What the page becomes when its blocks go around Python-Markdown."""
    text, blocks = hooks.split_blocks(text)
    return hooks.join_blocks(convert(text), blocks)


def indexed(html: str) -> list[tuple[str, str, str | None, bool]]:
    """The sections Material's search indexer makes of ``html``: title, text, anchor, excluded."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [("".join(s.title), "".join(s.text), s.id, s.is_excluded()) for s in parser.data]


# ---------------------------------------------------------------------------------------- around Markdown

def test_a_block_is_taken_only_where_markdown_certainly_passes_it_through() -> None:
    text = ('Intro\n\n<div class="a"><div>nested</div>\n</div>\n\nText <mark>inline</mark>\n\n<figure>x</figure>\n\n'
            "    <div>indented: code</div>\n\n<table><tr><td>x</td></tr></table>\nno blank line after\n\n"
            "<div>after a block left to Markdown</div>\n")
    rest, blocks = hooks.split_blocks(text)
    assert blocks == ['<div class="a"><div>nested</div>\n</div>\n', "<figure>x</figure>\n"]
    assert "indented: code" in rest and "<table>" in rest and "after a block left to Markdown" in rest
    assert convert_around(text) == convert(text)


@pytest.mark.parametrize("text", [
    "<div>tab\tinside</div>\n",
    "<div>\n   \n</div>\n",
    "<div>&#160 without its semicolon</div>\n",
    "<div><script>x</script></div>\n",
    "<div><!-- a -- b --></div>\n",
    "```\n\n<div>in a fence</div>\n\n```\n",
    "<div>the first </DIV> ends it for Markdown</div>\n",
    "Title\n<div>\n\n<div>inside a raw block that opened without a blank line</div>\n\n</div>\n",
])
def test_a_block_markdown_would_change_or_could_hold_is_left_to_it(text: str) -> None:
    assert hooks.split_blocks(text) == (text, [])
    assert convert_around(text) == convert(text)


def test_an_unbalanced_block_is_left_to_markdown() -> None:
    text = "<div><div>one\n\n</div>\n\nText after.\n"
    assert hooks.split_blocks(text) == (text, [])


def test_text_cannot_forge_a_placeholder() -> None:
    text = "<div>x</div>\n\nfsraw0\n\n<p>fsraw00000000000000000</p>\n"
    assert convert_around(text) == convert(text)


def test_a_lost_placeholder_stops_the_build() -> None:
    _, blocks = hooks.split_blocks("<div>x</div>\n")
    with pytest.raises(RuntimeError, match="lost their place"):
        hooks.join_blocks("<p>nothing here</p>", blocks)


_TEXT = st.sampled_from(["a", "Text", "x & y", "<b>b</b>", "*em*", "`c`", "[l](u)", "1.", "-", "|", "#", " ", "&#160;",
                         "\t", "&#160", "&amp x", "<!-- c -->", "<span>", "</div>", "```", "<script>", "zz1337820767766393qq"])
_INLINE = st.lists(_TEXT, min_size=1, max_size=4).map("".join)


@st.composite
def raw_block(draw: st.DrawFn, depth: int = 0) -> str:
    name = draw(st.sampled_from(["div", "table", "figure", "span", "p", "details", "ul", "pre", "hr", "DIV"]))
    attributes = draw(st.sampled_from(["", ' class="c"', ' id="i&amp;d"', " title='a>b'", ' data-x="<div>"']))
    inner = draw(st.lists(st.one_of(_INLINE, raw_block(depth + 1)) if depth < 2 else _INLINE, max_size=3))
    separator = draw(st.sampled_from(["", "\n", "\n\n", "\n  \n"]))
    closing = draw(st.sampled_from([f"</{name}>", f"</{name}>", f"</{name.upper()}>", ""]))  # sometimes unclosed
    return f"<{name}{attributes}>{separator}{separator.join(inner)}{separator}{closing}"


_PIECE = st.one_of(
    _INLINE,
    raw_block(),
    _INLINE.map(lambda t: "- " + t),
    _INLINE.map(lambda t: "    " + t),
    _INLINE.map(lambda t: "| h |\n| - |\n| " + t + " |"),
    _INLINE.map(lambda t: "Note[^1].\n\n[^1]: " + t),
    _INLINE.map(lambda t: "!!! note\n    " + t),
    st.just("## Heading"),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_PIECE, st.sampled_from(["\n", "\n\n", "\n\n\n"])), min_size=1, max_size=8))
def test_markdown_around_blocks_is_the_same_page(pieces: list[tuple[str, str]]) -> None:
    text = "".join(piece + end for piece, end in pieces)
    assert convert_around(text) == convert(text)


# ---------------------------------------------------------------------------------------- search copies

def test_the_search_copy_keeps_the_indexed_text_in_fewer_tags() -> None:
    block = ('<table>\n<tr id="r"><td>2015</td>\n<td><a href="x">Huawei</a></td><td>8.6<sup id="s">'
             '<a href="#f">1</a></sup></td></tr>\n</table>')
    copy = hooks.search_copy(block)
    assert copy is not None and copy.count("<") < block.count("<") and "Huawei" in copy
    assert indexed(copy) == indexed(block)


@pytest.mark.parametrize("block", [
    "<div><h2 id=\"x\">A heading</h2></div>",  # starts a section
    "<div><pre>  kept   as is</pre></div>",
    "<div><script>var a = '<b>';</script></div>",
    '<div data-search-exclude="yes">x</div>',
    "<div><p>unclosed</div>",
    "<div>a < b</div>",
    '<div><span title="a<b>c">x</span></div>',
    "<div><!-- a -- b --></div>",
    "<div data-search-exclude><div>inner</div>indexed after the inner div</div>",
])
def test_blocks_the_indexer_reads_differently_are_shown_in_full(block: str) -> None:
    assert hooks.search_copy(block) is None


_TAG_NAMES = st.sampled_from(["div", "span", "a", "td", "tr", "table", "mark", "p", "li", "ul", "sup", "code", "em"])
_WORDS = st.sampled_from(["a", "b c", " ", "\n", "\t", "\xa0", "  \n ", "&amp;", "&#160;", "&nbsp;", "&#10;", "&#32;", "&amp",
                          "&", "AT&T", "x;", ">", "1.5", "“q”", "\t"])


@st.composite
def html_block(draw: st.DrawFn, depth: int = 0) -> str:
    name = draw(_TAG_NAMES)
    attributes = draw(st.sampled_from(["", ' id="x"', ' class="linenodi"', " data-search-exclude", ' title="a > b"',
                                       " hidden", " title='q'"]))
    children = draw(st.lists(
        st.one_of(_WORDS, _WORDS, st.sampled_from(["<br>", "<img src=x>", "<!---->", "<!-- c -->", "<hr/>", "<!--x<b>y-->"]),
                  html_block(depth + 1)) if depth < 4 else _WORDS,
        max_size=5))
    return f"<{name}{attributes}>{''.join(children)}</{name}>"


@settings(max_examples=1500, deadline=None)
@given(html_block(), _WORDS, _WORDS)
def test_the_indexer_reads_a_search_copy_as_it_reads_the_block(block: str, before: str, after: str) -> None:
    copy = hooks.search_copy(block)
    if copy is None:
        return
    for around in (("", ""), (f"<p>{before}", f"{after}</p>"), (before, after)):
        assert indexed(around[0] + copy + around[1]) == indexed(around[0] + block + around[1])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<br>", "<span a='<'>",
                                                   "</span>", "<!--", "-->", "<", "<sup>", "</sup>"])),
                max_size=12).map("".join))
def test_a_search_copy_of_any_markup_is_read_the_same(block: str) -> None:
    block = f"<div>{block}</div>"
    copy = hooks.search_copy(block)
    if copy is not None:
        assert indexed(copy) == indexed(block)


# ---------------------------------------------------------------------------------------- whole builds

def _build_both_ways(docs: Path, work: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    config = mkdocs_config(work, docs)
    assert "mkdocs_hooks.py" in config.read_text(encoding="utf-8")
    without = work / "without-hooks.yml"
    without.write_text(config.read_text(encoding="utf-8").split("hooks:")[0] + "hooks: []\n", encoding="utf-8")
    run_mkdocs(config, work / "with")
    run_mkdocs(without, work / "without")
    return tree(work / "with"), tree(work / "without")


@pytest.mark.parametrize("data", ["real", "synthetic"])
def test_the_site_is_byte_for_byte_the_one_mkdocs_builds_without_the_hooks(tmp_path: Path, data: str) -> None:
    if data == "real":
        archive = seeds_dir()
        arguments = ["--data", str(ROOT / "data")] + (["--archive", str(archive)] if archive else [])
    else:
        assert run_cli("synth", "--facts", "600", "--out", str(tmp_path / "synth")).code == 0
        arguments = ["--data", str(tmp_path / "synth" / "data"), "--archive", str(tmp_path / "synth" / "archive")]
    assert run_cli("generate", *arguments, "--out", str(tmp_path / "docs")).code == 0
    with_hooks, without_hooks = _build_both_ways(tmp_path / "docs", tmp_path)
    assert with_hooks.keys() == without_hooks.keys()
    assert [name for name in with_hooks if with_hooks[name] != without_hooks[name]] == []
    # The metric pages' tables, written as raw HTML blocks, are searchable (through their search copies).
    entries = json.loads(with_hooks["search/search_index.json"])["docs"]
    table_text = [e for e in entries if e["location"].startswith("metrics/") and (
        "preferred" in e["text"] or "First to latest" in e["text"])]  # a table of values, or a grid of years
    assert table_text


def test_the_hooks_stand_aside_when_an_unknown_markdown_extension_is_enabled() -> None:
    text = "<div>x</div>\n"
    try:
        hooks.on_config({"markdown_extensions": ["toc", "tables", "fenced_code", "pymdownx.superfences"]})
        assert hooks.on_page_markdown(text, page=None) == text
        hooks.on_config({"markdown_extensions": ["markdown.extensions.toc", "tables", "footnotes", "admonition"]})
        assert hooks._enabled
    finally:
        hooks.on_config({"markdown_extensions": ["toc"]})


@settings(max_examples=1000, deadline=None)
@given(html_block(), st.sampled_from(["", ' id="a&amp;b"', " ID='c'", " name=n", ' data-id="no"', " id"]),
       st.sampled_from(["a", "span", "A"]))
def test_anchors_are_the_ones_mkdocs_collects(block: str, attribute: str, name: str) -> None:
    from mkdocs.structure.pages import _HTMLHandler

    block = f"<div><{name}{attribute}>x</{name}>{block}</div>"
    handler = _HTMLHandler()
    handler.feed(block)
    handler.close()
    assert hooks.anchor_ids([block]) == handler.present_anchor_ids
    found: set[str | None] = set()
    if hooks._search_copy(block, found) is not None:
        assert found == handler.present_anchor_ids
