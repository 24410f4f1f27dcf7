from urllib.parse import urlencode

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ChoiceIfGivenFilter, DateIfGivenFilter, SlugModelChoiceFilter
from treaties.filters import NO_TREATY, citing, request_previews_drafts, visible_treaties
from treaties.models import Party

from .models import Reaction


def parties_that_reacted(request):
    """The parties with a reaction the reader may see: a party whose only reactions are drafts
    is no choice for the public."""
    reactions = Reaction.objects.visible(drafts=request_previews_drafts(request))
    return Party.objects.filter(pk__in=reactions.values("party"))


class ReactionFilter(django_filters.FilterSet):
    party = SlugModelChoiceFilter(
        queryset=parties_that_reacted,
        label=_("Who reacted"),
        empty_label=_("Any party"),
        error_messages={"invalid_choice": _("There is no party %(value)s with reactions.")},
    )
    stance = django_filters.ChoiceFilter(
        choices=Reaction.Stance.choices,
        label=_("Stance"),
        empty_label=_("Any stance"),
        error_messages={"invalid_choice": _("%(value)s is not a stance.")},
    )
    treaty = SlugModelChoiceFilter(
        queryset=visible_treaties,
        label=_("Treaty"),
        empty_label=_("Any treaty"),
        error_messages=NO_TREATY,
    )

    class Meta:
        model = Reaction
        fields = ["party", "stance", "treaty"]

    def query_string(self) -> str:
        """The chosen filters as the API's reactions/ takes them (once valid)."""
        chosen = {name: self.form.cleaned_data.get(name) for name in ("party", "treaty")}
        query = {name: record.slug for name, record in chosen.items() if record}
        if self.form.cleaned_data.get("stance"):
            query["stance"] = self.form.cleaned_data["stance"]
        return urlencode(query)


class ReactionApiFilter(ReactionFilter):
    """The page's filters, plus a date range; an empty stance is refused rather than "any"."""

    stance = ChoiceIfGivenFilter(choices=Reaction.Stance.choices)

    date_after = DateIfGivenFilter(field_name="date", lookup_expr="gte")
    date_before = DateIfGivenFilter(field_name="date", lookup_expr="lte")
    source = citing()

    class Meta(ReactionFilter.Meta):
        fields = [*ReactionFilter.Meta.fields, "date_after", "date_before", "source"]
