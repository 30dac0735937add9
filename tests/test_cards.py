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
        assert cards._length(draw, line, 29) <= cards.WIDTH - 2 * cards.MARGIN
    assert cards.card("Site", text, text, text).startswith(b"\x89PNG")


NOTO_CJK = cards.FALLBACK_FONTS[0]


def _ink(text: str) -> bytes:
    """The pixels of a title line: what a reader sees of ``text`` on a card."""
    with Image.open(io.BytesIO(cards.card("Site", text, "1", "x"))) as picture:
        return picture.convert("L").crop((cards.MARGIN, 60, cards.WIDTH - cards.MARGIN, 100)).tobytes()


def test_a_chinese_name_is_drawn_with_real_glyphs(monkeypatch) -> None:  # noqa: ANN001
    """Pillow's own font has no Chinese: the card draws it in Debian's Noto CJK (installed by .ci/run), glyph by
    glyph, and Latin beside it in Pillow's font."""
    import os

    import pytest

    if not os.path.isfile(NOTO_CJK):
        if os.environ.get("CI"):
            pytest.fail(f"{NOTO_CJK} is missing: .ci/run installs Debian's fonts-noto-cjk")
        pytest.skip("Debian's fonts-noto-cjk is not installed here")
    boxes = _ink("\U0010fffd\U0010fffd Huawei")  # two characters no font has: two boxes
    drawn = _ink("华为 Huawei")
    assert drawn != boxes
    assert cards.undrawable(["华为 Huawei 技术"]) == ""
    monkeypatch.setenv("FACTSHEET_CARD_FONTS", "")  # no fallback font: boxes, and the build is told which
    assert _ink("华为 Huawei") == boxes
    assert cards.undrawable(["华为 Huawei 华"]) == "华为"


def test_a_build_says_which_characters_its_cards_cannot_draw(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    import shutil

    from .conftest import run_cli

    shutil.copytree(SMALL, tmp_path / "data")
    entities = tmp_path / "data" / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("name: Acme\n", "name: Acme (艾克米)\n", 1),
                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SITE_URL", "https://example.org/")
    monkeypatch.setenv("FACTSHEET_CARD_FONTS", "")
    result = run_cli("generate", "--out", "docs")
    assert result.code == 0, result.err
    assert ("warning: the shared-link cards draw 3 character(s) as boxes, no installed font has them (艾克米); "
            "install Debian's fonts-noto-cjk") in result.err


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
        {f"cards/metrics/{m}.png" for m in store.metrics} | {f"cards/entities/{e}.png" for e in store.entities}
        | {"cards/site.png"})  # the picture of every other page


def test_a_metric_card_of_the_fixture_matches_its_golden_copy(monkeypatch) -> None:  # noqa: ANN001
    """The picture a shared link shows, byte for byte (UPDATE_GOLDEN=1 rewrites it)."""
    monkeypatch.setenv("SITE_URL", "https://example.org/figures/")
    store = load_store(SMALL, today=dt.date(2026, 1, 1))
    drawn = dict(Renderer(store).cards())
    check_golden("cards/metrics/licensing-revenue.png", drawn["cards/metrics/licensing-revenue.png"])
