"""Chart figures: honest about sparse data, small, and drawable by the bundle we ship."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.charts import chart_files, charts, summary
from generator.store import load_store

from .conftest import ROOT


def _real():
    store = load_store(ROOT / "data")
    return store, charts(store)


def test_licensing_revenue_chart_is_honest() -> None:
    """The commentary's US$630 million for 2025, ranked down, is drawn apart as disputed, not as a projection."""
    store, found = _real()
    figure = found["licensing-revenue"].figure
    reported, disputed = figure["data"]
    assert (reported["name"], reported["x"], reported["y"]) == ("Reported", [2022, None, 2024], [560000000, None, 630000000])
    assert reported["connectgaps"] is False
    assert reported["marker"]["symbol"] == ["circle", "circle", "diamond"]  # 2024 is approximate
    assert (disputed["name"], disputed["x"], disputed["marker"]["color"]) == (
        "Disputed values (ranked down)", [2025, 2025], "#9e9e9e")
    assert all("disputed: ranked down by this site" in text for text in disputed["hovertext"])
    assert "Source: " in reported["hovertext"][0]
    assert figure["layout"]["yaxis"]["tickprefix"] == "US$"
    assert "template" not in figure["layout"]
    assert found["licensing-revenue"].summary == (
        "Reported patent licensing revenue rose from US$560 million in 2022 to about US$630 million in 2024 "
        "(2 reported values). 2 values ranked lower or disputed are drawn apart and not counted as reported.")


def test_a_metric_with_only_disputed_values_has_no_current_figure() -> None:
    from generator.render.pages import Renderer

    from generator.render.charts import chart

    store, found = _real()
    share = chart(store, store.metrics["licensing-revenue-share-of-revenue"])
    assert "licensing-revenue-share-of-revenue" not in found  # one value: a card, not a one-point chart
    assert [t["name"] for t in share.figure["data"]] == ["Disputed values (ranked down)"]
    assert share.summary == ("No reported values of licensing revenue as a share of total revenue; only projections, "
                             "targets or disputed values. 1 value ranked lower or disputed is drawn apart and not "
                             "counted as reported.")
    renderer = Renderer(store)
    assert renderer.latest_preferred("licensing-revenue-share-of-revenue") is None
    page = renderer.entity(store.entities["huawei"])
    row = next(line for line in page.splitlines() if "share of total revenue" in line.lower())
    assert ('none reported; latest value <a href="../../metrics/licensing-revenue-share-of-revenue/'
            '#huawei-licensing-share-of-revenue-2025">approximately 2% (projected)</a>') in row, row
    assert row.endswith("(projection, not a reported result; disputed)</td><td>2025</td><td>1 value</td>"
                        "<td>unknown</td></tr>"), row


def test_a_derived_only_metric_says_so() -> None:
    from generator.render.charts import chart

    store, _ = _real()
    assert chart(store, store.metrics["licensing-revenue-growth"]).summary.startswith(
        "No source reports growth of patent licensing revenue; this site derives it from other figures: about 13% for 2024.")


def test_timeline_picture_has_every_event_and_figure_without_hiding_any() -> None:
    store, found = _real()
    figure = found["timeline"].figure
    held = {trace["name"]: sum(int(n or 1) for n in trace["text"]) for trace in figure["data"]}
    assert held["Events"] == len(store.events)
    assert sum(held.values()) == len(store.events) + len(store.facts) + len(store.derived)
    for trace in figure["data"]:  # entries on one point share one marker, so no marker hides another
        points = list(zip(trace["x"], trace["y"]))
        assert len(points) == len(set(points)), trace["name"]
    huawei = next(t for t in figure["data"] if t["name"] == "Huawei figures")
    at = huawei["x"].index("2024")
    # 12 reported by the news texts, 7 from the annual report (3 cells, 4 quotes of its text), 1 derived
    assert huawei["text"][at] == "20" and huawei["customdata"][at] == "timeline/2024/"
    assert huawei["hovertext"][at].count("2024: ") == 10  # ten entries, then how many more
    assert huawei["hovertext"][at].endswith("… and 10 more: select to open the year")
    cloud = next(t for t in figure["data"] if t["name"] == "Huawei Cloud figures")
    assert cloud["text"] == [""] and cloud["customdata"][0].startswith("metrics/")
    facts, derived = len(store.facts), len(store.derived)  # the summary counts what the data holds
    assert found["timeline"].summary == (f"{len(store.events)} dated events and {facts + derived:,} figures ({facts} "
                                         f"reported, {derived} derived by this site) from 1960 to 2025.")


def test_hover_text_is_escaped_for_plotly() -> None:
    """plotly reads <br>, <b>, <a href> and entities in hover text: data text must not become markup."""
    from generator.render.charts import _hover_list

    assert _hover_list([("<a href='x'>R&D</a>", "timeline/#x")]) == "&lt;a href='x'&gt;R&amp;D&lt;/a&gt;"


def test_summary_of_a_single_value() -> None:
    store, _ = _real()
    assert summary(store, store.metrics["patents-published"]) == "One reported value: 37,000 for 2024."


def test_chart_files_are_small_and_valid_json() -> None:
    store, found = _real()
    for path, text in dict(chart_files(found, store, {})).items():
        if path.endswith(".csv"):
            continue
        json.loads(text)
    for chart in found.values():
        if chart.key != "timeline":  # the timeline picture is an index of everything
            assert len(dict(chart_files({chart.key: chart}, store, {}))[chart.path]) < 4_000 + 250 * len(chart.points), \
                chart.key


def test_metrics_that_belong_together_share_a_chart() -> None:
    _, found = _real()
    chart = found["invention-patents-granted"]
    assert [t["name"] for t in chart.figure["data"]] == [
        "Invention patents granted: Reported", "Invention patents granted: Derived",
        "Trademark registrations: Reported", "Trademark registrations: Derived"]
    assert chart.label == "Invention patents granted and trademark registrations"
    assert chart.summary == ("One reported value: at least 1.04 million for 2024. "
                             "One reported value: 4.78 million for 2024.")


def test_the_timeline_picture_keeps_its_height_with_many_entities(tmp_path) -> None:  # noqa: ANN001
    from generator.render.charts import TIMELINE_ROWS, timeline_chart
    from generator.synth import synth

    synth(tmp_path, 2_000)  # 40 entities
    store = load_store(tmp_path / "data")
    figure = timeline_chart(store).figure
    names = [trace["name"] for trace in figure["data"]]
    assert len(names) == 1 + TIMELINE_ROWS + 1
    assert names[0] == "Events" and names[-1] == f"Other figures ({40 - TIMELINE_ROWS} entities)"
    held = sum(int(n or 1) for trace in figure["data"][1:] for n in trace["text"])
    assert held == len(store.facts)
    other = figure["data"][-1]
    assert other["hovertext"][0].startswith("Synthetic Company ")  # the entity is named where rows are shared


def test_figures_in_words_are_shown_in_words_everywhere() -> None:
    """'About one-third' is not 'about 33.3%', and 'nearly three times' is not 'at most 300%'."""
    from generator.numbers import figure_words
    from generator.render.pages import Renderer

    store, found = _real()
    renderer = Renderer(store)
    assert renderer.tables.value(store.facts["huawei-licensing-share-europe-2024"]) == "about one-third"
    assert renderer.tables.value(store.facts["huawei-royalties-paid-to-received-2025"]) == "nearly three times"
    assert figure_words(store.facts["huawei-licensing-share-of-revenue-2025"], "percent") == "approximately 2% (projected)"
    from generator.render.charts import chart

    europe = chart(store, store.metrics["licensing-revenue-share-europe"])
    assert "about one-third" in europe.figure["data"][0]["hovertext"][0]
    assert europe.summary.startswith("One reported value: about one-third for 2024.")
    regions = found["licensing-revenue-share-asia-pacific"]  # shares of one whole: one chart of bars
    assert regions.figure["data"][0]["type"] == "bar" and len(regions.figure["data"][0]["y"]) == 3
    assert regions.summary == (
        "For 2024, one value each. Share of licensing revenue from Asia-Pacific: about one-third; Share of "
        "licensing revenue from the United States: about one-third; Share of licensing revenue from Europe: "
        "about one-third.")
    shared = renderer.chart_or_card(store.metrics["licensing-revenue-share-europe"])  # its page shows the same chart
    assert 'data-chart="charts/licensing-revenue-share-asia-pacific.json"' in shared
    card = renderer.chart_or_card(store.metrics["patents-published"])
    assert '<p class="fs-card__value">37,000</p>' in card
    assert store.facts["huawei-royalties-paid-to-received-2025"].qualifier == "approximately"  # like 'almost 200'


def test_the_share_of_revenue_is_not_a_us_dollar_conflict() -> None:
    store, _ = _real()
    in_conflicts = {f.id for conflict in store.conflicts for f in conflict.facts}
    assert "huawei-licensing-share-of-revenue-2025" not in in_conflicts
    assert {"huawei-licensing-revenue-2025-target", "huawei-licensing-revenue-2025-projection"} <= in_conflicts
    for fact_id in ("huawei-licensing-revenue-2025-target", "huawei-licensing-revenue-2025-projection"):
        assert "names no source" in store.facts[fact_id].reason
    assert "WIPO data" in store.facts["huawei-licensing-revenue-2025-target"].reason  # what it does cite, said


def test_the_timeline_picture_and_its_table_count_the_same_entries() -> None:
    """Per year, the picture holds as many figures (reported and derived) and events as the table of years."""
    from collections import Counter

    from generator.render.pages import Renderer

    store, found = _real()
    in_picture: Counter = Counter()
    for trace in found["timeline"].figure["data"]:
        kind = "events" if trace["name"] == "Events" else "figures"
        for x, n in zip(trace["x"], trace["text"]):
            in_picture[(int(str(x)[:4]), kind)] += int(n or 1)
    index = Renderer(store).timeline()["timeline/index.md"]
    import re

    in_table: Counter = Counter()
    for year, figures, events in re.findall(r"^<tr><td><a [^>]*>(\d{4})</a></td><td>(\d+)</td>.*<td>(\d+)</td></tr>",
                                            index, flags=re.M):
        in_table[(int(year), "figures")] += int(figures)
        in_table[(int(year), "events")] += int(events)
    assert in_table and +in_picture == +in_table
    china = next(t for t in found["timeline"].figure["data"] if t["name"] == "China figures")
    assert "(derived by this site)" in china["hovertext"][china["x"].index("2023")]


def test_one_value_is_a_big_number_card_with_its_words_quote_and_source() -> None:
    from generator.render.pages import Renderer

    store, found = _real()
    assert all(len(c.points) > 1 for key, c in found.items() if key != "timeline")
    card = Renderer(store).chart_or_card(store.metrics["patents-published"])
    assert card.startswith('<div class="fs-card">\n<p class="fs-card__value">37,000</p>\n')
    assert '<p class="fs-card__meta">2024 · Huawei · as stated</p>' in card
    assert "“In 2024, Huawei published 37,000 patents, setting a new record for the company.”" in card
    assert '— <a href="../../sources/immediapress-huawei-6th-ip-forum/">Advancing Innovation' in card
    disputed = Renderer(store).chart_or_card(store.metrics["licensing-revenue-share-of-revenue"])
    assert "projection, not a reported result; disputed" in disputed


def test_each_chart_has_its_own_data_download() -> None:
    import csv as csv_module
    import io

    from generator.render.charts import chart_files, figure_html

    store, found = _real()
    files = dict(chart_files(found, store, {}))
    rows = list(csv_module.DictReader(io.StringIO(files["charts/licensing-revenue.csv"], newline="")))
    assert [(r["id"], r["value"], r["rank"]) for r in rows] == [
        ("huawei-licensing-revenue-2022", "560000000", "preferred"), ("huawei-licensing-revenue-2024", "630000000", "preferred"),
        ("huawei-licensing-revenue-2025-projection", "630000000", "deprecated"),
        ("huawei-licensing-revenue-2025-target", "630000000", "deprecated")]
    html_text = figure_html(found["licensing-revenue"], csv_href="../../charts/licensing-revenue.csv")
    assert '<a href="../../charts/licensing-revenue.csv" download>' in html_text
    assert 'data-format="png"' in html_text and 'data-format="svg"' in html_text


def test_a_period_the_source_does_not_state_reads_as_a_bound() -> None:
    """The undated report's 'currently': shown as '2025 or later', never as a year the source states."""
    from generator.export import fact_records
    from generator.render.pages import Renderer

    store, _ = _real()
    fact = store.facts["huawei-cloud-developers-2025"]
    assert fact.period_basis == "earliest"
    renderer = Renderer(store)
    assert "2025 or later · Huawei Cloud · at least" in renderer.chart_or_card(store.metrics["cloud-developers"])
    page = renderer.metric(store.metrics["cloud-developers"])
    assert '<tr id="huawei-cloud-developers-2025"><td>2025 or later</td><td><a href="../../entities/huawei-cloud/">' in page
    assert "<td>2025 or later</td>" in renderer.entity(store.entities["huawei-cloud"])
    [record] = [r for r in fact_records(store) if r["id"] == fact.id]
    assert (record["period"], record["period_basis"]) == ("2025", "earliest")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 -—\t\n\xa0\u2003.,<&")), max_size=120))
def test_tooltip_lines_wrap_as_textwrap_does(text: str) -> None:
    import textwrap

    from generator.render.charts import HOVER_WIDTH, hover_lines
    from generator.render.escape import plotly_text

    expected = tuple(plotly_text(line) for line in textwrap.wrap(text, HOVER_WIDTH, break_long_words=True))
    assert hover_lines(text) == expected


def test_the_timeline_counts_each_years_figures_by_group_and_each_count_opens_that_part_of_the_year() -> None:
    """The table of years has a column per group of metrics (data/metrics.yaml `group`); a count links to the
    section of that year's page that lists exactly that many figures."""
    import re

    from generator.render.pages import Renderer
    from generator.render.routes import heading_anchor

    store, _ = _real()
    pages = Renderer(store).timeline()
    index = pages["timeline/index.md"]
    groups = store.metric_groups()
    assert groups[:3] == ["Research and development", "Patents", "Research output"]
    head = re.search(r"<thead>\n<tr>(.*)</tr>", index).group(1)
    assert re.findall(r"<th>([^<]*)</th>", head) == ["Year", "Figures", *groups, "Events"]
    links = re.findall(r'<a href="\.\./timeline/(\d{4})/#([a-z-]+)">(\d+)</a>', index)
    assert len(links) > 100
    for year, anchor, count in links:
        page = pages[f"timeline/{year}.md"]
        group = next(g for g in groups if heading_anchor(g) == anchor)
        section = page.split(f"### {group}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        assert section.count("<tr>") - 1 == int(count), (year, group)  # rows less the header row
