"""Comparison pages (render/compare.py): one entity's metrics side by side over the years. A chart per unit, a
table of years by metrics with every value linked to its anchor and its provenance, a difference computed only
where asked and only between stated values; comparisons that name what is not there are clear errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.render.compare import comparison_charts, difference_words
from generator.render.pages import Renderer
from generator.store import load_store

from .conftest import ROOT, run_cli

PAID = "china-ip-charges-paid-and-received"
HUAWEI = "huawei-rd-spending-and-revenue"


@pytest.fixture(scope="module")
def store():
    return load_store(ROOT / "data")


def test_metrics_in_one_unit_share_a_chart_and_each_unit_has_its_own(store) -> None:
    found = comparison_charts(store)
    assert sorted(found) == [PAID, HUAWEI, f"{HUAWEI}-2"]
    assert [t["name"] for t in found[HUAWEI].figure["data"]] == ["R&amp;D spending", "Revenue"]  # plotly reads names as HTML
    assert found[HUAWEI].unit == "CN¥" and found[f"{HUAWEI}-2"].unit == "%"
    assert [t["name"] for t in found[f"{HUAWEI}-2"].figure["data"]] == ["R&amp;D spending as a share of revenue"]
    paid = found[PAID]
    assert all(p.entity == "china" and p.rank == "preferred" for p in paid.points)
    assert paid.summary.startswith("Reported values of China, one line per metric: Charges for the use of "
                                   "intellectual property, payments, from US$543 million in 1997")
    assert paid.static[0]  # drawn at build time, for the page and the home page


def test_the_table_links_each_value_to_its_anchor_and_computes_the_difference_it_says_it_computes(store) -> None:
    page = Renderer(store).comparison(store.comparisons[PAID])
    table = page[page.index("<table>"):page.index("</table>")]
    years = [int(y) for y in re.findall(r"<tr><td>(\d{4})</td>", table)]
    assert years == sorted(years, reverse=True) and years[0] == 2025
    paid, received = store.facts["china-ip-charges-payments-2025"], store.facts["china-ip-charges-receipts-2025"]
    row = re.search(r"<tr><td>2025</td>.*?</tr>", table).group()
    assert 'href="../../metrics/ip-charges-payments/#china-ip-charges-payments-2025">US$46.629 billion</a>' in row
    assert "at Country Code CHN, Year 2025, column Value" in row  # the cell, named where the value stands
    gap = paid.value - received.value
    assert row.endswith(f"<td>US${gap / 1e9:.3f} billion</td></tr>") and gap > 0
    assert "less charges for the use of intellectual property, receipts (computed here)</th>" in table
    assert "it is not a figure any source states" in page
    # One footnote per table for its cells (the World Bank's receipts in two versions), not one per value.
    tables = {c.source for comparison_metric in store.comparisons[PAID].metrics
              for f in store.reported(comparison_metric, "china") for c in f.citations}
    assert len(tables) == 3 and sorted(re.findall(r'<li id="fn:table-([^"]+)"', page)) == sorted(tables)
    huawei = Renderer(store).comparison(store.comparisons[HUAWEI])
    assert "computed here" not in huawei and huawei.count('class="fs-chart"') == 2


def test_a_difference_is_computed_only_between_stated_values(store) -> None:
    exact = store.facts["china-ip-charges-payments-2025"]
    bound = exact.model_copy(update={"qualifier": "at_least"})
    about = exact.model_copy(update={"qualifier": "approximately"})
    assert difference_words(exact, bound, "USD") == "" and difference_words(exact, None, "USD") == ""
    assert difference_words(about, exact, "USD") == "about US$0"
    assert difference_words(store.facts["china-ip-charges-receipts-2025"], exact, "USD").startswith("−US$33.5")


def test_the_home_page_leads_with_the_comparisons_and_the_metrics_index_lists_them(store) -> None:
    renderer = Renderer(store)
    home = renderer.home()
    links = re.findall(r'<a class="fs-glance__link" href="([^"]+)"', home)
    assert links == [f"comparisons/{HUAWEI}/", f"comparisons/{PAID}/", "metrics/patent-applications-residents/"]
    index = dict(renderer.iter_pages())["metrics/index.md"]
    assert f"[China: charges for the use of intellectual property, paid and received](../comparisons/{PAID}.md)" \
        in index


COMPARISON = """
comparisons:
  - id: acme-compared
    title: Acme compared
    entity: acme
    metrics: [licensing-revenue, {second}]
"""


@pytest.mark.parametrize("second, message", [
    ("no-such-metric", "data/comparisons.yaml:6:34: unknown metric 'no-such-metric'; add it to the metrics, or fix "
                       "the id"),
    ("licensing-revenue", "data/comparisons.yaml:6:14: a comparison names each metric once"),
])
def test_a_comparison_of_what_is_not_there_is_one_clear_error(workdir: Path, second: str, message: str) -> None:
    (workdir / "data" / "comparisons.yaml").write_text(COMPARISON.format(second=second), encoding="utf-8")
    result = run_cli("validate")
    assert result.code == 1
    assert any(line.startswith(message) for line in result.lines), result.lines


def test_a_comparison_builds_its_page_chart_and_data_in_a_small_site(workdir: Path) -> None:
    (workdir / "data" / "comparisons.yaml").write_text(COMPARISON.format(second="valid-patents"), encoding="utf-8")
    result = run_cli("generate", "--out", "docs")
    assert result.code == 0, result.err
    page = (workdir / "docs" / "comparisons" / "acme-compared.md").read_text(encoding="utf-8")
    assert page.startswith("---") and "# Acme compared" in page and "## Values by year" in page
    figure = json.loads((workdir / "docs" / "charts" / "acme-compared.json").read_text(encoding="utf-8"))
    assert [t["name"] for t in figure["data"]] == ["Licensing revenue"]  # US$; the counts have a chart of their own
    assert (workdir / "docs" / "charts" / "acme-compared-2.csv").is_file()


def test_entity_and_metric_pages_link_to_their_comparisons(store) -> None:
    renderer = Renderer(store)
    china = renderer.entity(store.entities["china"])
    assert f"Compared over the years: [China: charges for the use of intellectual property, paid and received]" \
           f"(../comparisons/{PAID}.md)." in china
    revenue = renderer.metric(store.metrics["revenue"])
    assert f"Set beside other figures: [Huawei: R&amp;D spending, revenue and the share one is of the other]" \
           f"(../comparisons/{HUAWEI}.md)." in revenue
    assert "Set beside other figures" not in renderer.metric(store.metrics["valid-patents"])
