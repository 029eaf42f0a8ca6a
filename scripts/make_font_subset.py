"""Make the CJK font subset the pyramid chart ships with (`crm/fonts/`).

Run by hand, at development time, when the chart needs characters the shipped
subset lacks (the test `tests/test_pyramid_chart.py` says so):

    apt-get install -y fonts-noto-cjk
    .venv/bin/python scripts/make_font_subset.py [SOURCE.ttc]

Why a subset: a PNG labelled in Chinese needs a CJK font, and neither a fresh
machine nor CI has one; the full Noto Sans CJK collection is ~19 MB, the
subset about 2 MB. It keeps ASCII and the punctuation a label can use, every
character of `CHART_WORDS` (the level names and the words a chart label is
made of, Simplified and Traditional), the 3,755 level-1 characters of GB 2312
(the standard's "most common" set, read from Python's own gb2312 codec so no
list has to be downloaded) and their Traditional forms (OpenCC s2t, s2tw, s2hk).

The output is renamed "Rapport CJK Subset": the OFL forbids a modified font
to carry the original's reserved name, and "Noto" is Google's trademark.
Never run this in CI or at start-up: its result is committed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import opencc
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
#: Index of "Noto Sans CJK SC" in Debian's fonts-noto-cjk collection.
SOURCE_INDEX = 2
TARGET = Path(__file__).resolve().parent.parent / "crm" / "fonts" / "RapportCJKSubset-Regular.otf"
FAMILY = "Rapport CJK Subset"
POSTSCRIPT_NAME = "RapportCJKSubset-Regular"

#: Words a pyramid label can be made of, in both scripts. Add words here
#: before writing a locale string that needs them, then re-run the script.
CHART_WORDS = (
    "过客 過客 熟人 朋友 知己 路人",
    "我的客户结构 我的客戶結構 客户金字塔 客戶金字塔 关系金字塔 關係金字塔 人脉金字塔 人脈金字塔",
    "健康 理想 实际 實際 现在 現在 目前 当前 當前 你的 您的 我的 目标 目標 建议 建議 参考 參考",
    "人 位 个 個 名 共 合计 合計 总计 總計 总数 總數 数量 數量 人数 人數 比例 占比 佔比 百分比",
    "客户 客戶 关系 關係 层级 層級 等级 等級 级别 級別 结构 結構 形状 形狀 分布 分佈",
    "缺 少 多 还差 還差 差 超出 超过 超過 不足 正好 刚好 剛好 已有 拥有 擁有",
    "升级 升級 降级 降級 可以 可 成为 成為 准备 準備 就绪 就緒 淡 疏远 疏遠 冷淡 渐淡 漸淡",
    "年 月 日 今天 本月 截至 更新 于 於 与 與 和 及 对比 對比 比较 比較",
)

#: Punctuation and symbols a label or a count can carry, beyond ASCII.
SYMBOLS = "，。、：；！？（）「」『』《》〈〉【】“”‘’…—–·•％×÷→←↑↓≥≤～〜・　"


def gb2312_level1() -> str:
    """The 3,755 level-1 hanzi of GB 2312, decoded from rows 16–55 of the standard."""
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:  # row 55 ends at 0xF9
                continue
    return "".join(chars)


def traditional_forms(text: str) -> str:
    """Every character's Traditional forms as Taiwan, Hong Kong and OpenCC's standard write them."""
    forms: set[str] = set()
    for config in ("s2t", "s2tw", "s2hk"):
        converter = opencc.OpenCC(config)
        forms.update(converter.convert(char) for char in text)
    return "".join(sorted(forms))


def wanted_characters() -> str:
    ascii_printable = "".join(chr(code) for code in range(0x20, 0x7F))
    fullwidth = "".join(chr(code) for code in range(0xFF01, 0xFF5F))
    words = "".join(CHART_WORDS).replace(" ", "")
    simplified = words + gb2312_level1()
    chars = set(ascii_printable + fullwidth + SYMBOLS + simplified + traditional_forms(simplified))
    return "".join(sorted(chars))


def make_subset(source: Path, index: int, target: Path) -> TTFont:
    font = TTCollection(source).fonts[index] if source.suffix == ".ttc" else TTFont(source)
    font.recalcTimestamp = False  # the same source gives the same bytes: re-running leaves git clean
    options = subset.Options()
    options.layout_features = ["kern", "palt"]  # labels need spacing, not ligatures or vertical forms
    options.hinting = False  # Agg renders at 100 dpi; CFF hints would add ~15% for nothing
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep copyright and licence fields (OFL §2)
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=wanted_characters())
    subsetter.subset(font)
    _rename(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    return font


def _rename(font: TTFont) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 3:
            record.string = f"{POSTSCRIPT_NAME};subset of NotoSansCJKsc-Regular 2.004"
        elif record.nameID == 6:
            record.string = POSTSCRIPT_NAME
        elif record.nameID == 17:
            record.string = "Regular"
    names.names = [record for record in names.names if record.nameID != 7]  # no trademark claim
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [POSTSCRIPT_NAME]
        top = cff.topDictIndex[0]
        top.FullName = FAMILY
        top.FamilyName = FAMILY


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE)
    parser.add_argument("--index", type=int, default=SOURCE_INDEX, help="font index inside a .ttc")
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"{args.source} not found: apt-get install -y fonts-noto-cjk, or pass a source font.", file=sys.stderr)
        return 1
    font = make_subset(args.source, args.index, args.out)
    print(f"{args.out}: {len(font.getBestCmap())} characters, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
