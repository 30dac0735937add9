"""Shared-link cards (render/cards.py): a picture per metric and entity page, the same bytes for the same data."""

from __future__ import annotations

import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from generator.render import cards
from generator.render.pages import Renderer
from generator.store import load_store

from .conftest import ROOT, SMALL, check_golden


def test_a_card_is_a_small_png_and_the_same_data_gives_the_same_bytes() -> None:
    first = cards.card("Site", "Patent licensing revenue", "about US$630 million", "2024 · Huawei · a source")
    assert first == cards.card("Site", "Patent licensing revenue", "about US$630 million", "2024 · Huawei · a source")
    with Image.open(io.BytesIO(first)) as picture:
        assert (picture.format, picture.size) == ("PNG", (600, 315))
    assert len(first) < 20_000
    assert first != cards.card("Site", "Patent licensing revenue", "about US$560 million", "2022 · Huawei · a source")


@settings(max_examples=30, deadline=None)
@given(text=st.text(min_size=1, max_size=400))
def test_any_text_wraps_inside_the_card(text: str) -> None:
    draw = ImageDraw.Draw(Image.new("RGB", (cards.WIDTH, cards.HEIGHT)))
    lines = cards._wrap(draw, text, 29, 2)
    assert len(lines) <= 2
    for line in lines:
        assert draw.textlength(line, font=cards._font(29)) <= cards.WIDTH - 2 * cards.MARGIN
    assert cards.card("Site", text, text, text).startswith(b"\x89PNG")


def test_the_cards_say_what_the_pages_say(monkeypatch) -> None:  # noqa: ANN001
    store = load_store(ROOT / "data")
    assert list(Renderer(store).cards()) == []  # no published address: no picture a shared link could reach
    monkeypatch.setenv("SITE_URL", "https://example.org/")
    renderer = Renderer(store)
    assert renderer.metric_card(store.metrics["licensing-revenue"])[:2] == ("Patent licensing revenue",
                                                                          "about US$630 million")
    # No reported value: the card says so, never a projection or a disputed value as the figure.
    assert renderer.metric_card(store.metrics["licensing-revenue-share-of-revenue"])[1] == "No reported value"
    assert {name for name, _ in renderer.cards()} == (
        {f"cards/metrics/{m}.png" for m in store.metrics} | {f"cards/entities/{e}.png" for e in store.entities})


def test_a_metric_card_of_the_fixture_matches_its_golden_copy(monkeypatch) -> None:  # noqa: ANN001
    """The picture a shared link shows, byte for byte (UPDATE_GOLDEN=1 rewrites it)."""
    monkeypatch.setenv("SITE_URL", "https://example.org/figures/")
    store = load_store(SMALL, today=dt.date(2026, 1, 1))
    drawn = dict(Renderer(store).cards())
    check_golden("cards/metrics/licensing-revenue.png", drawn["cards/metrics/licensing-revenue.png"])
