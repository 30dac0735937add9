"""The generated Markdown, the MkDocs build, and the guarantees around it."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from generator import site as site_module
from generator.errors import BuildError
from generator.render import docs as docs_module
from generator.render.docs import generate
from generator.site import build, write_docs
from generator.store import load_store

from .conftest import FIXTURE_ARCHIVE, GOLDEN, ROOT, SMALL, UPDATE_GOLDEN, check_golden, run_cli, seeds_dir
from .sitecheck import broken_links, html_files, parse

EPOCH = "1767225600"  # 2026-01-01: fixture dates are all earlier


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fixture_files() -> dict[str, str]:
    """The generated text files of the fixture site; the plotly.js bundle is copied, not generated."""
    files = generate(load_store(SMALL, today=dt.date(2026, 1, 1)))
    assert isinstance(files.pop("assets/javascripts/plotly.min.js"), bytes)
    assert not [name for name in files if name.startswith("cards/")]  # drawn only for a published address
    return files


def test_generated_markdown_matches_golden(fixture_files: dict[str, str]) -> None:
    """UPDATE_GOLDEN=1 make test rewrites tests/golden/site/ after an intended change."""
    golden_dir = GOLDEN / "site"
    if UPDATE_GOLDEN:
        shutil.rmtree(golden_dir, ignore_errors=True)
    for name, text in fixture_files.items():
        check_golden(f"site/{name}", text)
    assert sorted(p.relative_to(golden_dir).as_posix() for p in golden_dir.rglob("*") if p.is_file()) == sorted(fixture_files)


def test_write_docs_rewrites_only_changed_files(tmp_path: Path, fixture_files: dict[str, str]) -> None:
    docs = tmp_path / "docs"
    first = write_docs(fixture_files, docs)
    assert first.unchanged == 0 and "index.md" in first.written and "methodology.md" in first.written
    (docs / "stale.md").write_text("left over", encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    changed = dict(fixture_files, **{"index.md": fixture_files["index.md"] + "\nmore\n"})
    second = write_docs(changed, docs)
    assert second.written == ["index.md"] and second.removed == ["stale.md"]
    assert all(p.stat().st_mtime_ns == t for p, t in before.items() if p.name not in ("index.md", "stale.md"))


def test_write_docs_takes_files_one_at_a_time_and_changes_nothing_if_the_stream_fails(
        tmp_path: Path, fixture_files: dict[str, str]) -> None:
    docs = tmp_path / "docs"
    write_docs(fixture_files, docs)
    before = tree(docs)

    def stream():  # noqa: ANN202 - a generator that fails part way, after a changed and a new file
        yield "index.md", fixture_files["index.md"] + "\nchanged\n"
        yield "brand/new.md", "# New\n"
        raise RuntimeError("render step failed")

    with pytest.raises(RuntimeError):
        write_docs(stream(), docs)
    assert tree(docs) == before
    assert not [p for p in docs.rglob("*") if p.name.endswith(".new")] and not (docs / "brand").exists()
    result = write_docs(iter(dict(fixture_files, **{"brand/new.md": "# New\n"}).items()), docs)
    assert result.written == ["brand/new.md"] and result.removed == []


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "site"
    archive = seeds_dir()
    build(ROOT / "data", out, out.parent / "build", archive_dir=archive)
    return out


def test_real_data_builds_strictly_with_every_fact_downloadable(real_site: Path) -> None:
    store = load_store(ROOT / "data")
    records = json.loads((real_site / "data" / "facts.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in records} == set(store.facts) | set(store.derived)
    for name in ("facts.csv", "sources.json", "datapackage.json"):
        assert (real_site / "data" / name).is_file()
    for page in ("index.html", "timeline/index.html", "conflicts/index.html", "downloads/index.html",
                 "methodology/index.html", "metrics/licensing-revenue/index.html", "entities/huawei/index.html",
                 "people/alan-fan/index.html", "sources/china-daily-ip-protection-ai/index.html"):
        assert (real_site / page).is_file(), page


def test_export_equals_downloads(real_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert run_cli("export").out == (real_site / "data" / "facts.json").read_text(encoding="utf-8")
    assert run_cli("export", "--format", "csv").out == (real_site / "data" / "facts.csv").read_text(encoding="utf-8")
    assert run_cli("export", "--what", "sources").out == (real_site / "data" / "sources.json").read_text(encoding="utf-8")


def test_every_internal_link_and_anchor_resolves(real_site: Path) -> None:
    assert broken_links(real_site) == []


def test_no_page_requests_a_third_party(real_site: Path) -> None:
    for path in html_files(real_site):
        page = parse(path)
        for tag, name, value in page.attributes:
            if (tag, name) in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
                assert not value.startswith(("http:", "https:", "//")), f"{path}: {tag} {value}"


def test_downloads_page_has_dataset_json_ld(real_site: Path) -> None:
    page = parse(real_site / "downloads" / "index.html")
    [data] = [json.loads(text) for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]
    assert data["@type"] == "Dataset"
    assert {d["contentUrl"] for d in data["distribution"]} == {
        "data/facts.csv", "data/facts.json", "data/sources.json", "data/datapackage.json"}


def test_every_fact_has_a_permalink_and_its_quote_in_a_footnote(real_site: Path) -> None:
    store = load_store(ROOT / "data")
    for fact in store.facts.values():
        path = real_site / "metrics" / fact.metric / "index.html"
        page = parse(path)
        assert fact.id in page.ids
        text = " ".join(page.text)
        for citation in fact.citations:
            # A table's cell is shown as written beside its value, or (in a grid of years by entities) named on
            # the value itself, with a footnote saying how the table's cells are found.
            assert (citation.quote if citation.cell is None else citation.cell.text) in text or (
                citation.cell is not None and citation.cell.text in page.titles.get(fact.id, "")), fact.id


def test_nav_holds_only_the_index_pages(real_site: Path) -> None:
    html = (real_site / "metrics" / "rd-spend" / "index.html").read_text(encoding="utf-8")
    assert "Royalties paid relative" not in html  # other metric pages are not in the navigation


def test_failed_render_leaves_the_site_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, work = tmp_path / "site", tmp_path / "build"
    build(SMALL, out, work)
    before = tree(out)

    def broken(*args: object, **kwargs: object) -> dict[str, str]:
        raise RuntimeError("render step failed")

    monkeypatch.setattr(docs_module, "render_pages", broken)
    with pytest.raises(RuntimeError):
        build(SMALL, out, work)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "build", "site"]  # no staging left


def test_failed_mkdocs_build_leaves_the_site_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, work = tmp_path / "site", tmp_path / "build"
    build(SMALL, out, work)
    before = tree(out)
    content = tmp_path / "content"
    content.mkdir()
    (content / "methodology.md").write_text("# M\n\n[broken](nowhere.md)\n", encoding="utf-8")
    monkeypatch.setattr(site_module, "CONTENT", content)
    original = site_module.write_docs
    monkeypatch.setattr(site_module, "write_docs", lambda files, docs: original(files, docs, content))
    with pytest.raises(BuildError, match="nowhere.md"):
        build(SMALL, out, work)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "build", "content", "site"]


def test_bad_data_fails_the_build_with_positions_and_keeps_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    monkeypatch.chdir(tmp_path)
    assert run_cli("build", "--data", "data", "--out", "site", "--work", "build").code == 0
    before = tree(tmp_path / "site")
    (data / "facts.yaml").write_text((data / "facts.yaml").read_text(encoding="utf-8").replace("value: 5000", "value: five"), encoding="utf-8")
    result = run_cli("build", "--data", "data", "--out", "site", "--work", "build")
    assert result.code == 1
    assert result.lines == ["data/facts.yaml:44:12: expected a plain number in the metric's unit (630000000, not '630 million' or '630,000,000'; remove any quotes), found 'five'"]
    assert tree(tmp_path / "site") == before


def test_builds_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"site-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": EPOCH}
        subprocess.run([sys.executable, "-m", "generator", "build", "--data", str(SMALL), "--out", str(out),
                        "--work", str(tmp_path / f"build-{seed}")], cwd=ROOT, env=env, check=True, capture_output=True)
        outputs.append(tree(out))
    assert outputs[0].keys() == outputs[1].keys()
    assert [name for name in outputs[0] if outputs[0][name] != outputs[1][name]] == []


HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "{ onclick=alert(1) }",
    "{: onclick=\"alert(1)\" }",
    "\n--8<-- \"/etc/passwd\"\n",
    "</script><script>alert(1)</script>",
    "a | b | c\n\n# Heading from data\n<div>",
    "<!-- comment --> &lt;b&gt; *star* _under_ `tick`",
]


def _poison(value: object, payload: str) -> object:
    return f"Text {payload} end" if isinstance(value, str) else value


TEXT_FIELDS = {
    "sources": ("title", "publisher", "author", "note"),
    "entities": ("name", "description"),
    "people": ("name", "role"),
    "metrics": ("label", "description"),
    "facts": ("note", "reason"),
    "events": ("title", "description"),
    "statements": ("text", "context"),
    "derived": ("note",),
}


def hostile_data(target: Path, payload: str) -> None:
    shutil.copytree(SMALL, target)
    for path in target.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section, entries in data.items():
            for entry in entries:
                for name in TEXT_FIELDS[section]:
                    entry[name] = _poison(entry.get(name, "x"), payload)
                for citation in entry.get("citations", []) + ([entry["citation"]] if "citation" in entry else []):
                    citation["quote"] = _poison(citation["quote"], payload)
                if section == "sources":
                    entry["url"] = "https://example.org/a\"><script>alert(1)</script>"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("payload", HOSTILE)
def test_text_from_yaml_never_becomes_markup(tmp_path: Path, payload: str, engine: str) -> None:
    data, out = tmp_path / "data", tmp_path / "site"
    hostile_data(data, payload)
    build(data, out, tmp_path / "build", engine=engine)
    shown = " ".join(payload.split())
    found_as_text = False
    for path in html_files(out):
        page = parse(path)
        for tag, name, value in page.attributes:
            assert not name.startswith("on"), f"{path}: {tag} has event handler {name}"
            if name in ("href", "src"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), f"{path}: {value}"
        for attrs, text in page.scripts:
            if attrs.get("type") == "application/ld+json":
                json.loads(text)
            else:
                assert "alert" not in text, f"{path}: script from data"
        assert not any(tag == "img" and value == "x" for tag, name, value in page.attributes)
        found_as_text |= shown in " ".join(" ".join(page.text).split())
    assert found_as_text, "the hostile text should be shown to readers as text"
    html = "\n".join(p.read_text(encoding="utf-8") for p in html_files(out))
    assert "<script>alert" not in html and "<img src=x" not in html and "Heading from data</h" not in html


def test_pages_do_not_grow_with_the_number_of_metrics(tmp_path: Path) -> None:
    """Only index pages list every metric; the navigation stays the same size however large the data."""
    small_out = tmp_path / "small-site"
    build(SMALL, small_out, tmp_path / "build-small")
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    metrics, facts = [], []
    for i in range(300):
        metrics.append({"id": f"m{i}", "label": f"Metric {i}", "unit": "count", "description": "d"})
        facts.append({"id": f"f{i}", "entity": "acme", "metric": f"m{i}", "period": 2023, "value": i,
                      "qualifier": "exact", "citations": [{"source": "acme-note", "quote": "q"}]})
    (data / "many.yaml").write_text(yaml.safe_dump({"metrics": metrics, "facts": facts}), encoding="utf-8")
    big_out = tmp_path / "big-site"
    build(data, big_out, tmp_path / "build-big")
    for page in ("metrics/valid-patents/index.html", "methodology/index.html", "sources/blog/index.html"):
        small, big = (small_out / page).stat().st_size, (big_out / page).stat().st_size
        assert big <= small * 1.02, f"{page} grew from {small} to {big} bytes"
    assert (big_out / "metrics" / "index.html").stat().st_size > (small_out / "metrics" / "index.html").stat().st_size


def test_a_page_stamped_only_updated_is_shown_as_updated_not_published() -> None:
    """China Daily's page says 'Updated: 2025-04-23': its publication date is unknown, and every page says so."""
    from generator.render.pages import Renderer

    store = load_store(ROOT / "data")
    daily = store.sources["china-daily-ip-protection-ai"]
    assert (daily.published, str(daily.updated)) == (None, "2025-04-23")
    renderer = Renderer(store)
    assert renderer.tables.byline(daily) == "China Daily (chinadaily.com.cn), updated 23 April 2025"
    page = renderer.source(daily)
    assert ('<th scope="row">Published</th><td>unknown</td>' in page
            and '<th scope="row">Updated</th><td>23 April 2025</td>' in page)
    assert f'<th scope="row">Archived</th><td>21 November 2026; SHA-256 of the archived text {daily.sha256}</td>' in page


def test_generate_writes_the_pages_for_any_engine_and_keeps_the_folder_in_step(workdir: Path) -> None:
    from generator.site import DOCS_MARKER

    result = run_cli("generate", "--out", "docs")
    assert result.code == 0, result.err
    docs = workdir / "docs"
    assert (docs / "index.md").is_file() and (docs / "metrics" / "licensing-revenue.md").is_file()
    assert (docs / "charts" / "licensing-revenue.json").is_file() and (docs / DOCS_MARKER).is_file()
    assert (docs / "methodology.md").is_file()  # content/ is part of the pages
    (docs / "metrics" / "stale.md").write_text("old\n", encoding="utf-8")
    assert run_cli("generate", "--out", "docs").code == 0
    assert not (docs / "metrics" / "stale.md").exists()
    (workdir / "notes").mkdir()
    (workdir / "notes" / "a.md").write_text("mine\n", encoding="utf-8")
    refused = run_cli("generate", "--out", "notes")
    assert refused.code == 2 and "holds files this tool did not write" in refused.err
    assert (workdir / "notes" / "a.md").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_each_engine_builds_the_site_and_names_itself(workdir: Path, engine: str) -> None:
    result = run_cli("build", "--engine", engine, "--out", "site")
    assert result.code == 0, result.err
    page = (workdir / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="generator" content="{engine}-' in page
    assert (workdir / "site" / "metrics" / "licensing-revenue" / "index.html").is_file()
    assert (workdir / "site" / "data" / "facts.csv").is_file()


def test_a_missing_engine_is_a_message_and_the_site_stays(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("build", "--out", "site").code == 0
    before = tree(workdir / "site")
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "zensical" else real(name))
    result = run_cli("build", "--engine", "zensical", "--out", "site")
    assert result.code == 1
    assert result.err.splitlines()[0].startswith("zensical is not installed")
    assert tree(workdir / "site") == before


def test_a_broken_link_fails_the_zensical_build_too(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Strict like MkDocs: a page that links nowhere stops the build, and the published site stays."""
    assert run_cli("build", "--engine", "zensical", "--out", "site").code == 0
    before = tree(workdir / "site")
    original = docs_module._generate

    def with_broken_link(*args: object, **kwargs: object) -> tuple:
        files, found = original(*args, **kwargs)
        broken = ((name, text + "\n[broken](no-such-page.md)\n" if name == "index.md" else text) for name, text in files)
        return broken, found

    monkeypatch.setattr(docs_module, "_generate", with_broken_link)
    result = run_cli("build", "--engine", "zensical", "--out", "site")
    assert result.code == 1 and "zensical build --strict failed" in result.err, result.err
    assert tree(workdir / "site") == before


def test_source_pages_show_each_quote_in_its_paragraph_when_the_archive_verifies() -> None:
    from generator.render.docs import generate_text
    from generator.render.pages import Renderer

    store = load_store(SMALL, today=dt.date(2026, 1, 1))
    page = Renderer(store, archive_dir=FIXTURE_ARCHIVE).source(store.sources["acme-note"])
    words = page.split("## The source's words")[1]
    assert "<li>\n<p><mark>Acme held more than 5,000 valid patents by the end of 2023.</mark></p>\n</li>" in words
    assert ", <mark>up from $100 million in 2022</mark>." in words  # the paragraph around the quote, as archived
    assert "Its full text is not published here, since its\nlicence is not known" in page
    without = generate_text(store)["sources/acme-note.md"]
    assert "The archived text was not available to this build" in without and "<mark>" not in without.split(
        "## Figures from this source")[0]


def test_the_figure_s_words_are_highlighted_in_its_quote() -> None:
    from generator.render.docs import generate_text

    page = generate_text(load_store(SMALL, today=dt.date(2026, 1, 1)))["metrics/valid-patents.md"]
    assert "“Acme held more than <mark>5,000</mark> valid patents by the end of 2023.”" in page


def test_cite_this_page_in_three_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain text, BibTeX (LaTeX specials escaped) and CSL-JSON that parses, with URL and data version."""
    import html as html_module
    import re

    from generator.render.cite import latex
    from generator.render.pages import Renderer

    monkeypatch.setenv("SITE_URL", "https://example.org/figures/")
    store = load_store(SMALL, today=dt.date(2026, 1, 1))
    page = Renderer(store).entity(store.entities["acme"])
    plain = re.search(r'<p class="fs-cite__plain">(.*?)</p>', page).group(1)
    assert html_module.unescape(re.sub(r"<[^>]+>", "", plain)) == (
        'Huawei & China IP figures. "Acme". Data as built on 1 January 2026. '
        "https://example.org/figures/entities/acme/ (accessed 1 January 2026).")
    bibtex = html_module.unescape(re.search(r'<pre class="fs-cite__bibtex"><code>(.*?)</code>', page, re.S).group(1))
    assert "  author = {{Huawei \\& China IP figures}}," in bibtex
    assert "  howpublished = {\\url{https://example.org/figures/entities/acme/}}," in bibtex
    csl = json.loads(html_module.unescape(re.search(r'<pre class="fs-cite__csl"><code>(.*?)</code>', page, re.S).group(1)))
    assert csl[0]["URL"] == "https://example.org/figures/entities/acme/" and csl[0]["version"] == "2026-01-01"
    assert csl[0]["issued"] == {"date-parts": [[2026, 1, 1]]} and csl[0]["type"] == "dataset"
    assert latex("R&D 50% #1 $5 {x} a_b ~ ^ \\") == \
        "R\\&D 50\\% \\#1 \\$5 {\\textbraceleft}x{\\textbraceright} a\\_b \\~{} \\^{} \\textbackslash{}"


@settings(max_examples=150, deadline=None)
@given(title=st.text(alphabet=st.sampled_from("{}\\%#&$_~^ aZ9é华"), min_size=1, max_size=30))
def test_the_bibtex_entry_parses_whatever_the_title(title: str) -> None:
    """A real BibTeX parser (pybtex counts braces as BibTeX does) reads the entry: a lone '{' or '}' in a title
    must not unbalance it."""
    import html as html_module
    import re

    from pybtex.database import parse_string

    from generator.render.cite import citation_html

    store = load_store(SMALL, today=dt.date(2026, 1, 1))
    box = citation_html(title, "entities/acme.md", store, "1 January 2026", "Site {of} figures", "https://example.org/")
    bibtex = html_module.unescape(re.search(r'<pre class="fs-cite__bibtex"><code>(.*?)</code>', box, re.S).group(1))
    [entry] = parse_string(bibtex, "bibtex").entries.values()
    assert entry.fields["year"] == "2026"
    assert entry.fields["title"].count("textbraceleft") == title.count("{")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_each_page_describes_itself_for_search_engines_and_shared_links(tmp_path: Path, engine: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import html as html_module
    import re

    monkeypatch.setenv("SITE_URL", "https://example.org/figures/")
    build(SMALL, tmp_path / "site", tmp_path / "build", engine=engine)
    page = (tmp_path / "site" / "metrics" / "licensing-revenue" / "index.html").read_text(encoding="utf-8")

    def meta(attribute: str, name: str) -> list[str]:
        return [html_module.unescape(m) for m in re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)]

    expected = ("Licensing revenue, Acme: about US$120 million in 2023 (ACME annual note). Revenue from licensing.")
    assert meta("name", "description") == [expected]
    assert meta("property", "og:description") == [expected] and meta("name", "twitter:description") == [expected]
    assert meta("property", "og:title") == ["Licensing revenue"]
    assert meta("property", "og:url") == ["https://example.org/figures/metrics/licensing-revenue/"]
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert home.count('<meta name="description"') == 1
    for built in (home, page):  # the feed of data changes, linked from every page
        assert '<link rel="alternate" type="application/atom+xml"' in built
    assert (tmp_path / "site" / "feed.xml").read_text(encoding="utf-8").startswith('<?xml version="1.0"')
    # A shared link shows the page's own picture: its figure in the source's words, drawn at build time.
    assert meta("property", "og:image") == meta("name", "twitter:image") == [
        "https://example.org/figures/cards/metrics/licensing-revenue.png"]
    assert meta("name", "twitter:card") == ["summary_large_image"]
    assert meta("property", "og:image:alt")[0].startswith("Licensing revenue, about US$120 million, 2023 · Acme")
    from PIL import Image

    # Every other page describes itself in its own words and shows the site's picture.
    descriptions = {}
    for item in ("", "timeline/", "timeline/2023/", "conflicts/", "metrics/", "entities/", "sources/", "people/",
                 "downloads/", "methodology/"):
        built = (tmp_path / "site" / item / "index.html").read_text(encoding="utf-8")
        [description] = re.findall(r'<meta name="description" content="([^"]*)"', built)
        descriptions[item] = html_module.unescape(description)
        assert '<meta property="og:image" content="https://example.org/figures/cards/site.png">' in \
            html_module.unescape(built), item
        assert '<meta name="twitter:card" content="summary_large_image">' in built
    assert len(set(descriptions.values())) == len(descriptions)  # no page borrows another's words
    assert descriptions[""].startswith("5 figures from 2 sources, 2022–2024: each with its year")
    assert descriptions["timeline/2023/"].startswith("2023: ")
    assert descriptions["methodology/"].startswith("How this site works")
    with Image.open(tmp_path / "site" / "cards" / "site.png") as picture:
        assert (picture.format, picture.size) == ("PNG", (600, 315))
    from PIL import Image

    pictures = {}
    for item in ("metrics/licensing-revenue", "entities/acme"):
        built = html_module.unescape((tmp_path / "site" / item / "index.html").read_text(encoding="utf-8"))
        assert f'<meta property="og:image" content="https://example.org/figures/cards/{item}.png">' in built
        with Image.open(tmp_path / "site" / "cards" / f"{item}.png") as picture:
            assert (picture.format, picture.size) == ("PNG", (600, 315))
            pictures[item] = picture.tobytes()
    assert pictures["metrics/licensing-revenue"] != pictures["entities/acme"]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_description_with_markdown_characters_reads_as_typed(tmp_path: Path, engine: str) -> None:
    """Round one's leftover: 'C#' showed as 'C\\' on its page. Every place the description is shown reads it as
    typed (the entity page, the home page's list, the meta description)."""
    import html as html_module
    import re

    typed = "Writes its tools in C# and F#, 100% *tested* <b>x</b> [link](y) `code` \\ back, and #1"
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    entities = data / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "description: A maker of widgets.", f"description: {json.dumps(typed)}"), encoding="utf-8")
    build(data, tmp_path / "site", tmp_path / "build", engine=engine)
    for page in ("entities/acme/index.html", "index.html"):
        built = (tmp_path / "site" / page).read_text(encoding="utf-8")
        shown = [html_module.unescape(re.sub(r"<[^>]+>", "", line)).strip() for line in built.splitlines()
                 if "Writes its tools" in line and "<meta" not in line]
        assert shown and all(typed in line for line in shown), (page, shown)
    entity = (tmp_path / "site" / "entities/acme/index.html").read_text(encoding="utf-8")
    [meta] = re.findall(r'<meta name="description" content="([^"]*)"', entity)
    assert typed in html_module.unescape(meta)


def test_counts_are_written_with_thousands_separators() -> None:
    from generator.render.downloads import downloads_page
    from generator.render.pages import Renderer

    store = load_store(ROOT / "data")
    renderer = Renderer(store)
    assert f"{len(store.facts):,} reported figures" in renderer.home() and len(store.facts) >= 1000
    assert f"{len(store.facts):,} reported and" in downloads_page(renderer)["downloads.md"]
