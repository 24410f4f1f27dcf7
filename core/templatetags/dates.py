import datetime
import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import dateformat
from django.utils.formats import date_format, get_format
from django.utils.html import format_html
from django.utils.translation import get_language

from core.models import DatePrecision

register = template.Library()

FORMAT_BY_PRECISION = {
    DatePrecision.DAY: "DATE_FORMAT",
    DatePrecision.MONTH: "YEAR_MONTH_FORMAT",
    DatePrecision.YEAR: "Y",
}

# Format characters written from a date's day alone (its number), and those written from its
# month and year alone. A format with any other (a weekday, an ISO year, a time) is written
# whole, date by date.
DAY_NUMBERS = {"j": str, "d": "{:02}".format}
MONTH_AND_YEAR_CHARACTERS = frozenset("bEFmMnNtLyY")


@register.filter
def precise_date(value, precision=DatePrecision.DAY):
    """Format a date only as precisely as the sources give it.

    Usage: {{ event.date|precise_date:event.date_precision }}
    """
    if value is None:
        return ""
    return formatted_date(value, precision, get_language())


@functools.lru_cache(maxsize=4096)
def formatted_date(value, precision: str, language: str) -> str:
    """A date written in the active `language` (a part of the key: a page shows each of its
    dates twice or more, and formatting one translates its month's name)."""
    format_name = FORMAT_BY_PRECISION.get(precision, "DATE_FORMAT")
    month = month_format(value.year, value.month, format_name, language)
    if month is None:
        return date_format(value, format_name)
    return "".join(
        DAY_NUMBERS[part](value.day) if index % 2 else part for index, part in enumerate(month)
    )


@functools.lru_cache(maxsize=1024)
def month_format(year: int, month: int, format_name: str, language: str) -> tuple[str, ...] | None:
    """The format `format_name` written for a month in the active `language`, split at its
    days: the month's text at even places, a day's format character at odd ones. A page of
    fifty treaties writes some 200 dates of a few dozen months, and Django's formatting of
    each took 40 us (bench/README.md). None for a format that writes more of a day than its
    number, its month and its year."""
    first, parts, text = datetime.date(year, month, 1), [], ""
    for index, piece in enumerate(dateformat.re_formatchars.split(get_format(format_name))):
        if index % 2 == 0:  # text between format characters, as Django reads it
            text += dateformat.re_escaped.sub(r"\1", piece)
        elif piece in DAY_NUMBERS:
            parts += [text, piece]
            text = ""
        elif piece in MONTH_AND_YEAR_CHARACTERS:
            text += dateformat.format(first, piece)
        else:
            return None
    return (*parts, text)


@register.simple_tag
def time_tag(value, precision=DatePrecision.DAY):
    """A date as a <time> element: machine-readable, and written only as precisely as the
    sources give it. Usage: {% time_tag event.date event.date_precision %}"""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), precise_date(value, precision)
    )


@receiver(setting_changed)
def forget_formatted_dates(**kwargs):
    """A test's other formats or languages are not read from dates written before them."""
    formatted_date.cache_clear()
    month_format.cache_clear()
