"""`suggest`: candidate facts from a source text, each with a verbatim quote (generator/sources/suggest.py)."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest
import yaml

from generator.quotes import canonical, states_value
from generator.sources.suggest import suggest
from generator.store import load_store

from .conftest import ROOT, run_cli, seeds_dir

TEXTS = ROOT / "tests" / "suggest"


def _matches(candidate, value: float, unit: str) -> bool:  # noqa: ANN001 - a Candidate
    if candidate.value is None:
        return False
    if candidate.unit == "times":
        return unit == "percent" and math.isclose(candidate.value * 100, value, rel_tol=0.005)
    return candidate.unit == unit and math.isclose(candidate.value, value, rel_tol=0.005 if unit == "percent" else 1e-9)


def test_every_figure_the_data_holds_is_proposed_from_its_seed_with_a_verbatim_quote() -> None:
    archive = seeds_dir()
    if archive is None:
        pytest.skip("the seeds are not here")
    store = load_store(ROOT / "data")
    missed, proposed, matched = [], 0, 0
    for source in (s for s in store.sources.values() if s.archive.startswith("seeds/")):  # the five seed texts
        text = (archive / source.archive).read_text(encoding="utf-8", errors="replace")
        published = source.published or source.updated
        when = dt.date(published.year, published.month or 12, published.day or 28) if published else None
        candidates = suggest(text, published=when, store=store, source=source.id)
        proposed += len(candidates)
        for candidate in candidates:
            assert canonical(candidate.quote) in canonical(text), candidate.quote
            if candidate.unit in ("count", "percent") or len(candidate.unit) == 3:
                assert states_value(candidate.quote, candidate.value, candidate.unit), candidate
        facts = [f for f in store.facts.values() if any(c.source == source.id for c in f.citations)]
        for fact in facts:
            found = [c for c in candidates if _matches(c, fact.value, store.metrics[fact.metric].unit)]
            if not found:
                missed.append(fact.id)
        matched += sum(1 for c in candidates if c.known_fact)
    assert missed == []
    # Precision, as reported in the README: every candidate from the seeds is a figure (the data holds most).
    assert (proposed, matched) == (34, 34)


EXPECTED = {
    "annual-report.txt": [
        (161500000000, "CNY", "exact", "2023", "fiscal year"),
        (9.6, "percent", "exact", "2023", "fiscal year"),
        (23400000000, "CNY", "exact", "2023", "a year stated earlier in the paragraph"),
        (14.5, "percent", "exact", "2023", "a year stated earlier in the paragraph"),
        (-12.3, "percent", "exact", "2023", "a year stated earlier in the paragraph"),
        (8100000000, "CNY", "exact", "2023", "a year stated earlier in the paragraph"),
        (500000000, "USD", "projection", "2025", "stated year"),
        (12345, "count", "exact", "2023", "stated year"),
    ],
    "blog-post.txt": [
        (20, "percent", "approximately", "2023", "'last year' against the publication date 2024-03-01"),
        (2, "times", "approximately", "2023", "'last year' against the publication date 2024-03-01"),
        (1200000000, "USD", "approximately", None, "unknown"),
        (200, "count", "at_least", None, "unknown"),
        (50, "percent", "target", "2027", "stated year"),
    ],
    "statistics-bulletin.txt": [
        (798000, "count", "exact", "2022", "table column"),
        (921000, "count", "exact", "2023", "table column"),
        (6177000, "count", "exact", "2022", "table column"),
        (4383000, "count", "exact", "2023", "table column"),
        (21.9, "per 10,000 people", "exact", "2023", "stated year"),
        (-3.2, "percent", "exact", "2023", "a year stated earlier in the paragraph"),
        (1680000, "count", "exact", "2023", "a year stated earlier in the paragraph"),
        (-2.1, "percentage points", "exact", None, "unknown"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_varied_texts_give_exactly_their_figures(name: str) -> None:
    """Annual report, blog post and statistics bulletin: every figure, nothing that is not one."""
    text = (TEXTS / name).read_text(encoding="utf-8")
    candidates = suggest(text, published=dt.date(2024, 3, 1))
    assert [(c.value, c.unit, c.qualifier, c.period, c.period_basis) for c in candidates] == EXPECTED[name]
    for candidate in candidates:
        assert canonical(candidate.quote) in canonical(text), candidate.quote


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("Revenue was RMB 161.5 billion in 2022.", 161500000000, "CNY", "exact"),
    ("Profit reached ¥8.1 billion in 2023.", 8100000000, "CNY", "exact"),
    ("Sales were US$1.2 billion in 2024.", 1200000000, "USD", "exact"),
    ("R&D expenses were CNY 23.4 billion in 2023.", 23400000000, "CNY", "exact"),
    ("Exports were worth €3.5bn in 2021.", 3500000000, "EUR", "exact"),
    ("It spent 75 million yuan in 2020.", 75000000, "CNY", "exact"),
    ("There were 21.9 invention patents per 10,000 people in 2023.", 21.9, "per 10,000 people", "exact"),
    ("One in five users left in 2022.", 20, "percent", "exact"),
    ("Filings nearly doubled in 2021.", 2, "times", "approximately"),
    ("Output fell 4.5% in 2022.", -4.5, "percent", "exact"),
    ("Growth was -3.5% in 2023.", -3.5, "percent", "exact"),
    ("Imports decreased by 2.4 percent in 2023.", -2.4, "percent", "exact"),
    ("Applications rose to 1.68\nmillion in 2023.", 1680000, "count", "exact"),
    ("The firm expects 3,000 hires in 2026.", 3000, "count", "projection"),
    ("The group aims for 40% of sales abroad by 2030.", 40, "percent", "target"),
    ("Up to 30% of staff may work remotely in 2025.", 30, "percent", "at_most"),
    ("Some 2,500 firms joined in 2022.", 2500, "count", "approximately"),
    ("About one-third of revenue came from Europe in 2024.", 100 / 3, "percent", "approximately"),
])
def test_hard_cases(text: str, value: float, unit: str, qualifier: str) -> None:
    [candidate] = suggest(text)
    assert (candidate.unit, candidate.qualifier) == (unit, qualifier), candidate
    assert math.isclose(candidate.value, value, rel_tol=1e-6), candidate
    assert canonical(candidate.quote) in canonical(text)
    if unit in ("count", "percent") or len(unit) == 3:  # a unit facts may have: the quote check reads it the same
        assert states_value(candidate.quote, candidate.value, candidate.unit), candidate


@pytest.mark.parametrize("quote, value, unit", [
    ("Exports were worth €3.5bn in 2021.", 3.5e9, "EUR"), ("Sales hit US$5m.", 5e6, "USD"),
    ("One in five users left in 2022.", 20, "percent"), ("three quarters of filings", 75, "percent"),
    ("Output fell 4.5% in 2022.", -4.5, "percent"), ("Growth was -3.5% in 2023.", -3.5, "percent"),
    ("It spent 1.5 crore rupees.", 1.5e7, "INR"), ("within 5 m of the coast, 12 sites", 5, "count"),
])
def test_the_quote_check_reads_numbers_as_suggest_writes_them(quote: str, value: float, unit: str) -> None:
    """One grammar (generator/grammar.py): what suggest reads in a quote, the quote check finds there too."""
    assert states_value(quote, value, unit)


@pytest.mark.parametrize("quote, value, unit", [
    ("Growth was 3.5% in 2023.", -3.5, "percent"), ("Output fell to 4.5% in 2022.", -4.5, "percent"),
    ("Sales hit US$5m.", 5e9, "USD"),
])
def test_the_quote_check_still_refuses_what_a_quote_does_not_say(quote: str, value: float, unit: str) -> None:
    assert not states_value(quote, value, unit)


def test_a_range_gives_both_bounds() -> None:
    [candidate] = suggest("The company expects revenue of between US$500 million and US$600 million in 2025.")
    assert (candidate.value, candidate.bounds, candidate.unit) == (500000000, [500000000, 600000000], "USD")
    [margin] = suggest("Margins of 5-7% in 2024.")
    assert (margin.bounds, margin.unit) == ([5, 7], "percent")
    assert [c.bounds for c in suggest("Revenue grew from $5 million to $8 million in 2023.")] == [None, None]


@pytest.mark.parametrize("text", [
    "Call us on +1 555 0100 or (010) 6512-3456.",
    "Published 14 November 2025; updated 2025-04-23 00:05.",
    "See page 45 and section 3.2 of chapter 7.",
    "The 10 best phones of the year, and the top 5 tablets.",
    "Posted 3 hours ago · 5 min read",
    "Pictured: 4 engineers at the lab.",
    "The Ascend Mate 2 and Wi-Fi 6 are models; 5G and 6G are standards.",
    "Browsers with 1024*768 or higher resolution are suggested. Registration Number: 130349",
    "1 2 Next >>| Top",
    "It happened in 2019, before 2024.",
])
def test_numbers_that_are_not_figures_are_not_proposed(text: str) -> None:
    assert suggest(text) == []


def test_last_year_without_a_publication_date_is_an_open_question() -> None:
    [candidate] = suggest("Last year the office granted 921,000 patents.")
    assert candidate.period is None
    assert "pass --published" in candidate.period_basis


def test_cli_yaml_is_ready_to_paste_and_json_lists_candidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("suggest", str(TEXTS / "blog-post.txt"), "--published", "2024-03-01", "--source", "orbit-blog")
    assert result.code == 0, result.err
    facts = yaml.safe_load(result.out)["facts"]
    assert [f["value"] for f in facts] == [20, 2, 1200000000, 200, 50]
    assert facts[0]["citations"] == [{"source": "orbit-blog", "quote": "About one in five smartphone users"}]
    assert "  # ? which entity? none of data/entities.yaml is named before it" in result.out
    as_json = json.loads(run_cli("suggest", str(TEXTS / "blog-post.txt"), "--format", "json").out)
    assert {"value", "unit", "qualifier", "period", "period_basis", "entity", "metric", "known_fact", "confidence",
            "quote"} <= set(as_json[0])
    assert run_cli("suggest", "no-such-source").code == 2


def test_a_text_over_the_size_limit_is_refused_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.sources.suggest import MAX_TEXT_BYTES

    from .conftest import run_cli

    monkeypatch.chdir(tmp_path)
    big = tmp_path / "dump.txt"
    big.write_bytes(b"Revenue was US$1 million. " * (MAX_TEXT_BYTES // 26 + 1))
    result = run_cli("suggest", str(big))
    assert result.code == 2
    assert f"is {big.stat().st_size:,} bytes; suggest reads texts up to {MAX_TEXT_BYTES:,} bytes" in result.err
    assert "Traceback" not in result.err


def test_many_figures_in_one_sentence_each_get_their_own_reading() -> None:
    """The bounded windows that keep suggest linear still read each figure's own words: the hedge, the currency
    and the year next to it, however long the sentence before it is."""
    filler = "and then the company said many other things, " * 40
    text = f"Huawei spent about US$5 billion on research in 2019, {filler}and at least 3,000 patents in 2021."
    found = {c.value: c for c in suggest(text)}
    assert found[5_000_000_000].qualifier == "approximately" and found[5_000_000_000].period == "2019"
    assert found[3000].qualifier == "at_least" and found[3000].period == "2021"
    assert len(found[3000].quote) < 200


def test_thousands_grouped_by_spaces_are_one_number() -> None:
    """Many languages group thousands with a space, a no-break or a thin space ('5 405'); a decimal comma after
    such a group ('1 234,5') is not read as thousands, and a year before a number stays a year."""
    text = ("Tvrtka je prijavila 5 405 međunarodnih patenata u 2018., dok ih je u 2017. prijavila 4 204. "
            "Ukupno 53\u00a0345 prijava, i 56\u202f142 iz SAD-a.")
    assert {c.value for c in suggest(text)} >= {5405, 4204, 53345, 56142}
    assert states_value("dok ih je u 2017. prijavila 4 204", 4204, "count")
    assert not states_value("omjer je 1 234,5", 1234, "count")
    assert 2018100 not in {c.value for c in suggest("In 2018 100 companies filed 2 500 applications.")}
    assert states_value("In 2018 100 companies filed", 100, "count")


def test_a_candidate_without_entity_or_metric_is_named_candidate_n() -> None:
    from generator.sources.suggest import to_yaml

    text = to_yaml(suggest("We rounded off 2023 with CNY704.2 billion in revenue."), "src", "src.txt")
    assert "  - id: candidate-1\n" in text and "  - id: 2023\n" not in text


def test_what_a_sum_is_for_can_follow_it_and_synonyms_name_the_metric() -> None:
    """'CNY704.2 billion in revenue', 'spent … on R&D': the words after the figure stay in its quote and name its
    metric; a metric's synonyms ('royalty income') name it too."""
    store = load_store(Path("data"))
    text = ("Huawei earned US$560 million in royalties in 2022. Huawei spent CNY 179.7 billion on R&D in 2024, "
            "about 20.8% of its revenue. We rounded off 2023 with CNY704.2 billion in revenue.")
    found = {c.value: c for c in suggest(text, store=store)}
    assert (found[560_000_000].metric, found[560_000_000].quote) == (
        "licensing-revenue", "Huawei earned US$560 million in royalties")
    assert (found[179_700_000_000].metric, found[179_700_000_000].quote) == (
        "rd-spend", "Huawei spent CNY 179.7 billion on R&D")
    assert found[20.8].metric == "rd-share-of-revenue"
    assert (found[704_200_000_000].metric, found[704_200_000_000].period) == ("revenue", "2023")


FAMILIES = """Huawei's licensing business grew last year. For the year, royalty income reached US$630 million, \
up 22 percent from the year before.

Huawei charges no more than US$2.5 per device for its 5G patents.

Huawei held more than 110,000 active patents in 2022, up from about 100,000 the year before.

12 comments

Related: Best phones under $299 · 5 min read

Page 1 of 2

Sponsored: Save 40% today
"""


def test_figures_read_from_the_words_around_them() -> None:
    """The families suggest missed on texts it had not seen (issue: 'a suggest that holds'), on a text written
    for this test: a period from an earlier sentence, a change that is not a share, an amount per device, two
    figures with two periods, and page furniture proposed as figures."""
    store = load_store(Path("data"))
    found = {c.value: c for c in suggest(FAMILIES, store=store, published=dt.date(2024, 3, 1))}
    assert set(found) == {630_000_000, 22, 2.5, 110_000, 100_000}  # no comment count, pager, price or sale
    royalties = found[630_000_000]
    assert (royalties.metric, royalties.period) == ("licensing-revenue", "2023")
    assert "in an earlier sentence" in " ".join(royalties.questions)
    change = found[22]
    assert change.metric == "licensing-revenue-growth" and "a change" in change.questions[0]
    rate = found[2.5]
    assert rate.metric is None and rate.questions[0] == "an amount per device, not a total: the site's metrics hold totals"
    assert (found[110_000].metric, found[110_000].period) == ("valid-patents", "2022")
    assert (found[100_000].metric, found[100_000].period, found[100_000].qualifier) == (
        "valid-patents", "2021", "approximately")


MORE_FAMILIES = """Acme has earned over $1.4 billion (roughly Rs. 9,700 crores) from licences since 2015.

Its total assets reached one trillion yuan, and over the past 10 years it spent more than CNY97.7 billion on R&D.

The COVID-19 pandemic slowed a 5-year plan; Acme employs 2,000 people and trained 950,000 K–12 educators.

Five-Year Financial Highlights

2023 2022 2021
(CNY Million) (CNY Million)
Revenue 704,174 642,338 636,807
Net profit 86,950 35,562 113,718
Note: Converted at USD1.00 = CNY7.0808.
"""


def test_rupees_yuan_in_words_durations_names_and_tables_in_the_text(tmp_path: Path) -> None:
    """Families met on library texts (issue: 'a suggest that holds'), on a text written for this test: Indian
    crores after 'Rs.'; a number in words before its currency; spans of time and names ending in a number are
    not figures; a table of rows of figures is left to cell citations, and the command says how to cite it."""
    found = {(c.value, c.unit): c for c in suggest(MORE_FAMILIES)}
    assert set(found) == {(1_400_000_000, "USD"), (97_000_000_000, "INR"), (1_000_000_000_000, "CNY"),
                          (97_700_000_000, "CNY"), (2000, "count"), (950_000, "count")}
    assert found[(97_000_000_000, "INR")].stated == "Rs. 9,700 crores"
    assert all(states_value(c.quote, c.value, c.unit) for c in found.values())  # the quote check reads them alike
    text = tmp_path / "acme.txt"
    text.write_text(MORE_FAMILIES, encoding="utf-8")
    result = run_cli("suggest", str(text))
    assert result.code == 0
    assert "lines 9-13 are a table under “Five-Year Financial Highlights”: its figures are cited by their cells" \
           in result.err and '--heading "Five-Year Financial Highlights"' in result.err
