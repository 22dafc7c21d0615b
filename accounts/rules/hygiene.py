"""Text hygiene: slips in what the department writes that a careful reader sees without knowing the figures.

Every free text of the account and every text another app registers (the self-evaluation's 综述, 偏差原因,
改进措施) is read for:

- H1 template residue (“增长(下降)”, “XX”, “（略）”, “待填写”): an unfinished text must not be published;
- H2 a word, a particle or a punctuation mark written twice in a row (“接待接待”, “的的”, “，，”);
- H3 an amount or rate written without its unit (“支出增加 8940.08，”): the reader cannot tell 元 from
  万元 or from %;
- H4 a year that cannot be meant in this account: later than the year after the account's year (the
  disclosure is written in the following year, so “2023 年 2 月” is fine in a 2022 account).

Slips that only a reader of meaning catches (a wrong character that is still a word) are out of reach.
"""

import re

from .registry import registered_text_sources
from .texts import free_text_places, sentences

RESIDUE = re.compile(
    r"(?:增长|增加|上升)\s*[（(/]\s*(?:下降|减少)\s*[)）]?"
    r"|[（(]\s*略\s*[)）]|待填写|待补充|待完善|请填写|请输入|[XxＸ×]{2,}"
    # Instructions of the template in brackets: “（说明增减原因）”, “（参考《…》说明逐项解释）”.
    r"|[（(]\s*(?:请|需|参考)[^）)]{0,40}[)）]|[（(]\s*(?:说明|填写|列明)(?![:：])[^）)]{0,20}[)）]"
)
# Two to four Chinese characters written twice in a row; single-character reduplication (“常常”,
# “人人”) is ordinary Chinese and not matched.
REPEATED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
# Reduplicated verbs and fixed phrases that are written twice on purpose.
REPEATED_ALLOWED = {"研究", "讨论", "商量", "学习", "看一"}
# Particles and punctuation are never written twice on purpose (“的的”, “，，”).
REPEATED_PARTICLE = re.compile(r"([的了和与及在是对将把被从，。；、：])\1")
MONEY_WORDS = re.compile(
    r"金额|支出|收入|经费|资金|预算|决算|拨款|费用|结余|结转|补助|补贴|增加|减少|节约|增长|下降|占"
)
BARE_NUMBER = re.compile(r"(?<![\d.\w])(\d+(?:\.\d+)?)\s*(?=[，。；、,;）)]|$)")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# A later year is a plan (“到2025年”, “力争2025年底前”), not a slip.
PLAN = re.compile(r"(?:到|至|力争|计划|预计|规划|争取|目标|截至)\s*$")
# Numbers that are no amounts: subject codes, hotlines, ordinals.
NOT_AMOUNT = re.compile(r"(?:科目|编码|代码|热线|电话|编号|第)\s*$")


def text_places(context):
    """Return (Address, text) of every free text of the account and every registered text."""
    places = [(ref, text) for _key, _code, text, ref in free_text_places(context.facts)]
    for source in registered_text_sources():
        places.extend((ref, text) for ref, text in source(context) if text and text.strip())
    return places


def _findings(context, rule, found):
    seen = set()
    for ref, raw, sentence, message in found:
        target = f"{context.label(ref)}/{raw}"
        if target in seen:
            continue
        seen.add(target)
        yield context.finding(rule, cells=(ref,), target=target, sentence=sentence, unit="", message=message)


def template_residue(context, rule):
    """H1: template wording left in a text."""

    def found():
        for ref, text in text_places(context):
            for sentence in sentences(text):
                for match in RESIDUE.finditer(sentence):
                    yield (
                        ref,
                        match[0],
                        sentence,
                        f"文字中留有模板用语“{match[0]}”，须改为实际内容：“{sentence}”",
                    )

    yield from _findings(context, rule, found())


def repeated_words(context, rule):
    """H2: a word written twice in a row (“接待接待”)."""

    def found():
        for ref, text in text_places(context):
            for sentence in sentences(text):
                for match in (*REPEATED.finditer(sentence), *REPEATED_PARTICLE.finditer(sentence)):
                    if match[1] in REPEATED_ALLOWED:
                        continue
                    yield ref, match[0], sentence, f"文字中“{match[1]}”重复：“{match[0]}”，见“{sentence}”"

    yield from _findings(context, rule, found())


def amounts_without_unit(context, rule):
    """H3: a number in a clause about money with no unit after it (“支出增加 8940.08，”)."""

    def found():
        for ref, text in text_places(context):
            for sentence in sentences(text):
                for match in BARE_NUMBER.finditer(sentence):
                    number = match[1]
                    clause = re.split(r"[，。；、,;：:]", sentence[: match.start()])[-1]
                    if "." not in number and len(number) < 3:
                        continue  # list numbers, “三险” counts: too short to be an amount
                    if not MONEY_WORDS.search(clause) or NOT_AMOUNT.search(clause):
                        continue
                    if "." not in number and len(number) == 4 and number[:2] in ("19", "20"):
                        continue  # a year
                    yield (
                        ref,
                        number,
                        sentence,
                        f"数字“{number}”未写单位（元、万元或%）：“{clause.strip()}{number}”",
                    )

    yield from _findings(context, rule, found())


def years_out_of_range(context, rule):
    """H4: a year later than the year after the account's year."""
    year = context.final_account.year

    def found():
        for ref, text in text_places(context):
            for sentence in sentences(text):
                for match in YEAR.finditer(sentence):
                    written = int(match[1])
                    if written > year + 1 and not PLAN.search(
                        sentence[max(0, match.start() - 6) : match.start()]
                    ):
                        yield (
                            ref,
                            match[0],
                            sentence,
                            f"文字中的年份“{match[0]}”晚于{year}年度决算公开的编制年份{year + 1}年：“{sentence}”",
                        )

    yield from _findings(context, rule, found())
