from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()

API_VERSION = "v2"


@register.simple_tag
def api_url(view_name: str, slug: str = "", query: str = "", format: str = "") -> str:
    """The current API's address of `view_name` (one record when `slug` is given), with the
    query string `query` and, for an export, `format`.
    Usage: {% api_url "api:treaty-list" query="reference=false" format="csv" as csv_url %}"""
    kwargs = {"version": API_VERSION} | ({"slug": slug} if slug else {})
    parameters = "&".join(
        part for part in (query, urlencode({"format": format}) if format else "") if part
    )
    return reverse(view_name, kwargs=kwargs) + (f"?{parameters}" if parameters else "")
