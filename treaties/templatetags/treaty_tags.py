from django import template
from django.utils.formats import date_format

from treaties.models import DatePrecision

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
    return date_format(value, FORMAT_BY_PRECISION.get(precision, "DATE_FORMAT"))
