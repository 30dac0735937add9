"""The site's words (words.py): one vocabulary for qualifiers, ranks, dates and labels in sentences."""

from __future__ import annotations

import pytest

from generator.words import in_sentence, status_words


@pytest.mark.parametrize("label, words", [
    ("R&D spending", "R&D spending"), ("PCT applications", "PCT applications"),
    ("Patent licensing revenue", "patent licensing revenue"), ("Revenue", "revenue"), ("X", "x"),
])
def test_a_label_inside_a_sentence_keeps_an_acronym(label: str, words: str) -> None:
    assert in_sentence(label) == words


def test_what_a_reader_must_know_before_using_a_value() -> None:
    assert status_words("exact", "preferred") == ""
    assert status_words("target", "deprecated") == "target, not a reported result; disputed"
