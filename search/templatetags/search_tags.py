from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.selectors import MATCH_START, MATCH_STOP

register = template.Library()


@register.filter
def snippet(text: str) -> str:
    """A search snippet, escaped, with its matches marked: {{ result.snippet|snippet }}."""
    escaped = escape(text).replace(MATCH_START, "<mark>").replace(MATCH_STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped above; only our own markers become tags
