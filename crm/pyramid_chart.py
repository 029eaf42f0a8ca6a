"""The pyramid as a picture: the book's levels against the healthy shape, as a small PNG.

Levels are stacked with confidant on top. Each level's bar is centred, as wide
as its count, filled in the level's colour ("yours"); the healthy target for
the same level is drawn over it as a dashed outline ("healthy"). The two
numbers stand in two columns on the right, the book's own in red when the
level is short (`PyramidShape.is_short`).

Every word on the picture arrives already translated in `ChartLabels`: this
module never picks a language and never draws a client's name, so the only
characters it needs are those of the locale strings. They are drawn with the
CJK subset shipped in `crm/fonts/` (made by `scripts/make_font_subset.py`),
because neither a fresh machine nor CI has a CJK font; `missing_glyphs` tells
whether a string can be drawn with it, so a test can hold the locale catalogs
to it. A missing glyph is fixed by adding it to the subset, never by
filtering matplotlib's warning.

It uses matplotlib's Agg canvas and the object API (no pyplot, no display,
no global rcParams), writes no file, and is deterministic: the same shape and
labels give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from crm.model import Level
from crm.pyramid import PyramidShape

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "RapportCJKSubset-Regular.otf"
SIZE_INCHES = (8.0, 6.0)
DPI = 100  # 800 × 600 pixels
LEVEL_COLOURS: dict[Level, str] = {
    Level.PASSER_BY: "#b8c4d1",
    Level.ACQUAINTANCE: "#6f9fd8",
    Level.FRIEND: "#3aa17e",
    Level.CONFIDANT: "#e3a72f",
}
HEALTHY_EDGE = "#33383d"
SHORT_COLOUR = "#c0392b"
TEXT_COLOUR = "#222222"
BAR_HEIGHT = 0.78


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The words on the picture, already in the user's language."""

    title: str
    levels: Mapping[Level, str]
    yours: str
    healthy: str

    def text(self) -> str:
        """Every character the picture will draw, besides digits."""
        return "".join([self.title, *self.levels.values(), self.yours, self.healthy])


def missing_glyphs(text: str) -> set[str]:
    """The characters of `text` the shipped font cannot draw (line breaks and controls aside)."""
    covered = _cmap()
    return {char for char in text if char.isprintable() and ord(char) not in covered}


def render_pyramid_png(shape: PyramidShape, labels: ChartLabels) -> bytes:
    """An 800×600 PNG of the book's pyramid over the healthy one, labelled with `labels`."""
    # matplotlib costs ~55 MB of memory once imported: only a bot that draws a chart pays it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import Patch, Rectangle

    font = FontProperties(fname=FONT_PATH)
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.2, 0.14, 0.76, 0.72))
    widest = max([*shape.counts.values(), *shape.targets.values(), 1])
    half = widest / 2
    yours_x, healthy_x = half + widest * 0.16, half + widest * 0.42

    for level in Level:
        y = level.rank
        have, want = shape.counts[level], shape.targets[level]
        axes.add_patch(Rectangle((-have / 2, y - BAR_HEIGHT / 2), have, BAR_HEIGHT,
                                 facecolor=LEVEL_COLOURS[level], edgecolor="none", zorder=2))
        axes.add_patch(Rectangle((-want / 2, y - BAR_HEIGHT / 2), want, BAR_HEIGHT, fill=False,
                                 edgecolor=HEALTHY_EDGE, linestyle=(0, (4, 3)), linewidth=1.4, zorder=3))
        colour = SHORT_COLOUR if shape.is_short(level) else TEXT_COLOUR
        axes.text(yours_x, y, str(have), ha="center", va="center", fontproperties=font, fontsize=15, color=colour)
        axes.text(healthy_x, y, str(want), ha="center", va="center", fontproperties=font, fontsize=15,
                  color=HEALTHY_EDGE)

    top = len(Level) - 0.4
    for x, word in ((yours_x, labels.yours), (healthy_x, labels.healthy)):
        axes.text(x, top, word, ha="center", va="baseline", fontproperties=font, fontsize=12, color=TEXT_COLOUR)

    axes.set_xlim(-half - widest * 0.04, healthy_x + widest * 0.12)
    axes.set_ylim(-0.6, len(Level) - 0.1)
    axes.set_yticks([level.rank for level in Level], [labels.levels[level] for level in Level])
    for tick in axes.get_yticklabels():
        tick.set_fontproperties(font)
        tick.set_fontsize(14)
    axes.tick_params(axis="y", length=0, pad=10)
    axes.set_xticks([])
    for spine in axes.spines.values():
        spine.set_visible(False)

    figure.suptitle(labels.title, fontproperties=font, fontsize=18, y=0.95)
    legend = [
        Patch(facecolor=LEVEL_COLOURS[Level.ACQUAINTANCE], edgecolor="none", label=labels.yours),
        Patch(fill=False, edgecolor=HEALTHY_EDGE, linestyle=(0, (4, 3)), linewidth=1.4, label=labels.healthy),
    ]
    figure.legend(handles=legend, loc="lower center", ncols=2, frameon=False,
                  prop=FontProperties(fname=FONT_PATH, size=12))

    buffer = io.BytesIO()
    # No "Software" text chunk: it names the matplotlib version, and the bytes should not depend on it.
    figure.savefig(buffer, format="png", metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


@cache
def _cmap() -> frozenset[int]:
    """The code points the shipped font covers (read once: the file does not change at run time)."""
    with TTFont(FONT_PATH, lazy=True) as font:
        return frozenset(font.getBestCmap())
