"""Reading a built site back: its pages, their links, anchors, scripts and attributes."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, name, value)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)  # (attributes, inline text)
    text: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # an element's id → its title attribute


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            self.page.attributes.append((tag, name, value))
        if "id" in values:
            self.page.ids.add(values["id"])
            if "title" in values:
                self.page.titles[values["id"]] = values["title"]
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for name in ("href", "src"):
            if name in values and tag in ("a", "link", "script", "img", "iframe"):
                self.page.links.append(values[name])
        if tag == "script":
            self._script, self._script_text = values, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.page.text.append(data)


def parse(path: Path) -> ParsedPage:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def broken_links(site: Path) -> list[str]:
    """Every internal link or anchor in the built site that does not resolve."""
    parsed = {path: parse(path) for path in html_files(site)}
    problems = []
    for path, page in parsed.items():
        here = path.relative_to(site).as_posix()
        if here == "404.html":  # served for any missing URL, so MkDocs gives it root-absolute links
            continue
        for url in page.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            target_rel = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(parts.path))) if parts.path else here
            target = site / target_rel
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{here}: {url} → missing {target_rel}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{here}: {url} → no anchor #{parts.fragment}")
    return problems
