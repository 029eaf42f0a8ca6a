"""The pyramid picture: a small, valid PNG whose Chinese labels the shipped font can draw."""

from __future__ import annotations

import importlib.util
import io
import warnings
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

from crm.model import Level
from crm.pyramid import PyramidShape, healthy_targets, shape_of
from crm.pyramid_chart import ChartLabels, missing_glyphs, render_pyramid_png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FONT_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_font_subset.py"

LABELS = {
    "zh-Hans": ChartLabels(
        title="我的客户结构（共 100 位）",
        levels={Level.PASSER_BY: "过客", Level.ACQUAINTANCE: "熟人", Level.FRIEND: "朋友", Level.CONFIDANT: "知己"},
        yours="你的", healthy="健康",
    ),
    "zh-Hant": ChartLabels(
        title="我的客戶結構（共 100 位）",
        levels={Level.PASSER_BY: "過客", Level.ACQUAINTANCE: "熟人", Level.FRIEND: "朋友", Level.CONFIDANT: "知己"},
        yours="實際", healthy="理想",
    ),
    "en": ChartLabels(
        title="My pyramid (100 clients)",
        levels={Level.PASSER_BY: "Passer-by", Level.ACQUAINTANCE: "Acquaintance", Level.FRIEND: "Friend",
                Level.CONFIDANT: "Confidant"},
        yours="Yours", healthy="Healthy",
    ),
}


def a_shape(passer_by: int = 70, acquaintance: int = 24, friend: int = 4, confidant: int = 2) -> PyramidShape:
    counts = {Level.PASSER_BY: passer_by, Level.ACQUAINTANCE: acquaintance, Level.FRIEND: friend,
              Level.CONFIDANT: confidant}
    return PyramidShape(counts=counts, targets=healthy_targets(sum(counts.values())))


def font_script() -> ModuleType:
    """scripts/make_font_subset.py, whose word list says what the shipped font must cover."""
    spec = importlib.util.spec_from_file_location("make_font_subset", FONT_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_chinese_pyramid_is_a_valid_800_by_600_png() -> None:
    png = render_pyramid_png(a_shape(), LABELS["zh-Hans"])

    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert (png[:8], image.format, image.size) == (PNG_SIGNATURE, "PNG", (800, 600))


@pytest.mark.parametrize("language", LABELS)
def test_labels_in_each_language_render_without_a_missing_glyph(language: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        render_pyramid_png(a_shape(), LABELS[language])


def test_picture_stays_small_enough_to_send_quickly() -> None:
    assert len(render_pyramid_png(a_shape(), LABELS["zh-Hant"])) <= 150_000


def test_same_book_gives_the_same_picture_byte_for_byte() -> None:
    assert render_pyramid_png(a_shape(), LABELS["en"]) == render_pyramid_png(a_shape(), LABELS["en"])


def test_different_counts_give_a_different_picture() -> None:
    assert render_pyramid_png(a_shape(friend=4), LABELS["en"]) != render_pyramid_png(a_shape(friend=9), LABELS["en"])


def test_empty_book_still_renders_a_picture() -> None:
    assert render_pyramid_png(shape_of([]), LABELS["zh-Hans"]).startswith(PNG_SIGNATURE)


def test_every_chart_word_the_font_script_lists_is_in_the_shipped_font() -> None:
    assert missing_glyphs("".join(font_script().CHART_WORDS)) == set()


def test_the_common_simplified_characters_are_in_the_shipped_font() -> None:
    assert missing_glyphs(font_script().gb2312_level1()) == set()


def test_a_character_outside_the_subset_is_reported_missing() -> None:
    assert missing_glyphs("知己龘\n") == {"龘"}
