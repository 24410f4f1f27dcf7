import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language

from core.models import DatePrecision

register = template.Library()

FORMAT_BY_PRECISION = {
    DatePrecision.DAY: "DATE_FORMAT",
    DatePrecision.MONTH: "YEAR_MONTH_FORMAT",
    DatePrecision.YEAR: "Y",
}


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
    return date_format(value, FORMAT_BY_PRECISION.get(precision, "DATE_FORMAT"))


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
