from django import template

from core.citations import citation

register = template.Library()


@register.inclusion_tag("_cite.html", takes_context=True)
def cite_box(context, key: str, title: str):
    """The Cite box of this page: its reference in every format, with its address (the page's
    canonical one), the record's version and today's date.
    Usage: {% cite_box treaty.slug treaty.short_title %}"""
    request = context["request"]
    return {"citation": citation(request, key=key, title=title, url=context["canonical_url"])}
