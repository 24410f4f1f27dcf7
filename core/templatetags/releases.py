from django import template

from ..addresses import shareable_url
from ..releases import live_path, release_url, site_prefix

register = template.Library()


@register.simple_tag(takes_context=True)
def in_release(context, number: int, url: str) -> str:
    """The address `url` (of the live site) as release `number` shows it.
    Usage: {% url 'treaties:list' as list_url %}{% in_release release.number list_url %}"""
    request = context["request"]
    return release_url(number, url, prefix=site_prefix(request))


@register.simple_tag(takes_context=True)
def live_url(context) -> str:
    """This page of a release as the live site shows it now."""
    request = context["request"]
    prefix = site_prefix(request)
    return prefix + live_path(shareable_url(request), prefix)
