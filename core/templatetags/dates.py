import datetime
import functools
import html

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import dateformat
from django.utils.formats import date_format, get_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.models import DatePrecision

register = template.Library()

FORMAT_BY_PRECISION = {
    DatePrecision.DAY: "DATE_FORMAT",
    DatePrecision.MONTH: "YEAR_MONTH_FORMAT",
    DatePrecision.YEAR: "Y",
}

# Format characters written from a date's numbers alone (its day, its year), and those written
# from its month alone. A format with any other (a weekday, a leap year, a time) is written
# whole, date by date.
NUMBERS = {
    "j": lambda day: str(day.day),
    "d": lambda day: f"{day.day:02}",
    "Y": lambda day: f"{day.year:04}",
    "y": lambda day: f"{day.year % 100:02}",
}
MONTH_CHARACTERS = frozenset("bEFmMnN")


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
    month = month_format(value.month, format_name, language)
    if month is None:
        return date_format(value, format_name)
    return "".join(NUMBERS[part](value) if index % 2 else part for index, part in enumerate(month))


@functools.lru_cache(maxsize=256)
def month_format(month: int, format_name: str, language: str) -> tuple[str, ...] | None:
    """The format `format_name` written for a month of any year in the active `language`, split
    at its numbers: the month's text at even places, a day's or year's format character at odd
    ones. A page of fifty treaties writes some 200 dates, and Django's formatting of each took
    40 us (bench/README.md); keyed on the month alone, a timeline page of new months finds each
    written already. None for a format that writes more of a date than its day, its month and
    its year."""
    first, parts, text = datetime.date(2000, month, 1), [], ""
    for index, piece in enumerate(dateformat.re_formatchars.split(get_format(format_name))):
        if index % 2 == 0:  # text between format characters, as Django reads it
            text += dateformat.re_escaped.sub(r"\1", piece)
        elif piece in NUMBERS:
            parts += [text, piece]
            text = ""
        elif piece in MONTH_CHARACTERS:
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
    # Written without format_html(): a timeline page writes some 150 of them, and its checks of
    # each argument for a lazy string took about a quarter of the dated list's time.
    text = html.escape(precise_date(value, precision))
    return mark_safe(f'<time datetime="{value.isoformat()}">{text}</time>')  # noqa: S308


@receiver(setting_changed)
def forget_formatted_dates(**kwargs):
    """A test's other formats or languages are not read from dates written before them."""
    formatted_date.cache_clear()
    month_format.cache_clear()
