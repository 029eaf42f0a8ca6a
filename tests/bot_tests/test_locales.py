"""Every sentence exists in English, Simplified and Traditional Chinese, and Telegram can show it."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from bot.fake_api.telegram_html import parse_html
from bot.locales import LANGUAGES, catalog, language_for, t
from crm.model import Level
from crm.portability.problems import PROBLEM_CODES
from crm.portability.rows import SKIP_REASONS
from crm.pyramid_chart import missing_glyphs

ROOT = Path(__file__).resolve().parents[2]
KEY_IN_CODE = re.compile(r"""\bt[n]?\(\s*[\w.]+,\s*"([a-z_]+(?:\.[A-Za-z_/]+)+)\"""")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_exists_in_every_language() -> None:
    english = set(catalog("en"))
    for language in LANGUAGES[1:]:
        other = set(catalog(language))
        assert not english - other, f"missing in {language}: {sorted(english - other)}"
        assert not other - english, f"only in {language}: {sorted(other - english)}"


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_sentence_has_the_same_placeholders_everywhere(language: str) -> None:
    for key, template in catalog("en").items():
        assert placeholders(catalog(language)[key]) == placeholders(template), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sentence_is_html_telegram_accepts(language: str) -> None:
    for key, template in catalog(language).items():
        filled = template.format_map({name: "x" for name in placeholders(template)})
        parse_html(filled)  # raises with Telegram's complaint if the markup is wrong
        assert filled.strip(), key


def test_every_key_the_code_names_exists() -> None:
    english = catalog("en")
    sources = [path for folder in ("bot", "handlers", "reminders") for path in (ROOT / folder).rglob("*.py")]
    named = {key for path in sources for key in KEY_IN_CODE.findall(path.read_text("utf-8"))}
    assert named, "the scan found no keys at all: the pattern is broken"
    missing = {key for key in named if key not in english and not any(k.startswith(key + ".") for k in english)}
    assert not missing, f"keys used in code but missing from the catalogs: {sorted(missing)}"


def test_every_import_problem_and_skip_reason_has_a_sentence() -> None:
    for code in PROBLEM_CODES:
        assert f"data.problem.{code}" in catalog("en")
    for reason in SKIP_REASONS:
        assert f"data.skip.{reason}" in catalog("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pyramid_chart_can_draw_every_label(language: str) -> None:
    words = [t(language, "pyramid.title"), t(language, "pyramid.yours"), t(language, "pyramid.healthy")]
    words += [t(language, f"levels.{level.value}") for level in Level]
    assert missing_glyphs("".join(words)) == set()


def test_user_text_in_a_sentence_is_escaped() -> None:
    assert t("en", "notes.filed", client="<b>&") == "📝 <b>&lt;b&gt;&amp;</b>"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("zh-hans", "zh-Hans"), ("zh", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh-TW", "zh-Hant"), ("zh-hk", "zh-Hant"), ("en-GB", "en"), ("de", "en"), (None, "en")],
)
def test_telegram_language_codes_map_to_three_languages(code: str | None, expected: str) -> None:
    assert language_for(code) == expected
