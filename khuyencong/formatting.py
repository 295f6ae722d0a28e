"""Format a fact for a reader in Vietnamese or English, with Babel's CLDR data.

vi: 1.350 · 16,2% · gần 22.000 · 15–25% · trên 12%/năm · dưới 1 tỷ đồng
en: 1,350 · 16.2% · nearly 22,000 · 15–25% · over 12% per year · under VND 1 billion
"""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_compact_decimal, format_decimal, format_percent
from babel.units import format_compound_unit, format_unit

from .facts import UNDATED, Fact

# CLDR's Vietnamese data holds only the short unit patterns (the long ones inherit them by an
# alias that Babel does not follow), so Vietnamese takes "short" and English the natural "long".
UNIT_LENGTH = {"vi": "short", "en": "long"}

QUALIFIER_TEMPLATES = {
    "exact": {"vi": "{}", "en": "{}"},
    "nearly": {"vi": "gần {}", "en": "nearly {}"},
    "over": {"vi": "trên {}", "en": "over {}"},
    "more_than": {"vi": "hơn {}", "en": "more than {}"},
    "about": {"vi": "khoảng {}", "en": "about {}"},
    "about_over": {"vi": "khoảng trên {}", "en": "about {} or more"},
    "under": {"vi": "dưới {}", "en": "under {}"},
}
# What the data page says of a qualifier: the document's own word and what it tells of the
# number; "exact" only means that the document puts no such word before the number.
QUALIFIER_NAMES = {
    "exact": {
        "vi": "không có: tài liệu ghi con số mà không kèm từ chỉ mức độ",
        "en": "none: the document gives the number without a qualifier",
    },
    "nearly": {"vi": "“gần”: thấp hơn con số một chút", "en": "“gần”, nearly: a little under the number"},
    "over": {"vi": "“trên”: cao hơn con số", "en": "“trên”, over: above the number"},
    "more_than": {"vi": "“hơn”: nhiều hơn con số", "en": "“hơn”, more than: above the number"},
    "about": {"vi": "“khoảng”: xấp xỉ con số", "en": "“khoảng”, about: close to the number, either way"},
    "about_over": {
        "vi": "“khoảng trên”: xấp xỉ hoặc cao hơn con số",
        "en": "“khoảng trên”, about … or more: close to the number or above it",
    },
    "under": {"vi": "“dưới”: thấp hơn con số", "en": "“dưới”, under: below the number"},
}
UNIT_NAMES = {
    "count": {"vi": "số lượng", "en": "count"},
    "percent": {"vi": "phần trăm", "en": "percent"},
    "percent_per_year": {"vi": "phần trăm mỗi năm", "en": "percent per year"},
    "vnd": {"vi": "đồng Việt Nam", "en": "Vietnamese dong (VND)"},
    "years": {"vi": "năm", "en": "years"},
}
CURRENCY_TEMPLATES = {"vi": "{} đồng", "en": "VND {}"}
# A unit the source does not write (unit_in_source: false) is the site's reading: it stands in
# square brackets, the usual mark of words an editor adds to a quotation.
INFERRED_CURRENCY_TEMPLATES = {"vi": "{} [đồng]", "en": "[VND] {}"}
INFERRED_UNIT = {
    "vi": "trang web hiểu là {}; tài liệu không ghi đơn vị",
    "en": "{}, this site's reading; the document does not state the unit",
}
RANGE_DASH = "\u2013"


def format_number(number, locale: str) -> str:
    """A plain number with the locale's grouping and decimal marks: vi 1.350,5 / en 1,350.5."""
    return format_decimal(number, locale=locale, decimal_quantization=False)


# Babel takes about 30 µs a number; a page cites the same figures in citations, tooltips and tables.
@lru_cache(maxsize=8192)
def _format_amount(numbers: tuple, unit: str, locale: str, stated: bool = True) -> str:
    if not stated and unit != "vnd":
        return RANGE_DASH.join(format_number(n, locale) for n in numbers) + f" [{UNIT_NAMES[unit][locale]}]"
    if unit == "count":
        return RANGE_DASH.join(format_number(n, locale) for n in numbers)
    if unit in ("percent", "percent_per_year"):
        *lows, high = numbers
        text = "".join(format_number(n, locale) + RANGE_DASH for n in lows)
        text += format_percent(high / 100, locale=locale, decimal_quantization=False)
        if unit == "percent_per_year":
            text = format_compound_unit(
                text, denominator_unit="duration-year", length=UNIT_LENGTH[locale], locale=locale
            )
        return text
    if unit == "years":
        *lows, high = numbers
        prefix = "".join(format_number(n, locale) + RANGE_DASH for n in lows)
        return prefix + format_unit(high, "duration-year", length=UNIT_LENGTH[locale], locale=locale)
    if unit == "vnd":
        text = RANGE_DASH.join(format_compact_decimal(n, format_type="long", locale=locale) for n in numbers)
        return (CURRENCY_TEMPLATES if stated else INFERRED_CURRENCY_TEMPLATES)[locale].format(text)
    raise ValueError(f"unknown unit {unit!r}")


def format_fact(fact: Fact, locale: str) -> str:
    """The figure as a reader of `locale` expects to read it, qualifier included."""
    amount = _format_amount(fact.numbers, fact.unit, locale, fact.unit_in_source)
    return QUALIFIER_TEMPLATES[fact.qualifier][locale].format(amount)


def unit_name(fact: Fact, locale: str) -> str:
    """The fact's unit in words, saying so when it is the site's reading rather than the source's."""
    name = UNIT_NAMES[fact.unit][locale]
    return name if fact.unit_in_source else INFERRED_UNIT[locale].format(name)


def format_period(period: str, locale: str) -> str:
    """A period for a reader: 2008–2012, or a plain statement that the source gives no date."""
    if period == UNDATED:
        return {"vi": "không ghi thời điểm (theo tài liệu)", "en": "no date given in the source"}[locale]
    return period.replace("-", RANGE_DASH)
