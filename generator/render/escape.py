"""Text from YAML is data, never markup.

Every ``{{ value }}`` in a Markdown template passes through :func:`finalize`, which escapes plain
strings for both HTML and Python-Markdown. Only Markdown built by the helpers here is wrapped in
:class:`Markdown` and passes through unchanged, so forgetting to escape is not possible in a template.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit


class Markdown(str):
    """Markdown that the generator built itself and that is safe to emit as is."""


# Python-Markdown's inline-significant characters, plus '|' (tables extension) and '#' (a heading's
# closing hashes: "# C#" would lose its '#').
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()|!#])")
# What makes a line a block when text starts one (a description starts a line on its page): a list
# item ('- ', '+ ', '1986. '), a rule or setext underline ('---', '==='). '#', '*' and '>' are
# escaped everywhere, and leading white space (an indented code block) is dropped.
_BLOCK_START = re.compile(r"^(?:[-+=]|\d+(?=\.))")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")
_SAFE_SCHEMES = ("http", "https", "mailto")


@lru_cache(maxsize=65536)  # labels, names and titles recur on every page that lists them
def escape_text(text: str) -> Markdown:
    """Inline Markdown that displays ``text`` literally: no HTML, no links, no lists, no attributes.

    Newlines become spaces so the text can stand in a table cell or a footnote.
    """
    text = escape_inline(_LINE_BREAKS.sub(" ", text).strip())
    return Markdown(_BLOCK_START.sub(_entity_or_escape, text, count=1))


def escape_inline(text: str) -> Markdown:
    """A piece of text in the middle of a line (its spaces kept), shown literally."""
    # '"' too, in case a template ever puts data in a double-quoted attribute.
    text = html.escape(_LINE_BREAKS.sub(" ", text), quote=False).replace('"', "&quot;")
    return Markdown(_MD_SPECIAL.sub(r"\\\1", text))


def marked_html(text: str, *spans: tuple[int, int]) -> str:
    """``text`` on one line for raw HTML, escaped, with each non-overlapping ``text[start:end]`` that fits
    highlighted (<mark>)."""
    text = _LINE_BREAKS.sub(" ", text).strip()
    pieces, at = [], 0
    for start, end in sorted(spans):
        if at <= start < end <= len(text):
            pieces += [html.escape(text[at:start]), f"<mark>{html.escape(text[start:end])}</mark>"]
            at = end
    pieces.append(html.escape(text[at:]))
    return "".join(pieces)


@lru_cache(maxsize=65536)
def html_text(text: str) -> str:
    """Text from the data for raw HTML: escaped (quotes too, so it may stand in an attribute), on one line."""
    return html.escape(_LINE_BREAKS.sub(" ", text).strip())


def _entity_or_escape(match: re.Match[str]) -> str:
    """The block marker at the start of text, made literal: '\\-', '\\+', '&#61;', '1986\\'."""
    marker = match.group()
    if marker in "-+":
        return "\\" + marker
    if marker == "=":
        return "&#61;"
    return marker + "\\"  # digits: the backslash goes before the '.' that follows them


def finalize(value: Any) -> Any:
    """Jinja ``finalize`` hook: escape everything that is not already trusted Markdown."""
    if isinstance(value, Markdown):
        return value
    if isinstance(value, str):
        return escape_text(value)
    return value


@lru_cache(maxsize=65536)
def safe_url(url: str) -> str | None:
    """The URL if it is http, https, mailto or a relative link; otherwise None."""
    url = url.strip()
    if any(ch in url for ch in "\\\x00") or _LINE_BREAKS.search(url):
        return None
    parts = urlsplit(url)
    if parts.scheme:
        if parts.scheme.lower() not in _SAFE_SCHEMES:
            return None
    elif url.startswith("//"):
        return None
    return quote(url, safe="/:?#[]@!$&*+,;=%~-._")


def link(text: str, url: str) -> Markdown:
    """A Markdown link whose text is escaped; an unsafe URL yields the plain text."""
    target = safe_url(url)
    shown = text if isinstance(text, Markdown) else escape_text(text)
    if target is None:
        return Markdown(shown)
    return Markdown(f"[{shown}]({target})")


def html_link(text: str, url: str) -> str:
    """:func:`link` for raw HTML."""
    target = safe_url(url)
    if target is None:
        return html_text(text)
    return f'<a href="{html.escape(target)}">{html_text(text)}</a>'


def plotly_text(text: str) -> str:
    """Text for a Plotly label (title, legend, axis category, hover) that shows as typed.

    Plotly reads a few HTML tags and entities in labels but decodes only some entities: '&quot;' and
    '&#x27;' would show literally, so only '&', '<' and '>' are written as entities.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def json_for_html(data: Any) -> str:
    """JSON that can sit inside a <script> element: no '</script>', no HTML comment openers."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
