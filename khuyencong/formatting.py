"""Format a fact for a reader in Vietnamese or English, with Babel's CLDR data.

vi: 1.350 · 16,2% · gần 22.000 · 15–25% · trên 12%/năm · dưới 1 tỷ đồng
en: 1,350 · 16.2% · nearly 22,000 · 15–25% · over 12% per year · under VND 1 billion
"""

from __future__ import annotations

from babel.numbers import format_compact_decimal, format_decimal, format_percent
from babel.units import format_compound_unit, format_unit

from .facts import LANGUAGES, QUALIFIERS, UNDATED, Fact
from .messages import N_, translations

# CLDR's Vietnamese data holds only the short unit patterns (the long ones inherit them by an
# alias that Babel does not follow), so Vietnamese takes "short" and English the natural "long".
UNIT_LENGTH = {"vi": "short", "en": "long"}

# The words around a qualified number, its place marked {}; "exact" puts none.
QUALIFIER_PHRASES = {
    "nearly": N_("nearly {}"),
    "over": N_("over {}"),
    "more_than": N_("more than {}"),
    "about": N_("about {}"),
    "about_over": N_("about {} or more"),
    "under": N_("under {}"),
}
# What the data page says of a qualifier: the document's own word and what it tells of the
# number; "exact" only means that the document puts no such word before the number.
QUALIFIER_NAMES = {
    "exact": N_("none: the document gives the number without a qualifier"),
    "nearly": N_("“gần”, nearly: a little under the number"),
    "over": N_("“trên”, over: above the number"),
    "more_than": N_("“hơn”, more than: above the number"),
    "about": N_("“khoảng”, about: close to the number, either way"),
    "about_over": N_("“khoảng trên”, about … or more: close to the number or above it"),
    "under": N_("“dưới”, under: below the number"),
}
UNIT_NAMES = {
    "count": N_("count"),
    "percent": N_("percent"),
    "percent_per_year": N_("percent per year"),
    "vnd": N_("Vietnamese dong (VND)"),
    "years": N_("years"),
}


def qualifier_template(qualifier: str, locale: str) -> str:
    """Where the figure stands among its qualifier's words: "gần {}", "nearly {}", or "{}"."""
    return translations(locale).gettext(QUALIFIER_PHRASES[qualifier]) if qualifier in QUALIFIER_PHRASES else "{}"


# Each qualifier's template in each language, from the catalogues: evidence.py reads the
# Vietnamese ones back in the source sentences.
QUALIFIER_TEMPLATES = {
    qualifier: {language: qualifier_template(qualifier, language) for language in LANGUAGES} for qualifier in QUALIFIERS
}
RANGE_DASH = "\u2013"


def format_number(number, locale: str) -> str:
    """A plain number with the locale's grouping and decimal marks: vi 1.350,5 / en 1,350.5."""
    return format_decimal(number, locale=locale, decimal_quantization=False)


def _format_amount(numbers: tuple, unit: str, locale: str, stated: bool = True) -> str:
    if not stated and unit != "vnd":
        unit_words = translations(locale).gettext(UNIT_NAMES[unit])
        return RANGE_DASH.join(format_number(n, locale) for n in numbers) + f" [{unit_words}]"
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
        _ = translations(locale).gettext
        # A unit the source does not write (unit_in_source: false) is the site's reading: it stands
        # in square brackets, the usual mark of words an editor adds to a quotation.
        return (_("VND {}") if stated else _("[VND] {}")).format(text)
    raise ValueError(f"unknown unit {unit!r}")


def format_fact(fact: Fact, locale: str) -> str:
    """The figure as a reader of `locale` expects to read it, qualifier included."""
    amount = _format_amount(fact.numbers, fact.unit, locale, fact.unit_in_source)
    return qualifier_template(fact.qualifier, locale).format(amount)


def unit_name(fact: Fact, locale: str) -> str:
    """The fact's unit in words, saying so when it is the site's reading rather than the source's."""
    _ = translations(locale).gettext
    name = _(UNIT_NAMES[fact.unit])
    if fact.unit_in_source:
        return name
    return _("{}, this site's reading; the document does not state the unit").format(name)


def format_period(period: str, locale: str) -> str:
    """A period for a reader: 2008–2012, or a plain statement that the source gives no date."""
    if period == UNDATED:
        return translations(locale).gettext("no date given in the source")
    return period.replace("-", RANGE_DASH)
