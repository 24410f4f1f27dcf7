from django import template
from django.utils.html import escape

from core.citations import citation

register = template.Library()


@register.inclusion_tag("_cite.html", takes_context=True)
def cite_box(context, key: str, title: str, path: str = ""):
    """The Cite box of this page: its reference in every format, with its address (`path`, else
    the page's canonical one), the record's version and today's date.
    Usage: {% cite_box treaty.slug treaty.short_title %}"""
    request = context["request"]
    url = request.build_absolute_uri(path) if path else context["canonical_url"]
    return {"citation": citation(request, key=key, title=title, url=url)}


@register.simple_tag(takes_context=True)
def iframe_code(context, path: str, title: str) -> str:
    """The markup another site pastes to frame `path`, as text to show (the page escapes it
    once more): its attributes escaped, whatever the title holds."""
    url = context["request"].build_absolute_uri(path)
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" height="600" '
        'loading="lazy"></iframe>'
    )
