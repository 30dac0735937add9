"""'Cite this page': a citation of a page of the site in plain text, BibTeX and CSL-JSON.

The data version is the build date: the site is rebuilt from the data on every change and weekly, and a
page's figures are those of its build (a digest of the data would change every page on every edit). The
access date is the reader's: a small script (theme/javascripts/cite.js) writes today's date where the
page says so; without scripts the build date stands.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..store import FactStore
from .routes import page_url

CONFIG = Path(__file__).resolve().parent.parent.parent / "mkdocs.yml"
# Braces as commands in a group of their own: BibTeX counts '{' and '}' even after a backslash, so '\{' alone
# leaves an entry unbalanced and refused.
_LATEX = {"\\": r"\textbackslash{}", "{": r"{\textbraceleft}", "}": r"{\textbraceright}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
          "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def site_name(config: Path = CONFIG) -> str:
    match = re.search(r"^site_name:\s*(.+)$", config.read_text(encoding="utf-8"), flags=re.M)
    return match.group(1).strip().strip("'\"") if match else "Fact sheet"


def latex(text: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters written as commands."""
    return "".join(_LATEX.get(character, character) for character in text)


def citation_html(title: str, path: str, store: FactStore, built: str, site: str, base: str) -> str:
    """A collapsed box with the three forms, the page at the published address ``base``; every piece of data text
    is escaped for HTML."""
    url = page_url(path, base)
    issued = store.built_on
    key = re.sub(r"[^a-z0-9]+", "-", f"{site} {title}".lower()).strip("-")[:60]
    plain = f'{site}. "{title}". Data as built on {built}. {url}'
    bibtex = "\n".join([
        f"@misc{{{key},",
        f"  title = {{{latex(title)}}},",
        f"  author = {{{{{latex(site)}}}}},",
        f"  year = {{{issued.year}}},",
        f"  howpublished = {{\\url{{{url}}}}},",
        f"  note = {{Data as built on {latex(built)}}},",
        "}",
    ])
    csl = json.dumps([{
        "id": key, "type": "dataset", "title": title, "publisher": site, "URL": url, "version": issued.isoformat(),
        "issued": {"date-parts": [[issued.year, issued.month, issued.day]]},
    }], ensure_ascii=False, indent=2)
    return (
        '<details class="fs-cite">\n<summary>Cite this page</summary>\n'
        f'<p class="fs-cite__plain">{html.escape(plain)} (accessed '
        f'<span class="fs-access-date">{html.escape(built)}</span>).</p>\n'
        f'<p>BibTeX</p>\n<pre class="fs-cite__bibtex"><code>{html.escape(bibtex)}</code></pre>\n'
        f'<p>CSL-JSON</p>\n<pre class="fs-cite__csl"><code>{html.escape(csl)}</code></pre>\n'
        "</details>"
    )
