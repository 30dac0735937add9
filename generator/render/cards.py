"""Shared-link cards: one PNG per metric and entity page, for og:image and twitter:image.

A link shared to a chat or a social site shows this picture: the site, the page's title, its headline
figure in the source's own words, and what the figure is (period, who, source). Drawn at build time with
Pillow, so no browser, font download or network is needed; the same data and fonts always give the same bytes.

Latin text is drawn in the font Pillow carries; a character it lacks (Chinese, Arabic …) in the first installed
font that has it (FALLBACK_FONTS: Debian's Noto CJK, Noto and DejaVu packages), glyph by glyph. A character no
font has is drawn as Pillow's box, and ``undrawable`` names it so the build can say which package to install.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

# The smallest size the social sites show large (1.91:1); a quarter of the pixels of 1200 × 630 keeps the
# drawing to a few milliseconds a page, which matters at thousands of pages.
WIDTH, HEIGHT = 600, 315
MARGIN = 32
INDIGO, TEXT, MUTED = "#3f51b5", "#1a1a1a", "#5a5a5a"  # the site's primary colour; text at ≥ 4.5:1 on white


# Fonts for what Pillow's own font lacks, in order; the first that has a character draws it. Each is a
# Debian package (fonts-noto-cjk for Chinese, Japanese and Korean; fonts-noto-core; fonts-dejavu-core).
# FACTSHEET_CARD_FONTS (paths separated by ':') replaces the list.
FALLBACK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
_NOT_A_CHARACTER = "\U0010fffd"  # private use: no font draws it, so it shows a font's 'missing' box


@lru_cache(maxsize=None)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size)


def fallback_paths() -> tuple[str, ...]:
    listed = os.environ.get("FACTSHEET_CARD_FONTS")
    paths = tuple(p for p in listed.split(":") if p) if listed is not None else FALLBACK_FONTS
    return tuple(p for p in paths if os.path.isfile(p))


@lru_cache(maxsize=None)
def _fallbacks(size: int, paths: tuple[str, ...]) -> tuple[ImageFont.FreeTypeFont, ...]:
    return tuple(ImageFont.truetype(path, size) for path in paths)


@lru_cache(maxsize=65536)
def _has(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, character: str) -> bool:
    """Whether ``font`` has a glyph for ``character``: it draws it unlike its 'missing' box."""
    if character.isspace() or ord(character) < 0x250:  # Latin: Pillow's font has it
        return True
    return bytes(font.getmask(character)) != bytes(font.getmask(_NOT_A_CHARACTER))


def _runs(text: str, size: int) -> list[tuple[str, ImageFont.FreeTypeFont | ImageFont.ImageFont]]:
    """``text`` cut where the font that draws it changes: Pillow's own font where it has the character, else
    the first fallback that has it, else Pillow's (a box)."""
    primary, fallbacks = _font(size), _fallbacks(size, fallback_paths())
    runs: list[tuple[str, ImageFont.FreeTypeFont | ImageFont.ImageFont]] = []
    for character in text:
        font = primary if _has(primary, character) else next(
            (f for f in fallbacks if _has(f, character)), primary)
        if runs and runs[-1][1] is font:
            runs[-1] = (runs[-1][0] + character, font)
        else:
            runs.append((character, font))
    return runs


def undrawable(texts: list[str]) -> str:
    """The characters of ``texts`` that no installed font draws (drawn as boxes), in order of first use."""
    fallbacks = _fallbacks(16, fallback_paths())
    missing = dict.fromkeys(c for text in texts for c in text
                            if not _has(_font(16), c) and not any(_has(f, c) for f in fallbacks))
    return "".join(missing)


def _length(draw: ImageDraw.ImageDraw, text: str, size: int) -> float:
    return sum(draw.textlength(run, font=font) for run, font in _runs(text, size))


def _draw(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, size: int, fill: str) -> None:
    runs = _runs(text, size)
    if len(runs) == 1 and runs[0][1] is _font(size):  # Latin only: as Pillow draws a line
        draw.text((x, y), text, font=_font(size), fill=fill)
        return
    baseline = y + _font(size).getmetrics()[0]  # runs in different fonts share the line's baseline
    for run, font in runs:
        draw.text((x, baseline), run, font=font, fill=fill, anchor="ls")
        x += draw.textlength(run, font=font)


def _wrap(draw: ImageDraw.ImageDraw, text: str, size: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines that fit the card's width; a cut ends with '…'."""
    width = WIDTH - 2 * MARGIN
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and _length(draw, f"{line} {words[0]}", size) <= width:
            line = f"{line} {words.pop(0)}"
        while _length(draw, line, size) > width and len(line) > 1:  # one very long word
            line = line[:-2] + "…"
        out.append(line)
    if words and out:
        last = out[-1]
        while last and _length(draw, last + " …", size) > width:
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
        _draw(draw, MARGIN, y, line, 15, MUTED)
        y += 24
    y += 6
    for line in _wrap(draw, title, 29, 2):
        _draw(draw, MARGIN, y, line, 29, TEXT)
        y += 36
    y += 12
    for line in _wrap(draw, figure, 40, 2):
        _draw(draw, MARGIN, y, line, 40, INDIGO)
        y += 48
    y = max(y + 8, HEIGHT - MARGIN - 2 * 22)
    for line in _wrap(draw, details, 16, 2):
        _draw(draw, MARGIN, y, line, 16, MUTED)
        y += 22
    out = io.BytesIO()
    # Sixteen colours hold the white, the text and their anti-aliasing: a third of the bytes, no visible loss.
    image.quantize(16, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()
