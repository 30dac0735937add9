"""Shared-link cards: one PNG per metric and entity page, for og:image and twitter:image.

A link shared to a chat or a social site shows this picture: the site, the page's title, its headline
figure in the source's own words, and what the figure is (period, who, source). Drawn at build time with
Pillow and the font Pillow carries, so no browser, font download or network is needed; the same data
always gives the same bytes.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

# The smallest size the social sites show large (1.91:1); a quarter of the pixels of 1200 × 630 keeps the
# drawing to a few milliseconds a page, which matters at thousands of pages.
WIDTH, HEIGHT = 600, 315
MARGIN = 32
INDIGO, TEXT, MUTED = "#3f51b5", "#1a1a1a", "#5a5a5a"  # the site's primary colour; text at ≥ 4.5:1 on white


@lru_cache(maxsize=None)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, size: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines that fit the card's width; a cut ends with '…'."""
    font, width = _font(size), WIDTH - 2 * MARGIN
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and draw.textlength(f"{line} {words[0]}", font=font) <= width:
            line = f"{line} {words.pop(0)}"
        while draw.textlength(line, font=font) > width and len(line) > 1:  # one very long word
            line = line[:-2] + "…"
        out.append(line)
    if words and out:
        last = out[-1]
        while last and draw.textlength(last + " …", font=font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        out[-1] = last + " …"
    return out


def card(site: str, title: str, figure: str, details: str) -> bytes:
    """The card as PNG bytes: site name, title (two lines at most), figure, details (two lines at most)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 9), fill=INDIGO)
    y = MARGIN
    for line in _wrap(draw, site, 15, 1):
        draw.text((MARGIN, y), line, font=_font(15), fill=MUTED)
        y += 24
    y += 6
    for line in _wrap(draw, title, 29, 2):
        draw.text((MARGIN, y), line, font=_font(29), fill=TEXT)
        y += 36
    y += 12
    for line in _wrap(draw, figure, 40, 2):
        draw.text((MARGIN, y), line, font=_font(40), fill=INDIGO)
        y += 48
    y = max(y + 8, HEIGHT - MARGIN - 2 * 22)
    for line in _wrap(draw, details, 16, 2):
        draw.text((MARGIN, y), line, font=_font(16), fill=MUTED)
        y += 22
    out = io.BytesIO()
    # Sixteen colours hold the white, the text and their anti-aliasing: a third of the bytes, no visible loss.
    image.quantize(16, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()
