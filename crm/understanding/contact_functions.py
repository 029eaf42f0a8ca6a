"""Which of the five contact functions a note shows, from its words (客户关怀, 信息传递, 交易推动, 服务提供, 情报收集).

A note can show several; the order is always care, information, deal, service,
intelligence. Only words count, never guesses from dates: a birthday alone is not
care until the salesperson does something for it (送礼, wishes).
"""

from __future__ import annotations

import re

from crm.model import ContactFunction


def _pattern(chinese: str, english: str) -> re.Pattern[str]:
    zh = "|".join(sorted(chinese.split(), key=len, reverse=True))
    en = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(english.split(","), key=len, reverse=True))
    return re.compile(rf"{zh}|(?<![a-z])(?:{en})(?![a-z])")


_FUNCTIONS: tuple[tuple[ContactFunction, re.Pattern[str]], ...] = (
    (
        ContactFunction.CARE,
        _pattern(
            "关心 关怀 探望 看望 慰问 问候 送礼 礼物 礼品 祝福 祝贺 贺卡 蛋糕 鲜花 送花 一束花 花篮 红包 月饼 粽子 拜年 生病 住院 节日快乐 生日快乐 请吃饭",
            "gift,gifts,present for,birthday wishes,wished,wishes,congratulated,congratulations,congrats,flowers,cake,card for,get well,visited his mother,"
            "visited her mother,condolence,took him to dinner,took her to dinner,care package",
        ),
    ),
    (
        ContactFunction.INFORMATION,
        _pattern(
            "分享 资料 文章 新闻 报告 链接 行业动态 信息 消息 推荐了 介绍了新 宣传册 样本 白皮书 案例",
            "shared,share,article,news,information,info,brochure,newsletter,report,tips,link,case study,white paper,catalog,catalogue",
        ),
    ),
    (
        ContactFunction.DEAL,
        _pattern(
            "下单 订单 订货 报价 合同 签约 签合同 价格 采购 付款 回款 成交 买了 单子 折扣 九折 八折 优惠 货款 首付 定金 订金 续约 议价 谈价 预算",
            "order,ordered,quote,quoted,quotation,contract,price,pricing,deal,purchase,invoice,payment,discount,budget,"
            "signed,renewal",
        ),
    ),
    (
        ContactFunction.SERVICE,
        _pattern(
            "售后 维修 修好 安装 培训 投诉 退货 换货 调试 保养 故障 返修 上门服务 质保 保修 技术支持",
            "installation,install,installed,repair,repaired,after-sales,after sales,complaint,complained,training,"
            "support ticket,fixed the,maintenance,warranty,replacement,onboarding",
        ),
    ),
    (
        ContactFunction.INTELLIGENCE,
        _pattern(
            "听说 竞品 竞争对手 对手 打听 得知 了解到 透露 内部消息 他们计划 他们打算 准备扩张 市场行情 行情 换供应商",
            "intel,competitor,competitors,heard that,heard,rumor,rumour,learned that,plans to,planning to,market share,"
            "market price,switching supplier",
        ),
    ),
)


def contact_functions(text: str) -> tuple[str, ...]:
    """The contact functions the folded `text` shows, as their stored values ("care", "deal"…)."""
    return tuple(function.value for function, pattern in _FUNCTIONS if pattern.search(text))
