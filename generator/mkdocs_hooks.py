"""MkDocs hooks (mkdocs.yml `hooks:`): our pages' large HTML blocks go around Python-Markdown, not through it.

A metric page is mostly raw HTML the generator has already written: the chart's picture, the table of
values, its footnotes. Python-Markdown runs Python's html.parser over the whole page to find such blocks,
and MkDocs runs it once more to collect their anchor ids; at scale those two parses were over half of
MkDocs' time. Before the page is converted, each top-level block that Python-Markdown would pass through
unchanged is swapped for a one-word paragraph; after conversion the word's paragraph is swapped back for
the block, and the block's ids are added to the page's anchors, so link validation sees them as before.
The built site is byte for byte the one MkDocs builds without this file (tested); only the time differs.

A block is taken only when Python-Markdown certainly passes it through unchanged: it starts at the first
column after a blank line (or the page's start) with one of the tags below; every "<" in it starts a tag or
a comment that an HTML parser reads as this file does (see `_MARKUP`); it holds nothing Python-Markdown
rewrites (tabs, character references without their ";", comments that parsers end differently, scripts
and styles); its closing tag ends the line before a blank line (or the page's end); and nothing before it
on the page could have opened a raw block around it (any tag there other than common inline ones, or a
fenced code block anywhere, stops the taking). The hooks stand aside altogether when the site enables a
Markdown extension other than those they are known to agree with. The placeholder word carries a random
part drawn once per build, so text in the data cannot forge one.

The search plugin then parses every page's HTML once more, calling back for each tag, and keeps only the
text and a few tags (paragraphs, lists, code, sub- and superscripts). While it indexes the page, each block
shows it a copy holding only what it keeps: those tags (without attributes) and the text, joined into as
few pieces as it reads the same way (see `_search_copy`), with elements marked data-search-exclude left
out. After the indexer, the page gets its full blocks back. Blocks holding headings, preformatted text or
objects, or a data-search attribute with a value, are shown to it in full. The search index, too, is byte
for byte the same (tested).

Zensical, which does not run MkDocs hooks, builds the same Markdown without them.
"""

from __future__ import annotations

import html
import logging
import re
import secrets
from typing import Any

from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.generator")

_TAGS = ("div", "table", "figure", "details", "section", "aside", "p", "ol", "ul", "dl", "blockquote", "nav", "header",
         "footer")
_VOID_TAGS = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
              "wbr")
_START = re.compile(r"\n\n<(" + "|".join(_TAGS) + r")(?=[\s>])")  # searched in "\n\n" + the page
_TAG = {name: re.compile(r"<(/?)" + name + r"(?=[\s>/])[^>]*>", re.I) for name in _TAGS}  # parsers ignore case
# Markdown extensions these hooks agree with (MkDocs adds toc, tables and fenced_code to any site's list).
_EXTENSIONS = {"toc", "tables", "fenced_code", "footnotes", "admonition"}
_FENCE = re.compile(r"^ {0,3}(?:`{3}|~{3})", re.M)
# Tags Python-Markdown never takes for the start of a raw block, nor reads as text only.
_INLINE = ("a", "abbr", "b", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img", "ins", "kbd", "mark", "q",
           "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr")
_OPENS_RAW = re.compile(r"<(?!/?(?:" + "|".join(_INLINE) + r")[\s/>])[a-zA-Z/!?]", re.I)
# What Python-Markdown would rewrite inside a raw block: tabs, carriage returns, lines of spaces (white space
# normalised), its own placeholders, a character reference without its ";" (given one back).
_REWRITTEN = ("\t", "\r", "\x02", "\x03", FN_BACKLINK_TEXT, NBSP_PLACEHOLDER)
_SPACES_LINE = re.compile(r"\n +\n")
_OPEN_REFERENCE = re.compile(r"&(?!(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][-.a-zA-Z0-9]*);)(?=#?\w)")
_WORD = "fsraw" + secrets.token_hex(8)
_PLACEHOLDER = re.compile("<p>" + _WORD + r"(\d+)</p>")
_held: dict[str, list[str]] = {}
_shown_light: dict[str, list[str]] = {}
_enabled = True
# What the search indexer keeps (material/plugins/search/plugin.py, Parser.keep), and what makes it read a
# block differently from the tags' text alone.
_KEEP = ("p", "code", "pre", "li", "ol", "ul", "sub", "sup")
# Elements whose text an HTML parser reads as text only (script and style in Python 3.11; later Pythons and
# browsers more): a block holding one is left as it is.
_CDATA_TAG = re.compile(
    r"<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)[\s>/]", re.I
)
# Elements the search indexer reads differently from the tags' text alone: headings start sections, and
# preformatted text keeps its white space.
_READ_DIFFERENTLY = re.compile(r"<(?:h[1-6]|pre|object)[\s>/]", re.I)
_SEARCH_ATTRIBUTE = re.compile(r"data-search-\w+=\"[^\"]+\"")
_ODD_COMMENT = re.compile(r"<!--(?:-?>|(?:(?!-->).)*?--(?!>))", re.S)  # Pythons' parsers could end it elsewhere
# Markup this file reads as an HTML parser does: text, comments (without "<" inside, ended by the first
# "-->"), and tags whose attribute values hold no "<".
_ATTRS = r"""(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s"'=<>`]+))?)*+\s*"""
_COMMENT = r"<!--(?:[^-<]|-(?!->))*-->"
_MARKUP = re.compile(r"(?:[^<]+|" + _COMMENT + r"|<[a-zA-Z][\w:-]*" + _ATTRS + r"/?>|</[a-zA-Z][\w:-]*\s*>)*+")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# A tag (end?, name, attributes, self-closing?), a comment, text, or a "<" that starts neither.
_TOKEN = re.compile(r"<(/?)([a-zA-Z][\w:-]*)(" + _ATTRS + r")(/?)>|" + _COMMENT + r"|([^<]+)|(<)", re.S)
_LOOSE_AMPERSAND = re.compile(r"&(?![#\w]+;)")  # joined text could complete a character reference
_LIGHT = re.compile("<!--" + _WORD + r"(\d+)-->.*?<!--/" + _WORD + "-->", re.S)


def on_config(config: Any, **_: Any) -> None:
    global _enabled
    names = {name.rsplit(".", 1)[-1] if isinstance(name, str) else None for name in config["markdown_extensions"]}
    _enabled = names <= _EXTENSIONS
    if not _enabled:
        log.info("generator/mkdocs_hooks.py: Markdown extensions other than %s are enabled; raw HTML blocks go "
                 "through Python-Markdown as usual", ", ".join(sorted(_EXTENSIONS)))


def on_pre_build(**_: Any) -> None:
    _held.clear()  # what a build that failed left behind (mkdocs serve rebuilds in one process)
    _shown_light.clear()


def _block_end(markdown: str, start: int, name: str) -> int | None:
    """Where the raw block opening at ``start`` ends, or None when it is not certainly one."""
    depth = 0
    for tag in _TAG[name].finditer(markdown, start):
        if tag.group(0).endswith("/>"):
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = tag.end()
            after = markdown[end:end + 2]
            certain = after == "\n\n" or end + len(after) == len(markdown) and after in ("", "\n")
            return end if certain else None
    return None


def split_blocks(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each certain raw HTML block replaced by a placeholder paragraph, and the blocks."""
    blocks: list[str] = []
    parts: list[str] = []
    position = 0
    if ("```" in markdown or "~~~" in markdown) and _FENCE.search(markdown):
        return markdown, blocks  # a fence could hold what looks like a block
    for found in _START.finditer("\n\n" + markdown):
        start, name = found.start(), found.group(1)  # where the tag starts in the page: "\n\n" was added
        if start < position:
            continue  # inside a block already taken
        if _OPENS_RAW.search(markdown, position, start):
            break  # Python-Markdown may be inside raw HTML from here on
        end = _block_end(markdown, start, name)
        if end is None:
            continue  # left to Markdown; the next block's check sees its tag and stops
        block = markdown[start:end]
        if (any(text in block for text in _REWRITTEN) or _SPACES_LINE.search(block)
                or "&" in block and _OPEN_REFERENCE.search(block) or _CDATA_TAG.search(block)
                or "<!--" in block and _ODD_COMMENT.search(block) or not _MARKUP.fullmatch(block)):
            continue
        parts.append(markdown[position:start])
        parts.append(f"{_WORD}{len(blocks)}")
        # Python-Markdown keeps the newline of a block that a blank line follows, as it does at the page's
        # end (it adds a blank line there); join_blocks drops it when nothing follows, as Python-Markdown
        # strips its output.
        blocks.append(block + ("\n" if markdown.startswith("\n\n", end) or end + 1 >= len(markdown) else ""))
        position = end
    if not blocks:
        return markdown, blocks
    parts.append(markdown[position:])
    return "".join(parts), blocks


def join_blocks(content: str, blocks: list[str]) -> str:
    """The page's HTML with each placeholder paragraph replaced by its block."""
    blocks = _as_converted(content, blocks)
    found = 0

    def block(match: re.Match) -> str:
        nonlocal found
        found += 1
        return blocks[int(match.group(1))]

    content = _PLACEHOLDER.sub(block, content)
    if found != len(blocks):
        raise RuntimeError(f"{len(blocks) - found} raw HTML block(s) lost their place in the page")
    return content


def _as_converted(content: str, blocks: list[str]) -> list[str]:
    """The blocks as Python-Markdown's output holds them: it strips its end, where the last block may be."""
    if blocks and content.endswith(f"<p>{_WORD}{len(blocks) - 1}</p>"):
        return blocks[:-1] + [blocks[-1].rstrip("\n")]
    return blocks


def anchor_ids(blocks: list[str]) -> set[str | None]:
    """The anchors in ``blocks`` as MkDocs collects them from raw HTML: every id, and the name of an <a>."""
    found: set[str | None] = set()
    for block in blocks:
        for closing, name, attributes, *_ in _TOKEN.findall(block):
            if attributes and not closing:
                _add_anchors(name, attributes, attributes.lower(), found)
    return found


def _add_anchors(name: str, attributes: str, lowered: str, found: set[str | None]) -> None:
    """Adds the anchors a start tag carries (``attributes`` as written, and lower-cased) to ``found``."""
    if "id" not in lowered and "name" not in lowered:
        return
    for attribute in _ATTRIBUTE.finditer(attributes):
        key = attribute.group(1).lower()
        if key == "id" or key == "name" and name.lower() == "a":
            value = next((v for v in attribute.group(2, 3, 4) if v is not None), None)
            found.add(None if value is None else html.unescape(value))


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if not _enabled:
        return markdown
    markdown, blocks = split_blocks(markdown)
    if blocks:
        _held[page.file.src_uri] = blocks
    return markdown


@event_priority(-100)  # after any other plugin's: they see the page whole
def on_page_content(html_: str, page: Any, **_: Any) -> str:
    blocks = _held.pop(page.file.src_uri, None)
    if not blocks:
        return html_
    blocks = _as_converted(html_, blocks)
    anchors: set[str | None] = set()
    if (page.meta.get("search") or {}).get("exclude"):
        anchors = anchor_ids(blocks)
        light = blocks
    else:
        light = []
        for i, block in enumerate(blocks):
            found: set[str | None] = set()
            copy = _search_copy(block, found)  # collects the anchors on its way when it makes a copy
            anchors |= anchor_ids([block]) if copy is None else found
            light.append(block if copy is None else f"<!--{_WORD}{i}-->{copy}<!--/{_WORD}-->")
        _shown_light[page.file.src_uri] = blocks
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= anchors
    return join_blocks(html_, light)


@event_priority(-100)  # after the search plugin has indexed the page: it gets its full blocks back
def on_page_context(context: Any, page: Any, **_: Any) -> Any:
    blocks = _shown_light.pop(page.file.src_uri, None)
    if blocks is not None:
        page.content = _LIGHT.sub(lambda match: blocks[int(match.group(1))], page.content)
    return context


def search_copy(block: str) -> str | None:
    """What the search indexer reads of ``block`` the same way as the block itself, in fewer tags; None when
    the block must be shown to it as it is."""
    if _CDATA_TAG.search(block) or "<!--" in block and _ODD_COMMENT.search(block):
        return None
    return _search_copy(block)


def _search_copy(block: str, anchors: set[str | None] | None = None) -> str | None:
    """:func:`search_copy` of a block without scripts or odd comments: its kept tags and text, joined.
    When a copy is made, ``anchors`` (if given) has gained the block's anchors (see :func:`anchor_ids`).

    The indexer appends each piece of text between two tags as it is (line breaks as spaces), except that
    a piece of only white space becomes one space, or nothing after white space. So two pieces with
    only skipped tags between them can be one piece when both are text or both white space, and white space
    between text (or after a kept start tag) is one space; where it is not known what comes before or after the
    block, and between text and white space otherwise, an empty comment keeps the pieces apart.
    """
    if _READ_DIFFERENTLY.search(block) or "linenodiv" in block or _SEARCH_ATTRIBUTE.search(block):
        return None
    items: list[str] = []  # kept tags ("<p>", "</p>") and pieces of text, in order
    stack: list[str] = []
    skipping = 0  # the depth of the data-search-exclude element being skipped, 0 when none
    skipped = ""
    for closing, name, attributes, self_closing, text, stray in _TOKEN.findall(block):
        if text:
            if not skipping:
                items.append(text)
            continue
        if not name:
            if stray:
                return None  # a "<" that starts no tag: not well formed
            continue  # a comment
        lowered = attributes.lower()
        if attributes and not closing and anchors is not None:
            _add_anchors(name, attributes, lowered, anchors)
        name = name.lower()
        if closing:
            if not stack or stack.pop() != name:
                return None  # not well formed
            if skipping:
                if len(stack) < skipping:
                    skipping = 0
            elif name in _KEEP:
                items.append(f"</{name}>")
            continue
        excluded = "data-search-exclude" in lowered and _excluded(attributes)
        if self_closing or name in _VOID_TAGS:
            if name in _KEEP and self_closing and not skipping and not excluded:
                items.append(f"<{name}/>")
            continue
        stack.append(name)
        if skipping:
            if name == skipped:
                return None  # the indexer would stop skipping at this element's end
        elif excluded:
            skipping, skipped = len(stack), name
        elif name in _KEEP:
            items.append(f"<{name}>")
    if stack:
        return None
    joinable = not _LOOSE_AMPERSAND.search(block)
    out = ["<i></i>"]  # a page's first tag opens the indexer's first section; the block's might have
    texts: list[str] = []
    after_start_tag = False
    for item in items:
        if item[0] == "<":
            if texts:
                out.append(_joined(texts, after_start_tag, joinable))
                texts = []
            out.append(item)
            after_start_tag = item[1] != "/" and item[-2] != "/"
        else:
            texts.append(item)
    if texts:
        out.append(_joined(texts, after_start_tag, joinable))
    out.append("<!---->")
    return "".join(out)


def _joined(texts: list[str], after_start_tag: bool, joinable: bool) -> str:
    """Pieces of text with only skipped tags between them, as few pieces as the indexer reads the same.

    ``after_start_tag``: the pieces follow a kept start tag (which the indexer keeps in its text, as the text
    that follows is not white space only); otherwise what comes before them is not known: a kept end tag
    is dropped with its element when the element holds only white space.
    """
    if not joinable:
        return "<!---->".join(texts)
    pieces: list[list[Any]] = []  # [text, only white space]
    for text in texts:
        space = (html.unescape(text) if "&" in text else text).isspace()
        if pieces and pieces[-1][1] == space:
            pieces[-1][0] += text
        else:
            pieces.append([text, space])
    kept: list[list[Any]] = []
    for index, (text, space) in enumerate(pieces):  # text and white space alternate
        more = index + 1 < len(pieces)
        if space and kept and more:
            kept[-1][0] += " "  # white space between text: one space
        elif space and not kept and after_start_tag and more:
            pieces[index + 1][0] = " " + pieces[index + 1][0]  # white space after a kept tag: one space
        elif not space and kept and not kept[-1][1]:
            kept[-1][0] += text
        else:
            kept.append([text, space])
    return "<!---->".join(text for text, _ in kept)


def _excluded(attributes: str) -> bool:
    return any(match.group(1).lower() == "data-search-exclude" for match in _ATTRIBUTE.finditer(attributes))
