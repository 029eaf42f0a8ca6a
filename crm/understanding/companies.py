"""The client's company, when a note says it plainly: "Met John at Acme", "Eric (Acme Corp)", "华为的李总", "在腾讯上班".

Conservative on purpose: a company is only taken from a few unmistakable shapes,
and None is returned when unsure, because a wrong company is copied onto the
client card. Never takes a person, a date or a pronoun for a company.
"""

from __future__ import annotations

import re

from crm.understanding.text_form import Aligned

Span = tuple[int, int]

_ROLES = "总经理|董事长|总监|经理|老板|老总|采购|负责人|主管|员工|销售|工程师|财务|会计|主任|店长|厂长|行长|院长|校长"
#: "华为的李总", "万科的采购": an organisation, 的, then the person or their role.
_ZH_OF = re.compile(rf"(?:^|(?<=[\s,，。；;在是去到从和跟见]))(?P<org>[\u4e00-\u9fffA-Za-z0-9&]{{2,10}}?)的(?=[\u4e00-\u9fff]{{1,2}}(?:总|{_ROLES}))")
#: "在腾讯上班", "在鸿达建材工作".
_ZH_WORKS_AT = re.compile(r"在(?P<org>[\u4e00-\u9fffA-Za-z0-9&]{2,10}?)(?:上班|工作|任职|做事)")
_ZH_NOT_ORGS = re.compile(r"^(?:他|她|我|你|我们|他们|她们|这|那|今天|明天|昨天|家里|店里|公司|对方|客户|朋友|老婆|老公|女儿|儿子)")
_LATIN_ORG = r"(?P<org>[A-Z][A-Za-z0-9&'-]*(?:\s+(?:[A-Z][A-Za-z0-9&'-]*|&))*)"
_EN_AT = re.compile(rf"(?:\b(?:works?|working|worked)\s+(?:at|for)|\bat|\bfrom|\bof)\s+{_LATIN_ORG}")
#: "Eric (Acme Corp) wants…", "李总（鸿达建材）说…": the company in brackets right after the name.
_BRACKETED = re.compile(r"\s*[(（](?P<org>[^()（）,，]{2,20})[)）]")
_EN_NOT_ORGS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Mon Tue Wed Thu Fri Sat Sun Noon Home Christmas".split()
)


def company_of(aligned: Aligned, client: Span | None) -> str | None:
    """The company the note places its client in, as written, or None when unsure."""
    if client is None:
        return None
    text = aligned.text
    for match in _ZH_OF.finditer(text):
        org = match.span("org")
        if match.end() == client[0] and not _ZH_NOT_ORGS.match(match["org"]):
            return aligned.written(*org)
    for match in _ZH_WORKS_AT.finditer(text):
        if not _ZH_NOT_ORGS.match(match["org"]):
            return aligned.written(*match.span("org"))
    if bracketed := _BRACKETED.match(aligned.original, client[1]):
        return bracketed["org"].strip()
    for match in _EN_AT.finditer(aligned.original):
        if match.start() < client[1] or match.start() - client[1] > 12:
            continue
        if not any(word in _EN_NOT_ORGS for word in match["org"].split()):
            return match["org"]
    return None
