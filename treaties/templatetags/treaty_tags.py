import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from treaties.models import ObligationLevel

register = template.Library()


@register.filter
def highlight(text: str, phrases) -> str:
    """Escape `text` and mark each occurrence of the given phrases.

    Usage: {{ text.text|highlight:clause.key_phrases }}
    """
    if not phrases:
        return escape(text)
    pattern = re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped


@register.filter
def texts_for(clause, language: str) -> list:
    """Usage: {% for text in clause|texts_for:LANGUAGE_CODE %} (Clause.texts_for)."""
    return clause.texts_for(language)


@register.filter
def quote_for(clause, language: str):
    """Usage: {% with text=clause|quote_for:LANGUAGE_CODE %} (Clause.quote_for)."""
    return clause.quote_for(language)


@register.inclusion_tag("_obligation_scale.html")
def obligation_scale(level: ObligationLevel | int | None):
    """A defence obligation drawn as filled steps beside its name (never by colour alone)."""
    level = None if level is None else ObligationLevel(level)
    top = max(ObligationLevel.values)
    return {
        "level": level,
        "top": top,
        "steps": [step <= level if level is not None else False for step in range(1, top + 1)],
    }


@register.simple_tag(takes_context=True)
def clause_excerpt(context, clause) -> str:
    """A clause as a comparison cell shows it, made once a column however many topic rows quote
    it (treaties.fragments.clause_excerpts, passed as `clause_excerpts`): {% clause_excerpt
    clause %}."""
    return context["clause_excerpts"][clause.pk]


@register.simple_tag
def comparison_title(comparison) -> str:
    """What a comparison is called in its title and link previews: the treaties it compares."""
    return comparison.title


@register.simple_tag
def comparison_description(comparison) -> str:
    """A comparison in a sentence, for search results and link previews: each treaty's
    strongest defence obligation."""
    levels = _("; ").join(
        _("%(treaty)s: %(level)s")
        % {
            "treaty": treaty.short_title,
            "level": level.label if level is not None else _("no defence clause compared"),
        }
        for treaty, level in comparison.strongest_obligations()
    )
    return _(
        "Side by side, topic by topic, each article with its wording and source. The defence "
        "guarantee: %(levels)s."
    ) % {"levels": levels}
