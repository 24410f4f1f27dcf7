from django import template

from core.models import previews_drafts
from reactions import selectors

register = template.Library()


@register.inclusion_tag("reactions/_treaty_reactions.html", takes_context=True)
def treaty_reactions(context, treaty):
    """The reactions to `treaty` that the reader may see, for the treaty's page: the treaties app
    knows nothing of reactions, so its page asks this app for them. 2 queries.
    Usage: {% treaty_reactions treaty %}"""
    drafts = previews_drafts(context["request"].user)
    return {"reactions": selectors.treaty_reactions(treaty=treaty, drafts=drafts)}
