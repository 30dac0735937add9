"""Fuzzing the review report: whatever text the data holds, the report's Markdown stays inert (no
HTML, links, images or strikethrough from data; no @mention or #issue link) and its JSON never fails."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.changes import EntryChange, FactChange
from generator.review.compare import Flag, Report
from generator.review.report import to_json, to_markdown

# CommonMark with GitHub's tables and strikethrough, and raw HTML allowed, as a PR comment renders it.
PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
INERT = {"text", "softbreak", "hardbreak", "strong_open", "strong_close", "code_inline"}  # what the report itself writes

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from([
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "![i](https://e/x.png)", "<img src=x onerror=1>",
    "`code`", "**bold**", "@octocat", "#12", "| a | b |", "&lt;b&gt;", "<!-- hidden -->", "~~gone~~", "\\*",
])


def inline_kinds(markdown: str) -> set[str]:
    kinds = set()
    for token in PARSER.parse(markdown):
        if token.type in ("html_block",):
            kinds.add(token.type)
        for child in token.children or []:
            kinds.add(child.type)
    return kinds


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(label=text, entity=text, detail=text, message=text, where=text, base=text)
def test_data_text_never_becomes_markup_in_the_report(label: str, entity: str, detail: str, message: str,
                                                      where: str, base: str) -> None:
    report = Report(base=base, head="working tree",
                    facts=[FactChange("changed", "fact-1", "m", label, entity, 2024, detail, message, [detail], where)],
                    entries=[EntryChange("sources", "changed", "s", [f"title: {detail} → {label}"])],
                    flags=[Flag("ratio", "fact-1", message, where)], problems=[f"data/x.yaml:1:1: {message}"])
    markdown = to_markdown(report)
    kinds = inline_kinds(markdown)
    assert kinds <= INERT, kinds - INERT
    assert "@octocat" not in markdown and "#12" not in markdown
    to_json(report)  # the same report for tools never fails either
