from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.templatetags.dates import precise_date
from search.selectors import MATCH_START, MATCH_STOP

register = template.Library()


def snippet(text: str) -> str:
    """A search snippet, escaped, with its matches marked."""
    escaped = escape(text).replace(MATCH_START, "<mark>").replace(MATCH_STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped above; only our own markers become tags


@register.simple_tag
def hit_list(hits, kind: str, language: str) -> str:
    """The list of a kind's hits, each linked to where it is, with its snippet in `language`.
    Written here rather than by the template engine: a search page shows up to 26 hits, and
    the engine's lookups of their attributes took about half of the page's rendering."""
    comma, colon = escape(_(", ")), escape(_(": "))
    if kind == "topics":
        compared = escape(reverse("treaties:compare"))
        compared_meta = escape(_("the treaties compared on this topic"))
    elif kind == "parties":
        reactions = escape(reverse("reactions:list"))
        reactions_meta = escape(_("its reactions"))
    items = []
    for hit in hits:
        if kind == "topics":
            link = (
                f'<a href="{compared}?topics={escape(hit.slug)}">{escape(hit.name)}</a> '
                f'<span class="meta">{compared_meta}</span>'
            )
        elif kind == "parties":
            link = (
                f'<a href="{reactions}?party={escape(hit.slug)}">{escape(hit.short_name)}</a> '
                f'<span class="meta">{reactions_meta}</span>'
            )
        elif kind == "treaties":
            link = f'<a href="{escape(hit.get_absolute_url())}">{escape(hit.short_title)}</a>'
        elif kind == "clauses":
            link = (
                f'<a href="{escape(hit.treaty.get_absolute_url())}#clause-{hit.order}">'
                f"{escape(hit.treaty.short_title)}{comma}{escape(hit.label)}"
                f"{colon}{escape(hit.heading)}</a>"
            )
        else:
            speaker = f"{colon}{escape(hit.speaker)}" if hit.speaker else ""
            link = (
                f'<a href="{escape(hit.treaty.get_absolute_url())}#reaction-{escape(hit.slug)}">'
                f"{escape(hit.party.short_name)}{speaker}</a> "
                f'<span class="meta">{escape(precise_date(hit.date, hit.date_precision))}</span>'
            )
        items.append(
            f'\n  <li>{link}<p class="snippet" lang="{escape(language)}" dir="auto">'
            f"{snippet(hit.snippet)}</p></li>\n"
        )
    return mark_safe(f'<ul class="hits">{"".join(items)}</ul>')  # noqa: S308 - escaped above
