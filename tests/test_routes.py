"""One address scheme (render/routes.py): where each page is written, where it is served, and links between them."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.render import routes

from .conftest import ROOT, SMALL


@pytest.mark.parametrize(("path", "route"), [
    ("index.md", ""), ("metrics/index.md", "metrics/"), ("metrics/rd-spend.md", "metrics/rd-spend/"),
    ("metrics/rd-index.md", "metrics/rd-index/"), ("timeline/2024.md", "timeline/2024/"),
    ("data/facts.csv", "data/facts.csv"), ("feed.xml", "feed.xml"),
])
def test_pages_are_served_at_their_directory_address(path: str, route: str) -> None:
    assert routes.site_route(path) == route
    assert routes.site_path(path) == "/" + route


def test_addresses_are_relative_without_a_published_address_and_absolute_with_one() -> None:
    assert routes.page_url(routes.HOME, "") == "./"
    assert routes.page_url(routes.metric_page("rd-spend"), "") == "metrics/rd-spend/"
    assert routes.absolute_url(routes.card_path(routes.metric_page("rd-spend")), "") is None
    assert routes.page_url(routes.HOME, "https://example.org/figures") == "https://example.org/figures/"
    assert routes.absolute_url(routes.card_path(routes.entity_page("huawei")), "https://example.org/figures/") == (
        "https://example.org/figures/cards/entities/huawei.png")


def test_the_published_address_and_the_date_are_read_once_from_the_environment() -> None:
    """The command line reads SITE_URL and SOURCE_DATE_EPOCH into a Settings and passes it down; nothing below it
    reads the environment for them."""
    import datetime as dt

    from generator.settings import Settings

    settings = Settings.from_environment({"SITE_URL": " https://example.org/x/ ", "SOURCE_DATE_EPOCH": "1798761600"})
    assert (settings.site_url, settings.build_date()) == ("https://example.org/x/", dt.date(2027, 1, 1))
    assert Settings.from_environment({}).build_date() == dt.date.today()
    for module in ("render/routes.py", "render/pages.py", "render/docs.py", "render/feed.py", "render/cite.py",
                   "site.py", "model.py", "store.py"):
        text = (ROOT / "generator" / module).read_text(encoding="utf-8")
        assert "SITE_URL\"" not in text and "environ.get(\"SITE_URL" not in text and "environ.get(\"SOURCE_DATE" not in text


segment = st.text(alphabet="abc-", min_size=1, max_size=3)


@given(here=st.lists(segment, max_size=3), page=segment, there=st.lists(segment, max_size=3), target=segment)
def test_links_for_raw_html_reach_the_page_the_engines_serve(here: list[str], page: str, there: list[str],
                                                            target: str) -> None:
    """A link written into raw HTML, resolved against the address the linking page is served at, lands on
    the address the target page is served at."""
    source = "/".join([*here, page + ".md"])
    destination = "/".join([*there, target + ".md"])
    served_at = "/" + routes.site_route(source)
    resolved = posixpath.normpath(posixpath.join(served_at, routes.relative_url(source, destination)))
    expected = posixpath.normpath("/" + routes.site_route(destination))
    assert resolved == expected


def test_the_review_names_a_page_whose_id_ends_in_index_at_its_address(tmp_path) -> None:  # noqa: ANN001
    """The review's list of pages affected asks routes for addresses (it used to cut 'index' off any name)."""
    import shutil

    from generator.history import load_revision
    from generator.review.compare import compare

    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    before = load_revision(tmp_path, data, None)
    facts = data / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("metric: valid-patents", "metric: patent-index"),
                     encoding="utf-8")
    entities = data / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("  - id: valid-patents", "  - id: patent-index"),
                        encoding="utf-8")
    after = load_revision(tmp_path, data, None)
    assert after.problems == []
    assert "/metrics/patent-index/" in compare(before, after).pages
