"""Cross-checks between entries, derived figures and conflict sets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import DataError
from generator.store import load_store

from .conftest import ROOT, SMALL, run_cli

FACT = """facts:
  - id: {id}
    entity: {entity}
    metric: {metric}
    period: {period}
    value: {value}
    qualifier: {qualifier}
    rank: {rank}
    reason: r
    citations:
      - source: {source}
        quote: q
"""


def fact(**fields: object) -> str:
    values = dict(id="x", entity="acme", metric="valid-patents", period=2023, value=1, qualifier="exact",
                  rank="normal", source="acme-note")
    values.update(fields)
    return FACT.format(**values)


def problems_for(workdir: Path, text: str) -> list[str]:
    (workdir / "data" / "extra.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate")
    assert result.code == 1
    return result.lines


def test_fixture_store() -> None:
    store = load_store(SMALL, today=dt.date(2025, 1, 1))
    assert sorted(store.facts) == [
        "acme-licensing-2022", "acme-licensing-2023", "acme-licensing-2023-blog",
        "acme-licensing-2024-target", "acme-valid-patents-2023",
    ]
    growth = store.derived["acme-licensing-growth-2023"]
    assert (growth.value, growth.unit, growth.formula) == (
        20, "percent", "(120,000,000 ÷ 100,000,000 − 1) × 100 ≈ 20, rounded to 1 significant digit as its least precise "
        "input: 20")
    assert growth.sources == ["acme-note"]
    [conflict] = store.conflicts
    assert [f.id for f in conflict.facts] == ["acme-licensing-2023", "acme-licensing-2023-blog"]
    assert conflict.preferred.id == "acme-licensing-2023"
    assert store.years() == [2022, 2023, 2024]


def test_unknown_references(workdir: Path) -> None:
    lines = problems_for(workdir, fact(entity="nobody", metric="nothing", source="nowhere"))
    assert lines == [
        "data/extra.yaml:3:13: unknown entity 'nobody'; add it to the entities, or fix the id",
        "data/extra.yaml:4:13: unknown metric 'nothing'; add it to the metrics, or fix the id",
        "data/extra.yaml:11:17: unknown source 'nowhere'; add it to the sources, or fix the id",
    ]


def test_duplicate_id_across_files(workdir: Path) -> None:
    lines = problems_for(workdir, fact(id="acme-licensing-2022", period=2019))
    assert lines == [
        "data/facts.yaml:2:9: duplicate id 'acme-licensing-2022' (first used at data/extra.yaml:2); ids must be unique across all files"
    ]


def test_unit_disagreeing_with_metric(workdir: Path) -> None:
    text = fact(period=2019).replace("    qualifier:", "    unit: EUR\n    qualifier:")
    assert problems_for(workdir, text) == [
        "data/extra.yaml:7:11: unit 'EUR' disagrees with metric 'valid-patents', which is in 'count'; convert the value or use another metric"
    ]


def test_unknown_unit(workdir: Path) -> None:
    text = "metrics:\n  - id: m\n    label: M\n    unit: dollars\n    description: d\n"
    assert problems_for(workdir, text) == [
        "data/extra.yaml:4:11: unit 'dollars' must be an ISO 4217 currency code (USD, CNY, EUR …), 'count' or 'percent'"
    ]


@pytest.mark.parametrize("epoch, today", [(None, None), ("1800000000", "2027-01-15")])
def test_future_and_early_dates(workdir: Path, monkeypatch: pytest.MonkeyPatch, epoch: str | None, today: str | None) -> None:
    """'Today' is the build date: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    text = fact(id="future", period=2999) + fact(id="early", period=1066).replace("facts:\n", "")
    assert problems_for(workdir, text) == [
        f"data/extra.yaml:5:13: period 2999 is in the future (today is {today or dt.date.today()}); only projections and targets may describe future periods",
        "data/extra.yaml:16:13: period 1066 is implausibly early (before 1900); check the year",
    ]


def test_future_target_is_allowed(workdir: Path) -> None:
    (workdir / "data" / "extra.yaml").write_text(fact(period=2999, qualifier="target"), encoding="utf-8")
    assert run_cli("validate").code == 0


def test_disagreeing_values_need_a_preferred_one(workdir: Path) -> None:
    text = fact(id="a", period=2019, value=1) + fact(id="b", period=2019, value=2).replace("facts:\n", "")
    assert problems_for(workdir, text) == [
        "data/extra.yaml:8:11: facts 'a', 'b' give different values for acme / valid-patents / 2019 and none is preferred; rank one 'preferred'"
    ]


def test_two_preferred_values(workdir: Path) -> None:
    text = fact(id="a", period=2019, rank="preferred") + fact(id="b", period=2019, rank="preferred", value=3).replace("facts:\n", "")
    assert problems_for(workdir, text) == [
        "data/extra.yaml:19:11: second preferred value for acme / valid-patents / 2019 (first: 'a' at data/extra.yaml:2); "
        "rank one 'normal' or 'deprecated' with a reason, or merge them as two citations of one fact"
    ]


def test_rank_needs_a_reason(workdir: Path) -> None:
    text = fact(period=2019).replace("    reason: r\n", "")
    assert problems_for(workdir, text) == [
        "data/extra.yaml:8:11: rank 'normal' needs a 'reason' saying why this value is not preferred"
    ]


@pytest.mark.parametrize("value, shown", [(".nan", "nan"), (".inf", "inf"), ("-.inf", "-inf")])
def test_nan_and_infinite_values(workdir: Path, value: str, shown: str) -> None:
    assert problems_for(workdir, fact(period=2019, value=value)) == [
        f"data/extra.yaml:6:12: {shown} is not a usable value; write a finite number"
    ]


def test_bad_url_and_archive_path(workdir: Path) -> None:
    text = (
        "sources:\n  - id: s\n    title: T\n    publisher: P\n    published: unknown\n    kind: commentary\n"
        "    language: en\n    url: javascript:alert(1)\n    archive: ../../etc/passwd\n    sha256: 0000000000000000000000000000000000000000000000000000000000000000\n    retrieved: 2025-01-01\n"
    )
    assert problems_for(workdir, text) == [
        "data/extra.yaml:8:10: url 'javascript:alert(1)' must be an absolute http:// or https:// address",
        "data/extra.yaml:9:14: archive '../../etc/passwd' must be a path inside the archive directory (folders/name, no '..')",
    ]


def test_derived_recipe_with_wrong_inputs(workdir: Path) -> None:
    text = (
        "derived:\n  - id: d\n    entity: acme\n    metric: licensing-growth\n    period: 2023\n"
        "    operation: previous_from_growth\n    inputs: [acme-licensing-2023, acme-valid-patents-2023]\n"
    )
    assert problems_for(workdir, text) == [
        "data/extra.yaml:7:13: previous_from_growth: the second input must be a growth rate in percent"
    ]


def test_load_store_raises_data_error_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(fact(entity="nobody", period=2999), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_store(tmp_path, today=dt.date(2025, 1, 1))
    assert len(info.value.problems) == 4  # entity, metric, source, future period


def test_chart_companions_must_share_the_unit(workdir: Path) -> None:
    text = "metrics:\n  - id: m\n    label: M\n    unit: EUR\n    description: d\n    chart_with: [licensing-revenue]\n"
    assert problems_for(workdir, text) == [
        "data/extra.yaml:6:18: metric 'licensing-revenue' is in 'USD', not 'EUR'; only metrics in the same unit share a chart axis"
    ]


@pytest.mark.parametrize("epoch", ["99999999999999", "-5", "1e9", "tomorrow", "253402300800", "١٢٣"])
def test_an_unusable_source_date_epoch_is_a_usage_error(workdir: Path, monkeypatch: pytest.MonkeyPatch, epoch: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    for command in (["validate"], ["stale"], ["export"], ["build"]):
        result = run_cli(*command)
        assert (result.code, result.out) == (2, ""), command
        assert result.err.startswith(f"Error: SOURCE_DATE_EPOCH={epoch} is not a date: it must be whole seconds"), command
    assert not (workdir / "site").exists()


@pytest.mark.parametrize("section, entry", [
    ("entities", "  - id: '{id}'\n    name: N\n    kind: organisation\n"),
    ("metrics", "  - id: '{id}'\n    label: L\n    unit: count\n    description: D\n"),
    ("sources", "  - id: '{id}'\n    title: T\n    publisher: P\n    published: unknown\n    kind: report\n"
                "    language: en\n    archive: a.txt\n    sha256: 0000000000000000000000000000000000000000000000000000000000000000\n    retrieved: 2025-01-01\n"),
])
@pytest.mark.parametrize("reserved", ["index", "timeline", "charts", "data", "assets", "search", "404", "derived-figures"])
def test_reserved_ids_are_refused(workdir: Path, section: str, entry: str, reserved: str) -> None:
    """An id that is a generated page's or file's name would replace it; validate names the reserved list."""
    [line] = problems_for(workdir, f"{section}:\n" + entry.format(id=reserved))
    assert line.startswith(f"data/extra.yaml:2:9: '{reserved}' is reserved for the site's own pages and files; "
                           "choose another id (reserved: 404, assets, charts, ")


def test_no_generated_path_can_be_an_entry_s_page() -> None:
    """Every generated file in the folders that hold one page per entry is an entry's page or a reserved name."""
    from generator.schema import RESERVED_IDS
    from generator.render.docs import generate_text

    store = load_store(SMALL, today=dt.date(2025, 1, 1))
    own = {"metrics": store.metrics, "entities": store.entities, "people": store.people, "sources": store.sources,
           "charts": store.metrics}
    for path in generate_text(store):
        folder, _, name = path.rpartition("/")
        stem = name.rsplit(".", 1)[0]
        if folder in own and stem not in own[folder]:
            assert stem in RESERVED_IDS, path
        if not folder:
            assert stem in RESERVED_IDS, path


def test_duplicate_citations_and_caps(workdir: Path) -> None:
    repeated = fact(id="twice") + "      - source: acme-note\n        quote: q\n"
    long_name = "entities:\n  - id: long\n    name: " + "N" * 5000 + "\n    kind: organisation\n"
    assert problems_for(workdir, repeated) == [
        "data/extra.yaml:13:9: citation 2 repeats citation 1 (same source and quote); delete it"]
    assert problems_for(workdir, long_name) == [
        "data/extra.yaml:3:11: 'name' is too long: 5,000 characters, at most 200; shorten it (a note or description can say more)"]
    many = fact(id="many") + "".join(f"      - source: acme-note\n        quote: q{i}\n" for i in range(60))
    assert problems_for(workdir, many) == ["data/extra.yaml:11:7: 'citations' needs at most 50 entries"]


@pytest.mark.parametrize("value", ["1" + "0" * 5000, "1" + "0" * 400, "-1" + "0" * 30, "1e19", "-2e18", "1e400", "-1e400"])
def test_numbers_too_large_are_refused_without_a_traceback(workdir: Path, value: str) -> None:
    [line] = problems_for(workdir, fact(period=2019, value=value))
    assert line.startswith("data/extra.yaml:6:12: "), line
    assert "larger than 10^18" in line or "not a usable value" in line, line


def test_derived_figures_keep_their_inputs_precision_and_bounds() -> None:
    """'More than 1.04 million' in 2024 and 13.5% growth: 2023 was at least about 916,000, not 'about 916,300'."""
    from generator.numbers import figure_words

    store = load_store(ROOT / "data")
    implied = store.derived["china-invention-patents-granted-2023-implied"]
    assert (implied.value, implied.qualifier) == (916000, "at_least")
    assert figure_words(implied, "count") == "at least about 916,000"
    assert implied.formula == ("1,040,000 ÷ (1 + 13.5%) ≈ 916,299.6, rounded to 3 significant digits as its least "
                               "precise input: 916,000")
    growth = store.derived["huawei-licensing-revenue-growth-2022-2024"]  # from US$560 million and about US$630 million
    assert (growth.value, growth.qualifier, figure_words(growth, "percent")) == (13, "approximately", "about 13%")


@pytest.mark.parametrize("operation, first, second, bound", [
    ("previous_from_growth", "at_least", "exact", "at_least"),
    ("previous_from_growth", "exact", "at_least", "at_most"),  # more growth means a smaller year before
    ("previous_from_growth", "at_least", "at_least", None),  # the bounds pull apart
    ("growth", "at_least", "exact", "at_most"),
    ("growth", "exact", "at_most", "at_most"),
    ("total_from_share", "at_most", "exact", "at_most"),
    ("total_from_share", "approximately", "exact", None),
])
def test_bounds_carry_through_derivations(operation: str, first: str, second: str, bound: str | None) -> None:
    from generator.derive import _bound

    assert _bound(operation, first, second) == bound


def test_stated_words_must_be_in_a_quote_and_qualifiers_follow_the_wording(workdir: Path) -> None:
    text = fact(id="x", period=2019, value=33.3, metric="licensing-growth", qualifier="exact").replace(
        "    rank: normal\n", "    stated: about one-third\n    rank: normal\n").replace(
        "quote: q", 'quote: "each accounting for about one-third of the total"')
    (workdir / "data" / "extra.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate")
    assert (result.code, result.lines) == (0, [
        "data/extra.yaml:7:16: warning: citation 1: qualifier 'exact' but the quote's words give an approximation "
        "('about', 'nearly' …); use 'approximately' or fix the quote"])
    lines = problems_for(workdir, text.replace("stated: about one-third", "stated: about a third"))
    assert "data/extra.yaml:8:13: stated 'about a third' is not in any of the fact's quotes; copy the figure's words " \
           "from a quote" in lines
