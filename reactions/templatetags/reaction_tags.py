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


@register.inclusion_tag("reactions/_party_reactions.html", takes_context=True)
def party_reactions(context, party):
    """The reactions of `party` that the reader may see, for its page. 2 queries.
    Usage: {% party_reactions party %}"""
    drafts = previews_drafts(context["request"].user)
    return {"reactions": selectors.party_reactions(party=party, drafts=drafts)}


@register.simple_tag(takes_context=True)
def reactions_citing(context, sources):
    """The reactions citing each source, by source key, for the sources page. 1 query.
    Usage: {% reactions_citing sources as citing %}, then {% citing_reactions citing source %}"""
    drafts = previews_drafts(context["request"].user)
    return selectors.reactions_citing(sources, drafts=drafts)


@register.inclusion_tag("reactions/_citing_reactions.html")
def citing_reactions(citing, source):
    """The reactions citing one source, from reactions_citing's answer."""
    return {"reactions": citing.get(source.pk, [])}
