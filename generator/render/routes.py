"""Where every page and file of the site lives: its path in the docs folder and its address on the site.

One place decides both (as MkDocs' ``File.url`` does): pages, templates, charts, the feed, the cite box and
the review's list of pages affected all ask here. Pages are Markdown files served with directory URLs:
``metrics/x.md`` is at ``metrics/x/``, ``index.md`` at the site's root.
"""

from __future__ import annotations

import re
from functools import lru_cache

HOME = "index.md"
CONFLICTS = "conflicts.md"
DOWNLOADS = "downloads.md"
METRICS = "metrics/index.md"
ENTITIES = "entities/index.md"
PEOPLE = "people/index.md"
SOURCES = "sources/index.md"
TIMELINE = "timeline/index.md"
FEED = "feed.xml"
SITE_CARD = "cards/site.png"  # the shared-link picture of pages without their own (theme/main.html names it too)


def heading_anchor(heading: str) -> str:
    """The anchor the table of contents gives a heading ('Licensing and IP charges' → 'licensing-and-ip-charges'),
    for links to a section of a generated page: Python-Markdown's own slugify, which the toc extension uses."""
    from markdown.extensions.toc import slugify

    return slugify(heading, "-")


def metric_page(metric_id: str) -> str:
    return f"metrics/{metric_id}.md"


def comparison_page(comparison_id: str) -> str:
    return f"comparisons/{comparison_id}.md"


def entity_page(entity_id: str) -> str:
    return f"entities/{entity_id}.md"


def person_page(person_id: str) -> str:
    return f"people/{person_id}.md"


def timeline_page(year: int) -> str:
    return f"timeline/{year}.md"


def source_page(source_id: str) -> str:
    return f"sources/{source_id}.md"


def card_path(page_path: str) -> str:
    """Where a page's shared-link picture goes: metrics/x.md → cards/metrics/x.png."""
    return "cards/" + page_path.removesuffix(".md") + ".png"


def chart_figure(key: str) -> str:
    """The plotly figure of a chart, loaded by charts.js on demand."""
    return f"charts/{key}.json"


def chart_csv(key: str) -> str:
    """The points a chart draws, as a download beside it."""
    return f"charts/{key}.csv"


def download(name: str) -> str:
    """A file of the downloads: data/facts.csv …"""
    return f"data/{name}"


@lru_cache(maxsize=65536)  # every link to a page asks again
def site_route(path: str) -> str:
    """Where a docs-relative file is served with directory URLs: metrics/x.md at metrics/x/, index.md at ''."""
    return re.sub(r"\.md$", "/", re.sub(r"(^|/)index\.md$", r"\1", path))


def site_path(path: str) -> str:
    """A docs-relative file as an absolute path on the site, for people to read: '/metrics/x/', '/', '/data/x.csv'."""
    return "/" + site_route(path)


def anchored(path: str, anchor: str) -> str:
    """The site-relative address of an entry on its page: 'metrics/x/#fact-id'."""
    return f"{site_route(path)}#{anchor}"


def page_url(path: str, base: str) -> str:
    """The page's address: the published address ``base`` (SITE_URL) and the directory URL of ``path``
    (docs-relative); site-relative when the site has no published address."""
    route = site_route(path)
    return base.rstrip("/") + "/" + route if base else route or "./"


def absolute_url(path: str, base: str) -> str | None:
    """``path`` (docs-relative) at the published address; None without one (shared links need it)."""
    return page_url(path, base) if base else None


def relative_href(here: str, target: str, anchor: str = "") -> str:
    """``target`` (a docs-relative file) relative to the page ``here``, for Markdown links (the engines turn
    them into addresses); posixpath.relpath without its file-system calls, which cost more than a page."""
    folders = here.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(folders) and common < len(there) - 1 and folders[common] == there[common]:
        common += 1
    rel = "/".join([".."] * (len(folders) - common) + there[common:])
    return f"{rel}#{anchor}" if anchor else rel


def relative_url(here: str, target: str) -> str:
    """``target`` (docs-relative) relative to the address the page ``here`` is served at, for raw HTML, where
    the engines do not rewrite links: from metrics/x.md (served at metrics/x/) sources/y.md is ../../sources/y/."""
    depth = here.count("/") + (0 if here.endswith("index.md") else 1)
    return "../" * depth + site_route(target)
